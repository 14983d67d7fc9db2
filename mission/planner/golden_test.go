package planner

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/planfile"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// scene is the Bay of Algeciras test input, by role.
type scene struct {
	coast                 orb.LineString
	land, area, port, bay orb.Polygon
	exclusions            []orb.Polygon
	datum                 orb.Point
}

func loadScene(t testing.TB) scene {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "algeciras.geojson"))
	require.NoError(t, err)
	fc, err := geojson.UnmarshalFeatureCollection(b)
	require.NoError(t, err)
	var s scene
	for _, f := range fc.Features {
		switch f.Properties.MustString("role") {
		case "coast":
			s.coast = f.Geometry.(orb.LineString)
		case "land":
			s.land = f.Geometry.(orb.Polygon)
		case "area":
			s.area = f.Geometry.(orb.Polygon)
		case "port":
			s.port = f.Geometry.(orb.Polygon)
		case "bay":
			s.bay = f.Geometry.(orb.Polygon)
		case "exclusion":
			s.exclusions = append(s.exclusions, f.Geometry.(orb.Polygon))
		case "datum":
			s.datum = f.Geometry.(orb.Point)
		}
	}
	return s
}

var golfCamera = Camera{SensorWidthMM: 13.2, SensorHeightMM: 8.8, ImageWidthPx: 5472, ImageHeightPx: 3648, FocalMM: 8.8}

func TestGolden(t *testing.T) {
	s := loadScene(t)
	common := Common{Exclusions: s.exclusions, Area: s.area, MaxAltitude: 120}
	cases := []struct {
		name string
		run  func() ([]*mission.Plan, mission.Issues, error)
	}{
		{"coast_there_and_back", one(func() (*mission.Plan, mission.Issues, error) {
			return CoastlinePatrol(s.coast, CoastOptions{Common: common, Land: s.land, Offset: 300, Length: 8000})
		})},
		{"coast_loop", one(func() (*mission.Plan, mission.Issues, error) {
			return CoastlinePatrol(s.coast, CoastOptions{Common: common, Land: s.land, Offset: 250, Pattern: Loop, LoopGap: 400})
		})},
		{"port_perimeter", one(func() (*mission.Plan, mission.Issues, error) {
			return PortPerimeter(s.port, PerimeterOptions{Common: common, Offset: 250, Clockwise: true})
		})},
		{"bay_survey", one(func() (*mission.Plan, mission.Issues, error) {
			return Survey(s.bay, SurveyOptions{Common: withAlt(common, 100), Camera: golfCamera, Angle: 30})
		})},
		{"expanding_square", one(func() (*mission.Plan, mission.Issues, error) {
			return ExpandingSquare(s.datum, SquareOptions{Common: common, Spacing: 200, Legs: 10, Heading: 270})
		})},
		{"sector_search", one(func() (*mission.Plan, mission.Issues, error) {
			return SectorSearch(s.datum, SectorOptions{Common: common, Radius: 800, Sectors: 3})
		})},
		{"orbit", one(func() (*mission.Plan, mission.Issues, error) {
			return Orbit(s.datum, OrbitOptions{Common: withAltitude(common, 50), Radius: 150, Turns: 2})
		})},
		{"creeping_line", one(func() (*mission.Plan, mission.Issues, error) {
			return CreepingLineArea(s.bay, CreepingOptions{Common: common, Spacing: 150})
		})},
		{"fleet_coast", func() ([]*mission.Plan, mission.Issues, error) {
			return FleetSplitCoast(s.coast, CoastOptions{Common: common, Land: s.land, Offset: 300, Length: 6000}, FleetOptions{Drones: 2})
		}},
		{"fleet_survey", func() ([]*mission.Plan, mission.Issues, error) {
			return FleetSplitSurvey(s.bay, SurveyOptions{Common: withAlt(common, 80), Camera: golfCamera, Angle: 30}, FleetOptions{Drones: 3})
		}},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			plans, issues, err := ca.run()
			require.NoError(t, err)
			for _, is := range issues {
				t.Log(is)
			}
			var buf bytes.Buffer
			for _, p := range plans {
				requireSafe(t, p, common)
				_, err := planfile.WriteGeoJSONPlan(&buf, p)
				require.NoError(t, err)
			}
			path := filepath.Join("testdata", ca.name+".golden.geojson")
			if *update {
				require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test -update to create the golden file")
			requireSameLines(t, string(want), buf.String())
		})
	}
}

func one(f func() (*mission.Plan, mission.Issues, error)) func() ([]*mission.Plan, mission.Issues, error) {
	return func() ([]*mission.Plan, mission.Issues, error) {
		p, is, err := f()
		return []*mission.Plan{p}, is, err
	}
}

func withAlt(c Common, alt float64) Common {
	c.Altitude = alt
	return c
}

// requireSameLines compares golden text and reports the first differing
// line only (plans are long).
func requireSameLines(t *testing.T, want, got string) {
	t.Helper()
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) && i < len(g); i++ {
		if w[i] != g[i] {
			t.Fatalf("golden mismatch at line %d:\nwant %s\ngot  %s\n(run go test -update after checking the change)", i+1, w[i], g[i])
		}
	}
	require.Equal(t, len(w), len(g), "golden line count (run go test -update after checking the change)")
}

// withAltitude is c at another cruise height.
func withAltitude(c Common, m float64) Common {
	c.Altitude = m
	return c
}
