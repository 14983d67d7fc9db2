package scene

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
)

// knot is one knot in metres per second.
const knot = 1852.0 / 3600

// hullSize is a vessel type's real size: the default length, the lengths a
// scenario may give (its "length" property) and the beam as a fraction of
// the length.
type hullSize struct{ def, min, max, beam float64 }

// hullSizes are the vessel types a scenario may use.
var hullSizes = map[string]hullSize{
	"rib":     {def: 7, min: 5, max: 9, beam: 2.5 / 7},
	"fishing": {def: 18, min: 15, max: 25, beam: 0.3},
	"yacht":   {def: 12, min: 8, max: 30, beam: 4.0 / 12},
	"patrol":  {def: 20, min: 12, max: 40, beam: 5.5 / 20},
	"cargo":   {def: 150, min: 80, max: 400, beam: 25.0 / 150},
}

// spec is one scenario vessel feature, checked.
type spec struct {
	v         Vessel   // static fields (ID, Name, Type, Length, Beam, AIS, MMSI)
	speed     float64  // nominal speed, m/s
	behaviour string   // "loop", "once" or "loiter"
	radius    float64  // loiter radius, metres
	route     []lonLat // the route's points (loiter: the first is the centre)
}

type lonLat struct{ lon, lat float64 }

// rawFeature is the part of a GeoJSON feature the scene reads.
type rawFeature struct {
	Properties map[string]any `json:"properties"`
	Geometry   *struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

// scenarioData is what a scenario gives the scene: vessels, land and port
// outlines, and where the wind blows from (it sets the waves' way).
type scenarioData struct {
	vessels []spec
	land    [][][]lonLat // polygons (rings, the first outer), land first
	nLand   int          // polygons before nLand are land, the rest ports
	windDir float64      // degrees the wind blows from
}

// parseScenario reads a GeoJSON FeatureCollection. A bad vessel feature is
// an error (the simulator treats a bad scenario as an error); land and port
// rings that are not usable polygons are skipped, since other readers
// check those.
func parseScenario(data []byte) (*scenarioData, error) {
	var fc struct {
		Type     string       `json:"type"`
		Features []rawFeature `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, fmt.Errorf("scene: scenario: %w", err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, errors.New("scene: scenario: not a GeoJSON FeatureCollection")
	}
	sd := &scenarioData{windDir: 90}
	var ports [][][]lonLat
	ids := map[string]bool{}
	for i, f := range fc.Features {
		kind, _ := f.Properties["kind"].(string)
		switch kind {
		case "vessel":
			s, err := parseVessel(f)
			if err != nil {
				return nil, fmt.Errorf("scene: scenario feature %d: %w", i, err)
			}
			if ids[s.v.ID] {
				return nil, fmt.Errorf("scene: scenario feature %d: vessel id %q repeated", i, s.v.ID)
			}
			ids[s.v.ID] = true
			sd.vessels = append(sd.vessels, s)
		case "land":
			sd.land = append(sd.land, polygons(f)...)
		case "port":
			ports = append(ports, polygons(f)...)
		case "wind":
			if d, ok := f.Properties["direction"].(float64); ok && finite(d) {
				sd.windDir = normDeg(d)
			}
		}
	}
	sd.nLand = len(sd.land)
	sd.land = append(sd.land, ports...)
	return sd, nil
}

// polygons reads a Polygon or MultiPolygon feature's usable polygons.
func polygons(f rawFeature) [][][]lonLat {
	if f.Geometry == nil {
		return nil
	}
	var polys [][][][]float64
	switch f.Geometry.Type {
	case "Polygon":
		var p [][][]float64
		if json.Unmarshal(f.Geometry.Coordinates, &p) != nil {
			return nil
		}
		polys = append(polys, p)
	case "MultiPolygon":
		if json.Unmarshal(f.Geometry.Coordinates, &polys) != nil {
			return nil
		}
	}
	var out [][][]lonLat
	for _, p := range polys {
		var rings [][]lonLat
		for _, r := range p {
			if ring, err := points(r); err == nil && len(ring) >= 3 {
				rings = append(rings, ring)
			}
		}
		if len(rings) > 0 {
			out = append(out, rings)
		}
	}
	return out
}

// points checks GeoJSON positions ([lon, lat, ...]).
func points(raw [][]float64) ([]lonLat, error) {
	out := make([]lonLat, 0, len(raw))
	for _, p := range raw {
		if len(p) < 2 || !finite(p[0], p[1]) || math.Abs(p[0]) > 180 || math.Abs(p[1]) > 85 {
			return nil, fmt.Errorf("bad position %v", p)
		}
		out = append(out, lonLat{lon: p[0], lat: p[1]})
	}
	return out, nil
}
