package airspace

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"
)

func TestAlongWhereGivesEachLayerAndItsSpan(t *testing.T) {
	ix := bayIndex(t)
	// West to east across the port (x from -5.46 to -5.40): the port
	// spans -5.445..-5.420, a quarter to two thirds of the way.
	a, b := orb.Point{-5.46, 36.13}, orb.Point{-5.40, 36.13}
	var seen []Near
	got := ix.AlongWhere(a, b, 0, func(n Near) bool { seen = append(seen, n); return false })
	require.Empty(t, got, "nothing kept")
	require.Len(t, seen, 1)
	require.Equal(t, "ALGPORT", seen[0].Zone.ID)
	require.InDelta(t, 0.25, seen[0].From, 1e-3)
	require.InDelta(t, 2.0/3, seen[0].To, 1e-3)

	// Towards the airport circle (r 2 km round -5.347, 36.151), margin 300 m.
	a, b = orb.Point{-5.40, 36.151}, orb.Point{-5.30, 36.151}
	seen = nil
	got = ix.AlongWhere(a, b, 300, func(n Near) bool { seen = append(seen, n); return n.Zone.ID == "LXGB01" })
	require.Equal(t, []string{"LXGB01"}, zoneIDs(got))
	for _, n := range seen {
		if n.Zone.ID == "LXGB01" {
			// 2.3 km either side of the centre, on a leg of 8.98 km whose
			// centre is 53 % of the way.
			require.InDelta(t, 0.53-2300/8985.0, n.From, 0.01)
			require.InDelta(t, 0.53+2300/8985.0, n.To, 0.01)
		}
	}
}

func TestSpanDegenerate(t *testing.T) {
	ix := bayIndex(t)
	p := orb.Point{-5.43, 36.13}
	var seen []Near
	ix.AlongWhere(p, p, 0, func(n Near) bool { seen = append(seen, n); return true })
	require.Len(t, seen, 1)
	require.Equal(t, 0.0, seen[0].From)
	require.Equal(t, 1.0, seen[0].To)
}
