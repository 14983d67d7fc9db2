package sim

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDefaultScenario(t *testing.T) {
	sc, err := ParseScenario(DefaultScenario())
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(sc.Bases), 3)
	require.NotEmpty(t, sc.Ports)
	require.NotEmpty(t, sc.Coastline)
	require.Greater(t, sc.Wind.Speed, 0.0)
	for _, b := range sc.Bases {
		require.InDelta(t, 36.1, b.Lat, 0.15)
		require.InDelta(t, -5.4, b.Lon, 0.2)
	}
}

// scenarioCases seed FuzzScenario too.
var scenarioCases = []struct {
	name string
	in   string
	ok   bool
}{
	{"one base", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kind":"base","name":"a","ground":2},"geometry":{"type":"Point","coordinates":[-5.4,36.1]}}]}`, true},
	{"no base", `{"type":"FeatureCollection","features":[]}`, false},
	{"base not point", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kind":"base"},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}]}`, false},
	{"bad wind", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kind":"wind","speed":-3},"geometry":{"type":"Point","coordinates":[0,0]}},{"type":"Feature","properties":{"kind":"base"},"geometry":{"type":"Point","coordinates":[0,0]}}]}`, false},
	{"not json", `{`, false},
}

func TestParseScenario(t *testing.T) {
	for _, ca := range scenarioCases {
		t.Run(ca.name, func(t *testing.T) {
			_, err := ParseScenario([]byte(ca.in))
			require.Equal(t, ca.ok, err == nil, "%v", err)
		})
	}
}

func FuzzScenario(f *testing.F) {
	for _, ca := range scenarioCases {
		f.Add([]byte(ca.in))
	}
	f.Add(DefaultScenario())
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := ParseScenario(data)
		if err != nil {
			return
		}
		require.NotEmpty(t, sc.Bases)
		for _, b := range sc.Bases {
			require.True(t, finite(b.Lat, b.Lon, b.Ground))
		}
	})
}
