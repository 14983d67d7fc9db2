package local

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestVectorOps(t *testing.T) {
	a, b := XY{3, 4}, XY{1, -2}
	require.Equal(t, XY{4, 2}, a.Add(b))
	require.Equal(t, XY{2, 6}, a.Sub(b))
	require.Equal(t, XY{6, 8}, a.Scale(2))
	require.Equal(t, -5.0, a.Dot(b))
	require.Equal(t, -10.0, a.Cross(b), "b turns right from a")
	require.Equal(t, 10.0, b.Cross(a))
	require.Equal(t, 5.0, a.Norm())
	require.Equal(t, XY{-4, 3}, a.Perp())
	require.Equal(t, XY{2, 1}, a.Lerp(b, 0.5))
	require.Equal(t, a, a.Lerp(b, 0))
	require.InDelta(t, 0.6, a.Unit().X, 1e-15)
	require.InDelta(t, 0.8, a.Unit().Y, 1e-15)
	require.Equal(t, XY{}, XY{}.Unit(), "the zero vector stays zero")
	require.InDelta(t, math.Sqrt(40), Dist(a, b), 1e-12)
}

func TestRingArea(t *testing.T) {
	cases := []struct {
		name string
		r    []XY
		want float64
	}{
		{"counter-clockwise square", []XY{{0, 0}, {10, 0}, {10, 10}, {0, 10}}, 100},
		{"clockwise square", []XY{{0, 0}, {0, 10}, {10, 10}, {10, 0}}, -100},
		{"closed ring", []XY{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, 100},
		{"triangle away from the origin", []XY{{100, 100}, {104, 100}, {100, 103}}, 6},
		{"degenerate", []XY{{0, 0}, {5, 5}, {10, 10}}, 0},
		{"empty", nil, 0},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			require.InDelta(t, ca.want, RingArea(ca.r), 1e-9)
		})
	}
}
