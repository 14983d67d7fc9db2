package sim

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
	"github.com/stretchr/testify/require"
)

// TestDefaultScenarioLand checks the "land" features that make-coastline.mjs
// writes for the console (the simulator ignores them): polygons with closed
// rings inside their "clip" rectangle, the bases on land and the bay at sea.
func TestDefaultScenarioLand(t *testing.T) {
	fc, err := geojson.UnmarshalFeatureCollection(DefaultScenario())
	require.NoError(t, err)
	var land orb.MultiPolygon
	for _, f := range fc.Features {
		if f.Properties.MustString("kind", "") != "land" {
			continue
		}
		clip, ok := f.Properties["clip"].([]any)
		require.True(t, ok && len(clip) == 4, "land %v has a clip rectangle", f.Properties["country"])
		box := orb.Bound{Min: orb.Point{clip[0].(float64), clip[1].(float64)}, Max: orb.Point{clip[2].(float64), clip[3].(float64)}}
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			land = append(land, g)
		case orb.MultiPolygon:
			land = append(land, g...)
		default:
			t.Fatalf("land %v is a %s", f.Properties["country"], g.GeoJSONType())
		}
		for _, p := range land {
			for _, r := range p {
				require.GreaterOrEqual(t, len(r), 4)
				require.True(t, r.Closed(), "ring closed")
				require.True(t, box.Contains(r.Bound().Min) && box.Contains(r.Bound().Max), "ring inside its clip")
			}
		}
	}
	require.NotEmpty(t, land)
	sc, err := ParseScenario(DefaultScenario())
	require.NoError(t, err)
	for _, b := range sc.Bases {
		require.True(t, planar.MultiPolygonContains(land, orb.Point{b.Lon, b.Lat}), "base %s on land", b.Name)
	}
	for _, sea := range []orb.Point{{-5.40, 36.10}, {-5.45, 36.0}} {
		require.False(t, planar.MultiPolygonContains(land, sea), "%v at sea", sea)
	}
	require.True(t, planar.MultiPolygonContains(land, orb.Point{-5.345, 36.135}), "the Rock of Gibraltar on land")
}
