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

func TestPlanarTests(t *testing.T) {
	sq := []XY{{0, 0}, {10, 0}, {10, 10}, {0, 10}}
	require.True(t, InRing(sq, XY{5, 5}))
	require.False(t, InRing(sq, XY{15, 5}))
	require.InDelta(t, 5, SegDist(XY{5, 5}, XY{0, 0}, XY{10, 0}), 1e-12)
	require.True(t, Cross(XY{0, 0}, XY{10, 10}, XY{0, 10}, XY{10, 0}))
	require.False(t, Cross(XY{0, 0}, XY{10, 0}, XY{10, 0}, XY{10, 10}), "touching is not crossing")
	require.True(t, Meet(XY{0, 0}, XY{10, 0}, XY{10, 0}, XY{10, 10}))
	require.Equal(t, 0.0, SegSegDist(XY{0, 0}, XY{10, 10}, XY{0, 10}, XY{10, 0}))
	require.InDelta(t, 3, SegSegDist(XY{0, 0}, XY{10, 0}, XY{0, 3}, XY{10, 3}), 1e-12)
}
