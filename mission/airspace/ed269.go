package airspace

import (
	"fmt"
	"io"

	"skerry/mission"
)

// ed269Zone is one ED-269 UASZoneVersion.
type ed269Zone struct {
	commonSpec
	Type     text                `json:"type"`
	Geometry list[ed269Geometry] `json:"geometry"`
}

// ed269Geometry is one ED-269 AirspaceVolume.
type ed269Geometry struct {
	UomDimensions          text          `json:"uomDimensions"`
	Uom                    text          `json:"uom"`
	LowerLimit             raw           `json:"lowerLimit"`
	LowerVerticalReference text          `json:"lowerVerticalReference"`
	UpperLimit             raw           `json:"upperLimit"`
	UpperVerticalReference text          `json:"upperVerticalReference"`
	HorizontalProjection   *geometrySpec `json:"horizontalProjection"`
}

// ReadED269 reads EUROCAE ED-269 zones (JSON). It accepts the standard
// wrapper {features: [...]} and what authorities publish instead: a bare
// array, a GeoJSON-like FeatureCollection of ED-269 zones, {"zones": ...},
// {"UASZoneList": ...}, one level of nesting ({"data": {...}}) or a single
// zone; numbers as strings, null limits (lower: the surface; upper:
// unlimited), AUTHORISATION or AUTHORIZATION, M/m/FT/ft units, lower-case
// codes, a UTF-8 BOM. Each zone or volume it cannot use is reported and
// dropped; a file with no usable zone is an error.
func ReadED269(r io.Reader) ([]Zone, mission.Issues, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, nil, err
	}
	items, _, err := zoneList(data)
	if err != nil {
		return nil, nil, fmt.Errorf("airspace: ED-269: %w", err)
	}
	var rep report
	var zones []Zone
	for i, b := range checkCount(&rep, items) {
		var spec ed269Zone
		if !decodeZone(&rep, i, b, &spec) {
			continue
		}
		if z, ok := spec.zone(&rep, i); ok {
			zones = append(zones, z)
		}
	}
	return rep.finish("ED-269", zones)
}

// zone converts one ED-269 zone.
func (s ed269Zone) zone(rep *report, i int) (Zone, bool) {
	z, ok := s.commonSpec.zone(rep, i, s.Restriction, "ED-269")
	if !ok {
		return z, false
	}
	for j, g := range s.Geometry {
		field := "geometry[" + itoa(j) + "]"
		if g.HorizontalProjection == nil {
			rep.errorf(i, field, "volume has no horizontalProjection: dropped")
			continue
		}
		uom := string(g.UomDimensions)
		if uom == "" {
			uom = string(g.Uom)
		}
		lower := limitSpec{value: g.LowerLimit, uom: uom, ref: string(g.LowerVerticalReference)}
		upper := limitSpec{value: g.UpperLimit, uom: uom, ref: string(g.UpperVerticalReference), upper: true}
		for _, sh := range g.HorizontalProjection.shapes(rep, i, field+".horizontalProjection", 0) {
			if v, ok := volume(rep, i, field, sh, lower, upper); ok {
				z.Volumes = append(z.Volumes, v)
			}
		}
	}
	if len(z.Volumes) == 0 {
		rep.errorf(i, "geometry", "zone %s has no usable volume: dropped", z.ID)
		return z, false
	}
	return z, true
}
