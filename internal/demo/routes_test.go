package demo

import (
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/sim"
)

func TestRoutesOfTheDefaultScenario(t *testing.T) {
	routes, err := Routes(sim.DefaultScenario())
	require.NoError(t, err)
	require.NotEmpty(t, routes)
	for _, r := range routes {
		require.GreaterOrEqual(t, len(r), 3)
		for _, p := range r {
			// The Bay of Algeciras.
			require.InDelta(t, -5.4, p[0], 0.25)
			require.InDelta(t, 36.1, p[1], 0.2)
		}
	}
	_, err = Routes([]byte(`{"type":"Feature"`))
	require.Error(t, err)
}

func TestDistance(t *testing.T) {
	// One minute of latitude is a nautical mile.
	require.InDelta(t, 1852, distance(36, -5.4, 36+1.0/60, -5.4), 3)
}
