package scene

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"
)

// parseVessel checks one "kind": "vessel" feature (schema in
// sim/scenario/README.md).
func parseVessel(f rawFeature) (spec, error) {
	p := f.Properties
	var s spec
	s.v.ID, _ = p["id"].(string)
	if s.v.ID == "" {
		return s, errors.New("vessel without an \"id\"")
	}
	s.v.Name, _ = p["name"].(string)
	s.v.Type, _ = p["type"].(string)
	size, ok := hullSizes[s.v.Type]
	if !ok {
		return s, fmt.Errorf("vessel %q: unknown type %q (rib, fishing, yacht, patrol or cargo)", s.v.ID, s.v.Type)
	}
	s.v.Length = size.def
	if l, ok := p["length"]; ok {
		lf, isNum := l.(float64)
		if !isNum || !(lf >= size.min && lf <= size.max) {
			return s, fmt.Errorf("vessel %q: length %v outside %g–%g m for a %s", s.v.ID, l, size.min, size.max, s.v.Type)
		}
		s.v.Length = lf
	}
	s.v.Beam = s.v.Length * size.beam
	kn, isNum := p["speed"].(float64)
	if !isNum || !(kn >= 0 && kn <= 60) {
		return s, fmt.Errorf("vessel %q: speed %v is not 0–60 knots", s.v.ID, p["speed"])
	}
	s.speed = kn * knot
	if err := s.readAIS(p); err != nil {
		return s, err
	}
	s.behaviour = "loop"
	if b, ok := p["behaviour"]; ok {
		s.behaviour, _ = b.(string)
	}
	if err := s.readRoute(f); err != nil {
		return s, err
	}
	return s, nil
}

// readAIS reads "ais" (bool, default false), "mmsi" (9 digits, needed
// with AIS), "ais_class" ("A", the default, or "B"; only with AIS) and
// "ais_off_after".
func (s *spec) readAIS(p map[string]any) error {
	if a, ok := p["ais"]; ok {
		b, isBool := a.(bool)
		if !isBool {
			return fmt.Errorf("vessel %q: ais %v is not true or false", s.v.ID, a)
		}
		s.v.AIS = b
	}
	if !s.v.AIS {
		for _, k := range []string{"ais_off_after", "ais_class"} {
			if _, ok := p[k]; ok {
				return fmt.Errorf("vessel %q: %s without \"ais\": true", s.v.ID, k)
			}
		}
		return nil
	}
	s.v.AISClass = "A"
	if c, ok := p["ais_class"]; ok {
		cs, _ := c.(string)
		if cs != "A" && cs != "B" {
			return fmt.Errorf("vessel %q: ais_class %v is not \"A\" or \"B\"", s.v.ID, c)
		}
		s.v.AISClass = cs
	}
	m, _ := p["mmsi"].(float64)
	if m != math.Trunc(m) || m < 100000000 || m > 999999999 {
		return fmt.Errorf("vessel %q: with AIS it needs a 9-digit \"mmsi\", not %v", s.v.ID, p["mmsi"])
	}
	s.v.MMSI = uint32(m)
	if off, ok := p["ais_off_after"]; ok {
		sec, isNum := off.(float64)
		if !isNum || !(sec > 0 && sec <= 1e7) {
			return fmt.Errorf("vessel %q: ais_off_after %v is not a number of seconds in (0, 1e7]", s.v.ID, off)
		}
		s.v.AISOffAfter = time.Duration(sec * float64(time.Second))
	}
	return nil
}

// readRoute reads the geometry: a LineString for "loop" and "once", a
// LineString or Point for "loiter" (it drifts around the first point within
// "radius" metres, default 100).
func (s *spec) readRoute(f rawFeature) error {
	if f.Geometry == nil {
		return fmt.Errorf("vessel %q: no geometry", s.v.ID)
	}
	var raw [][]float64
	switch {
	case f.Geometry.Type == "LineString":
		if err := json.Unmarshal(f.Geometry.Coordinates, &raw); err != nil {
			return fmt.Errorf("vessel %q: route: %w", s.v.ID, err)
		}
	case f.Geometry.Type == "Point" && s.behaviour == "loiter":
		var pt []float64
		if err := json.Unmarshal(f.Geometry.Coordinates, &pt); err != nil {
			return fmt.Errorf("vessel %q: point: %w", s.v.ID, err)
		}
		raw = [][]float64{pt}
	default:
		return fmt.Errorf("vessel %q: route is a %q, not a LineString", s.v.ID, f.Geometry.Type)
	}
	pts, err := points(raw)
	if err != nil {
		return fmt.Errorf("vessel %q: route: %w", s.v.ID, err)
	}
	s.route = pts
	switch s.behaviour {
	case "loop", "once":
		if len(pts) < 2 {
			return fmt.Errorf("vessel %q: a route needs at least 2 points", s.v.ID)
		}
	case "loiter":
		if len(pts) < 1 {
			return fmt.Errorf("vessel %q: loiter needs a point", s.v.ID)
		}
		s.radius = 100
		if r, ok := f.Properties["radius"]; ok {
			rf, isNum := r.(float64)
			if !isNum || !(rf >= 0 && rf <= 5000) {
				return fmt.Errorf("vessel %q: radius %v is not 0–5000 m", s.v.ID, r)
			}
			s.radius = rf
		}
	default:
		return fmt.Errorf("vessel %q: unknown behaviour %q (loop, once or loiter)", s.v.ID, s.behaviour)
	}
	return nil
}
