package local

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"
)

func TestProjectionRoundTripAndScale(t *testing.T) {
	p := New(orb.Point{-5.43, 36.13})
	q := orb.Point{-5.42, 36.14}
	v := p.XY(q)
	require.InDelta(t, 1111.95, v.Y, 0.1, "0.01° of latitude")
	require.InDelta(t, 898.9, v.X, 1, "0.01° of longitude at 36.13°N")
	back := p.Point(v)
	require.InDelta(t, q[0], back[0], 1e-12)
	require.InDelta(t, q[1], back[1], 1e-12)
}

func TestProjectionShapes(t *testing.T) {
	p := New(orb.Point{0, 0})
	shell := orb.Ring{{0, 0}, {0.001, 0}, {0.001, 0.001}, {0, 0.001}, {0, 0}}
	hole := orb.Ring{{0.0004, 0.0004}, {0.0006, 0.0004}, {0.0006, 0.0006}, {0.0004, 0.0004}}
	require.Len(t, p.Ring(shell), 4, "the closing vertex is dropped")
	require.Len(t, p.Ring(shell[:4]), 4, "an open ring stays as it is")
	pg := p.Polygon(orb.Polygon{shell, hole})
	require.Len(t, pg, 2)
	require.Len(t, pg[1], 3)
	l := p.Line(orb.LineString{{0, 0}, {0, 0.001}, {0, 0}})
	require.Len(t, l, 3, "a line keeps every point")
	require.InDelta(t, MetresPerDegree/1000, l[1].Y, 1e-9)
}

// TestProjectionInRing: the on-the-fly test answers as InRing on the
// projected ring, boundary included.
func TestProjectionInRing(t *testing.T) {
	p := New(orb.Point{-5.43, 36.13})
	r := orb.Ring{{-5.44, 36.12}, {-5.42, 36.12}, {-5.42, 36.14}, {-5.44, 36.14}, {-5.44, 36.12}}
	pr := p.Ring(r)
	for _, q := range []XY{{}, pr[0], pr[0].Lerp(pr[1], 0.5), {1e4, 0}, pr[2].Add(XY{1e-3, -1e-3})} {
		require.Equal(t, InRing(pr, q), p.InRing(r, q), "%v", q)
	}
	require.False(t, p.InRing(r, pr[1]), "a vertex is not inside")
}
