package sim

import (
	_ "embed"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

//go:embed scenario/algeciras.geojson
var defaultScenario []byte

// DefaultScenario returns the embedded default scenario (Port of Algeciras,
// GeoJSON, schema in sim/scenario/README.md) so the station can read the
// same file. The returned slice is a copy.
func DefaultScenario() []byte { return append([]byte(nil), defaultScenario...) }

// Scenario is what the simulator uses from a scenario file.
type Scenario struct {
	Bases     []Base         // vehicle start points ("kind": "base")
	Ports     []Port         // port areas ("kind": "port")
	Coastline orb.Collection // coastline lines ("kind": "coastline")
	Wind      Wind           // from the "kind": "wind" feature (calm if none)
}

// Base is a vehicle start point.
type Base struct {
	Name     string
	Lat, Lon float64
	Ground   float64 // ground (quay) height AMSL in metres
}

// Port is a named port area.
type Port struct {
	Name string
	Area orb.Geometry // Polygon or MultiPolygon
}

// ParseScenario reads a scenario GeoJSON FeatureCollection. It needs at least
// one base; unknown kinds are ignored so the station can add its own.
func ParseScenario(data []byte) (*Scenario, error) {
	fc, err := geojson.UnmarshalFeatureCollection(data)
	if err != nil {
		return nil, fmt.Errorf("sim: scenario: %w", err)
	}
	sc := &Scenario{}
	for _, f := range fc.Features {
		if f == nil || f.Geometry == nil {
			continue
		}
		if err := sc.addFeature(f); err != nil {
			return nil, err
		}
	}
	if len(sc.Bases) == 0 {
		return nil, errors.New("sim: scenario: no \"kind\":\"base\" Point feature")
	}
	return sc, nil
}

// addFeature files one feature by its "kind" property.
func (sc *Scenario) addFeature(f *geojson.Feature) error {
	switch f.Properties.MustString("kind", "") {
	case "base":
		return sc.addBase(f)
	case "port":
		switch f.Geometry.(type) {
		case orb.Polygon, orb.MultiPolygon:
			sc.Ports = append(sc.Ports, Port{Name: f.Properties.MustString("name", ""), Area: f.Geometry})
		}
	case "coastline":
		switch f.Geometry.(type) {
		case orb.LineString, orb.MultiLineString:
			sc.Coastline = append(sc.Coastline, f.Geometry)
		}
	case "wind":
		return sc.setWind(f.Properties)
	}
	return nil
}

// addBase reads a base Point.
func (sc *Scenario) addBase(f *geojson.Feature) error {
	p, ok := f.Geometry.(orb.Point)
	if !ok {
		return fmt.Errorf("sim: scenario: base %q is not a Point", f.Properties.MustString("name", ""))
	}
	b := Base{Name: f.Properties.MustString("name", ""), Lon: p[0], Lat: p[1], Ground: f.Properties.MustFloat64("ground", 0)}
	if !finite(b.Lat, b.Lon, b.Ground) || math.Abs(b.Lat) > 85 || math.Abs(b.Lon) > 180 || math.Abs(b.Ground) > 9000 {
		return fmt.Errorf("sim: scenario: base %q out of range", b.Name)
	}
	sc.Bases = append(sc.Bases, b)
	return nil
}

// setWind reads speed (m/s), direction (deg, from) and gust (m/s).
func (sc *Scenario) setWind(p geojson.Properties) error {
	w := Wind{Speed: p.MustFloat64("speed", 0), Direction: p.MustFloat64("direction", 0), Gust: p.MustFloat64("gust", 0)}
	if !finite(w.Speed, w.Direction, w.Gust) || w.Speed < 0 || w.Speed > 60 || w.Gust < 0 || w.Gust > 30 {
		return fmt.Errorf("sim: scenario: wind out of range")
	}
	sc.Wind = w
	return nil
}

// finite reports whether all values are finite numbers.
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
