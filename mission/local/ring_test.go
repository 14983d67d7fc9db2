package local

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// square is 10 m a side; notch is a square with a V cut down from its top
// edge to (5, 5), so a ray can pass through a reflex vertex.
var (
	square = []XY{{0, 0}, {10, 0}, {10, 10}, {0, 10}}
	notch  = []XY{{0, 0}, {10, 0}, {10, 10}, {5, 5}, {0, 10}}
	hole   = []XY{{4, 4}, {6, 4}, {6, 6}, {4, 6}}
)

var ringCases = []struct {
	name string
	r    []XY
	q    XY
	want Location
}{
	{"centre", square, XY{5, 5}, Inside},
	{"outside", square, XY{15, 5}, Outside},
	{"on an edge", square, XY{5, 0}, OnEdge},
	{"on a vertical edge", square, XY{10, 5}, OnEdge},
	{"on a vertex", square, XY{10, 10}, OnEdge},
	{"on the closing edge", square, XY{0, 5}, OnEdge},
	{"within a micrometre inside", square, XY{5, 1e-7}, OnEdge},
	{"within a micrometre outside", square, XY{5, -9e-7}, OnEdge},
	{"within a micrometre of a vertex", square, XY{10 + 5e-7, 10 + 5e-7}, OnEdge},
	{"2 µm inside", square, XY{5, 2e-6}, Inside},
	{"2 µm outside", square, XY{5, -2e-6}, Outside},
	{"level with an edge, beyond it", square, XY{-5, 0}, Outside},
	{"level with a vertex, beyond it", square, XY{-5, 10}, Outside},
	{"ray through a reflex vertex", notch, XY{2, 5}, Inside},
	{"in the notch", notch, XY{5, 8}, Outside},
	{"on the reflex vertex", notch, XY{5, 5}, OnEdge},
	{"below the reflex vertex", notch, XY{5, 4}, Inside},
	{"degenerate ring", []XY{{0, 0}, {10, 0}}, XY{5, 1}, Outside},
	{"on a degenerate ring", []XY{{0, 0}, {10, 0}}, XY{5, 0}, OnEdge},
	{"empty ring", nil, XY{}, Outside},
}

func TestLocate(t *testing.T) {
	for _, ca := range ringCases {
		t.Run(ca.name, func(t *testing.T) {
			requireLocate(t, ca.r, ca.q, ca.want)
		})
	}
}

// requireLocate checks Locate and its two named sides, on the ring as
// given, reversed, started at every vertex and closed.
func requireLocate(t *testing.T, r []XY, q XY, want Location) {
	t.Helper()
	for _, v := range variants(r) {
		require.Equal(t, want, Locate(v, q), "ring %v, point %v", v, q)
	}
	require.Equal(t, want == Inside, InRing(r, q), "InRing: the boundary is not inside")
	require.Equal(t, want != Outside, InOrOnRing(r, q), "InOrOnRing: the boundary is in")
}

// variants returns r, reversed, rotated to every start and closed.
func variants(r []XY) [][]XY {
	out := [][]XY{r}
	rev := slices.Clone(r)
	slices.Reverse(rev)
	out = append(out, rev)
	for k := 1; k < len(r); k++ {
		out = append(out, append(slices.Clone(r[k:]), r[:k]...))
	}
	if len(r) > 0 {
		out = append(out, append(slices.Clone(r), r[0]))
	}
	return out
}

func TestLocatePolygon(t *testing.T) {
	withHole := [][]XY{square, hole}
	cases := []struct {
		name string
		p    [][]XY
		q    XY
		want Location
	}{
		{"between shell and hole", withHole, XY{2, 2}, Inside},
		{"in the hole", withHole, XY{5, 5}, Outside},
		{"on the hole's edge", withHole, XY{4, 5}, OnEdge},
		{"on a hole's vertex", withHole, XY{6, 6}, OnEdge},
		{"on the shell's edge", withHole, XY{0, 5}, OnEdge},
		{"outside the shell", withHole, XY{-1, 5}, Outside},
		{"no hole", [][]XY{square}, XY{5, 5}, Inside},
		{"no rings", nil, XY{5, 5}, Outside},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			require.Equal(t, ca.want, LocatePolygon(ca.p, ca.q))
			require.Equal(t, ca.want == Inside, InPolygon(ca.p, ca.q))
			require.Equal(t, ca.want != Outside, InOrOnPolygon(ca.p, ca.q))
		})
	}
}

