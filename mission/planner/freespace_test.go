package planner

import (
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/mission/local"
)

// TestSpaceEdges: the free space follows package local's rule, a boundary
// is never inside: a point on the walk boundary is not inside, a leg that
// touches the check boundary is not free.
func TestSpaceEdges(t *testing.T) {
	area := polyRings{{{X: 0, Y: 0}, {X: 1000, Y: 0}, {X: 1000, Y: 1000}, {X: 0, Y: 1000}}}
	excl := polyRings{{{X: 400, Y: 400}, {X: 600, Y: 400}, {X: 600, Y: 600}, {X: 400, Y: 600}}}
	sp, err := newSpace([]polyRings{area}, []polyRings{excl}, 20)
	require.NoError(t, err)
	walk := sp.walkR[0]
	v, w := walk[0], walk[1]
	mid := v.Lerp(w, 0.5)
	in := mid.Add(w.Sub(v).Perp().Unit().Scale(0.01))
	if !local.InPolygon(sp.walk[0], in) {
		in = mid.Sub(w.Sub(v).Perp().Unit().Scale(0.01))
	}
	cases := []struct {
		name string
		p    vec
		want bool
	}{
		{"a vertex of the walk boundary", v, false},
		{"the middle of an edge", mid, false},
		{"within a micrometre of it", mid.Add(vec{X: 3e-7, Y: 3e-7}), false},
		{"a centimetre inside", in, true},
		{"in the exclusion", vec{X: 500, Y: 500}, false},
		{"between area edge and exclusion", vec{X: 200, Y: 200}, true},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			require.Equal(t, ca.want, sp.inside(ca.p))
			require.Equal(t, ca.want, local.InPolygon(sp.walk[0], ca.p), "the index answers as the plain test")
		})
	}

	// Legs against the check region: the grown exclusion's boundary.
	c := sp.checkR[len(sp.checkR)-1] // the hole: the exclusion grown by the margin
	require.True(t, sp.free(vec{X: 100, Y: 100}, vec{X: 200, Y: 100}), "clear of every boundary")
	require.False(t, sp.free(vec{X: 100, Y: 100}, vec{X: 900, Y: 900}), "through the exclusion")
	require.False(t, sp.free(vec{X: 100, Y: 100}, c[0]), "ending on the boundary")
}
