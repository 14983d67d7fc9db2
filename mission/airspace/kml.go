package airspace

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"skerry/mission"
)

// kmlPlacemark is the part of a KML Placemark ReadKML uses.
type kmlPlacemark struct {
	ID          string       `xml:"id,attr"`
	Name        string       `xml:"name"`
	Description string       `xml:"description"`
	Polygons    []kmlPolygon `xml:"Polygon"`
	Multi       []kmlPolygon `xml:"MultiGeometry>Polygon"`
	Points      []struct{}   `xml:"Point"`
	Lines       []struct{}   `xml:"LineString"`
	Data        []struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value"`
	} `xml:"ExtendedData>Data"`
	SimpleData []struct {
		Name  string `xml:"name,attr"`
		Value string `xml:",chardata"`
	} `xml:"ExtendedData>SchemaData>SimpleData"`
}

// kmlPolygon is a KML Polygon.
type kmlPolygon struct {
	Outer string   `xml:"outerBoundaryIs>LinearRing>coordinates"`
	Inner []string `xml:"innerBoundaryIs>LinearRing>coordinates"`
}

// ReadKML reads zones from KML (any namespace): every Placemark with a
// Polygon (or polygons in a MultiGeometry), outer and inner boundaries as
// "lon,lat[,alt]" tuples. KML has no circles, so circles cannot come this
// way. The name is the Placemark name, the message its description;
// ExtendedData (Data or SchemaData) may give id/identifier, restriction,
// country, lower, upper, lowerRef, upperRef and uom, read as ReadGeoJSON
// reads properties, with the same reported defaults (no restriction →
// PROHIBITED). Placemarks without an area are reported and skipped.
func ReadKML(r io.Reader) ([]Zone, mission.Issues, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, nil, err
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	var rep report
	var zones []Zone
	i := 0
	for ; i < MaxZones; i++ {
		pm, err := nextPlacemark(dec)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, rep.list(), fmt.Errorf("airspace: KML: %w", err)
		}
		if z, ok := pm.zone(&rep, i); ok {
			zones = append(zones, z)
		}
	}
	if i == MaxZones {
		rep.errorf(i, "", "more than %d placemarks: the rest not read", MaxZones)
	}
	return rep.finish("KML", zones)
}

// nextPlacemark decodes the next Placemark element, or returns io.EOF.
func nextPlacemark(dec *xml.Decoder) (*kmlPlacemark, error) {
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Placemark" {
			var pm kmlPlacemark
			if err := dec.DecodeElement(&pm, &se); err != nil {
				return nil, err
			}
			return &pm, nil
		}
	}
}

// zone converts one Placemark through the GeoJSON properties path.
func (pm *kmlPlacemark) zone(rep *report, i int) (Zone, bool) {
	p := geojsonProps{Name: text(strings.TrimSpace(pm.Name)), Message: text(strings.TrimSpace(pm.Description)), ID: text(pm.ID)}
	set := func(k, v string) {
		v = strings.TrimSpace(v)
		switch strings.ToLower(k) {
		case "id", "identifier":
			p.Identifier = text(v)
		case "restriction":
			p.Restriction = text(v)
		case "country":
			p.Country = text(v)
		case "lower":
			p.Lower = raw(v)
		case "upper":
			p.Upper = raw(v)
		case "lowerref", "lowerreference":
			p.LowerRef = text(v)
		case "upperref", "upperreference":
			p.UpperRef = text(v)
		case "uom":
			p.UOM = text(v)
		case "message":
			p.Message = text(v)
		}
	}
	for _, d := range pm.Data {
		set(d.Name, d.Value)
	}
	for _, d := range pm.SimpleData {
		set(d.Name, d.Value)
	}
	polys := append(pm.Polygons, pm.Multi...)
	if len(polys) == 0 {
		rep.warnf(i, "geometry", "placemark %q has no polygon (points and lines are not areas): skipped", pm.Name)
		return Zone{}, false
	}
	g := geometrySpec{Type: "GeometryCollection"}
	for _, poly := range polys {
		rings := [][]position{kmlCoords(poly.Outer)}
		for _, h := range poly.Inner {
			rings = append(rings, kmlCoords(h))
		}
		b, _ := json.Marshal(rings)
		g.Geometries = append(g.Geometries, geometrySpec{Type: "Polygon", Coordinates: b})
	}
	return p.zone(rep, i, "", &g, "KML")
}

// kmlCoords splits "lon,lat[,alt] lon,lat ..." into positions. Malformed
// tuples are kept so that ring() reports them.
func kmlCoords(s string) []position {
	var out []position
	for _, tuple := range strings.Fields(s) {
		var p position
		for _, f := range strings.Split(tuple, ",") {
			p = append(p, raw(f))
		}
		out = append(out, p)
	}
	return out
}
