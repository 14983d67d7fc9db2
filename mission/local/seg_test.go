package local

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

var segCases = []struct {
	name       string
	a, b, c, d XY
	crosses    bool
	meet       bool
	intersect  bool    // SegIntersect's ok
	t, u       float64 // its parameters, when ok
	dist       float64 // SegSegDist
}{
	{"crossing", XY{0, 0}, XY{10, 10}, XY{0, 10}, XY{10, 0}, true, true, true, 0.5, 0.5, 0},
	{"T: an end on the other", XY{0, 0}, XY{10, 0}, XY{5, 0}, XY{5, 5}, false, true, true, 0.5, 0, 0},
	{"sharing an end", XY{0, 0}, XY{10, 0}, XY{10, 0}, XY{10, 10}, false, true, true, 1, 0, 0},
	{"collinear overlap", XY{0, 0}, XY{10, 0}, XY{5, 0}, XY{15, 0}, false, true, false, 0, 0, 0},
	{"collinear apart", XY{0, 0}, XY{10, 0}, XY{12, 0}, XY{15, 0}, false, false, false, 0, 0, 2},
	{"parallel", XY{0, 0}, XY{10, 0}, XY{0, 3}, XY{10, 3}, false, false, false, 0, 0, 3},
	{"within a micrometre", XY{0, 0}, XY{10, 0}, XY{5, 5e-7}, XY{5, 5}, false, true, false, 0, 0, 5e-7},
	{"lines cross beyond the ends", XY{0, 0}, XY{10, 0}, XY{12, -1}, XY{12, 1}, false, false, false, 0, 0, 2},
	{"a point on a segment", XY{5, 0}, XY{5, 0}, XY{0, 0}, XY{10, 0}, false, true, false, 0, 0, 0},
}

func TestSegments(t *testing.T) {
	for _, ca := range segCases {
		t.Run(ca.name, func(t *testing.T) {
			require.Equal(t, ca.crosses, Crosses(ca.a, ca.b, ca.c, ca.d), "Crosses")
			require.Equal(t, ca.meet, Meet(ca.a, ca.b, ca.c, ca.d), "Meet")
			tt, u, ok := SegIntersect(ca.a, ca.b, ca.c, ca.d)
			require.Equal(t, ca.intersect, ok, "SegIntersect")
			if ok {
				require.InDelta(t, ca.t, tt, 1e-12)
				require.InDelta(t, ca.u, u, 1e-12)
			}
			require.InDelta(t, ca.dist, SegSegDist(ca.a, ca.b, ca.c, ca.d), 1e-12)
			requireSegProperties(t, ca.a, ca.b, ca.c, ca.d)
		})
	}
}

func TestSegNearest(t *testing.T) {
	cases := []struct {
		q, a, b XY
		t, d    float64
	}{
		{XY{5, 5}, XY{0, 0}, XY{10, 0}, 0.5, 5},
		{XY{-3, 4}, XY{0, 0}, XY{10, 0}, 0, 5},
		{XY{13, -4}, XY{0, 0}, XY{10, 0}, 1, 5},
		{XY{3, 4}, XY{0, 0}, XY{0, 0}, 0, 5},
	}
	for _, ca := range cases {
		tt, d := SegNearest(ca.q, ca.a, ca.b)
		require.InDelta(t, ca.t, tt, 1e-12, "%v", ca)
		require.InDelta(t, ca.d, d, 1e-12, "%v", ca)
		require.Equal(t, d, SegDist(ca.q, ca.a, ca.b))
	}
}

// FuzzSegments checks the segment functions against each other, seeded by
// the table.
func FuzzSegments(f *testing.F) {
	for _, ca := range segCases {
		f.Add(ca.a.X, ca.a.Y, ca.b.X, ca.b.Y, ca.c.X, ca.c.Y, ca.d.X, ca.d.Y)
	}
	f.Fuzz(func(t *testing.T, ax, ay, bx, by, cx, cy, dx, dy float64) {
		v := []float64{ax, ay, bx, by, cx, cy, dx, dy}
		for i, x := range v {
			if math.IsNaN(x) || math.Abs(x) > 1e4 {
				t.Skip("outside the plane's ±10 km")
			}
			v[i] = math.Round(x*1e3) / 1e3
		}
		requireSegProperties(t, XY{v[0], v[1]}, XY{v[2], v[3]}, XY{v[4], v[5]}, XY{v[6], v[7]})
	})
}

// requireSegProperties: the answers are symmetric and agree with each
// other.
func requireSegProperties(t *testing.T, a, b, c, d XY) {
	t.Helper()
	require.InDelta(t, SegDist(a, c, d), SegDist(a, d, c), 1e-9)
	dist := SegSegDist(a, b, c, d)
	require.InDelta(t, dist, SegSegDist(c, d, a, b), 1e-9, "symmetric")
	require.InDelta(t, dist, SegSegDist(b, a, d, c), 1e-9, "either direction")
	require.LessOrEqual(t, dist, SegDist(a, c, d)+1e-9)
	meet := Meet(a, b, c, d)
	require.Equal(t, meet, Meet(c, d, a, b), "Meet is symmetric")
	require.Equal(t, meet, dist < Eps, "Meet is SegSegDist < Eps")
	if Crosses(a, b, c, d) {
		require.True(t, Crosses(c, d, b, a), "Crosses is symmetric")
		require.Zero(t, dist)
	}
	tt, u, ok := SegIntersect(a, b, c, d)
	r, s := b.Sub(a), d.Sub(c)
	if ok && math.Abs(r.Cross(s)) > 1e-6*r.Norm()*s.Norm() { // parameters are ill-conditioned when nearly parallel
		require.True(t, meet, "SegIntersect's point is on both")
		require.InDelta(t, 0, Dist(a.Lerp(b, tt), c.Lerp(d, u)), 1e-6)
	}
	if Crosses(a, b, c, d) {
		require.True(t, ok, "a crossing has an intersection")
	}
}