func TestSegInPolygon(t *testing.T) {
	withHole := [][]XY{square, hole}
	cases := []struct {
		name string
		a, b XY
		want bool
	}{
		{"inside, clear of the hole", XY{1, 1}, XY{9, 1}, true},
		{"through the hole", XY{1, 5}, XY{9, 5}, false},
		{"touching the hole's corner", XY{3, 3}, XY{5, 1}, true},
		{"through the hole's corner", XY{2, 2}, XY{8, 8}, false},
		{"grazing the hole's edge", XY{4, 3}, XY{4, 7}, false},
		{"leaving the shell", XY{5, 1}, XY{15, 1}, false},
		{"out and back in through a notch", XY{2, 9}, XY{8, 9}, true},
		{"an end on the shell", XY{0, 1}, XY{5, 1}, false},
		{"a point", XY{1, 1}, XY{1, 1}, true},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			require.Equal(t, ca.want, SegInPolygon(withHole, ca.a, ca.b))
		})
	}
	require.False(t, SegInPolygon([][]XY{notch}, XY{2, 9}, XY{8, 9}), "crosses the notch")
	require.True(t, SegInPolygon([][]XY{notch}, XY{1, 1}, XY{9, 1}))
}

func TestLocateCircle(t *testing.T) {
	c := XY{100, 100}
	cases := []struct {
		q    XY
		want Location
	}{
		{XY{100, 100}, Inside},
		{XY{109, 100}, Inside},
		{XY{110, 100}, OnEdge},
		{XY{100, 90 + 5e-7}, OnEdge},
		{XY{110 + 2e-6, 100}, Outside},
		{XY{120, 120}, Outside},
	}
	for _, ca := range cases {
		require.Equal(t, ca.want, LocateCircle(c, 10, ca.q), "%v", ca.q)
		require.Equal(t, ca.want == Inside, InCircle(c, 10, ca.q))
		require.Equal(t, ca.want != Outside, InOrOnCircle(c, 10, ca.q))
	}
	require.Equal(t, "on edge", OnEdge.String())
}

// FuzzLocate checks the ring test on triangles and the test rings against
// a winding-angle reference, seeded by the table.
func FuzzLocate(f *testing.F) {
	for _, ca := range ringCases {
		if len(ca.r) >= 3 {
			f.Add(ca.r[0].X, ca.r[0].Y, ca.r[1].X, ca.r[1].Y, ca.r[2].X, ca.r[2].Y, ca.q.X, ca.q.Y)
		}
	}
	f.Fuzz(func(t *testing.T, ax, ay, bx, by, cx, cy, qx, qy float64) {
		v := []float64{ax, ay, bx, by, cx, cy, qx, qy}
		for i, x := range v {
			if math.IsNaN(x) || math.Abs(x) > 1e4 {
				t.Skip("outside the plane's ±10 km")
			}
			v[i] = math.Round(x*1e3) / 1e3 // millimetres, as positions come
		}
		q := XY{v[6], v[7]}
		for _, r := range [][]XY{{{v[0], v[1]}, {v[2], v[3]}, {v[4], v[5]}}, square, notch} {
			want := reference(r, q)
			if want < 0 {
				continue
			}
			requireLocate(t, r, q, want)
		}
	})
}

// reference locates q by the distance to the edges and the winding angle;
// -1 when q is too near the band's border for either to be sure.
func reference(r []XY, q XY) Location {
	d, wind := math.Inf(1), 0.0
	for i := range r {
		a, b := r[i].Sub(q), r[(i+1)%len(r)].Sub(q)
		d = math.Min(d, SegDist(q, r[i], r[(i+1)%len(r)]))
		wind += math.Atan2(a.Cross(b), a.Dot(b))
	}
	switch {
	case d < Eps:
		return OnEdge
	case d < 2*Eps:
		return -1
	case math.Abs(wind) > math.Pi:
		return Inside
	}
	return Outside
}
