package airspace

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"
)

func bayIndex(t testing.TB) *Index {
	zs, _, err := ReadED269(open(t, "ed269_algeciras.json"))
	require.NoError(t, err)
	return NewIndex(zs)
}

func zoneIDs(zs []*Zone) []string {
	out := []string{}
	for _, z := range zs {
		out = append(out, z.ID)
	}
	return out
}

func TestIndexAt(t *testing.T) {
	ix := bayIndex(t)
	cases := []struct {
		name     string
		lon, lat float64
		want     []string
	}{
		{"airport centre", -5.347, 36.151, []string{"LXGB01"}},
		{"inside 2 km circle", -5.347, 36.168, []string{"LXGB01"}},
		{"outside circle", -5.347, 36.172, []string{}},
		{"port", -5.43, 36.13, []string{"ALGPORT"}},
		{"port corner is inside", -5.445, 36.120, []string{"ALGPORT"}},
		{"port edge is inside", -5.43, 36.145, []string{"ALGPORT"}},
		{"open water", -5.40, 36.11, []string{}},
		{"beach and airport overlap", -5.355, 36.166, []string{"LXGB01", "LINEA1"}},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			require.ElementsMatch(t, ca.want, zoneIDs(ix.At(ca.lon, ca.lat)))
		})
	}
}

func TestIndexHole(t *testing.T) {
	zs, _, err := ReadKML(open(t, "algeciras.kml"))
	require.NoError(t, err)
	ix := NewIndex(zs)
	require.Empty(t, ix.At(-5.4325, 36.1325), "inside the hole")
	require.Len(t, ix.At(-5.435, 36.1325), 1, "on the hole's edge counts as inside")
	require.Len(t, ix.At(-5.437, 36.1325), 1)
}

func TestIndexAlong(t *testing.T) {
	ix := bayIndex(t)
	cases := []struct {
		name   string
		a, b   orb.Point
		margin float64
		want   []string
	}{
		{"crosses the port", orb.Point{-5.46, 36.13}, orb.Point{-5.40, 36.13}, 0, []string{"ALGPORT"}},
		{"passes 450 m east of the port, margin 300", orb.Point{-5.415, 36.10}, orb.Point{-5.415, 36.16}, 300, []string{}},
		{"passes 450 m east of the port, margin 500", orb.Point{-5.415, 36.10}, orb.Point{-5.415, 36.16}, 500, []string{"ALGPORT"}},
		{"near the airport circle", orb.Point{-5.40, 36.151}, orb.Point{-5.372, 36.151}, 300, []string{"LXGB01"}},
		{"clear of the airport circle", orb.Point{-5.40, 36.151}, orb.Point{-5.375, 36.151}, 300, []string{}},
		{"leg inside the port", orb.Point{-5.44, 36.13}, orb.Point{-5.43, 36.13}, 0, []string{"ALGPORT"}},
		{"degenerate leg", orb.Point{-5.43, 36.13}, orb.Point{-5.43, 36.13}, 0, []string{"ALGPORT"}},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			require.ElementsMatch(t, ca.want, zoneIDs(ix.Along(ca.a, ca.b, ca.margin)))
		})
	}
}

func TestIndexQuery(t *testing.T) {
	ix := bayIndex(t)
	require.Equal(t, 4, ix.Len())
	require.Len(t, ix.Query(orb.Bound{Min: orb.Point{-5.45, 36.10}, Max: orb.Point{-5.35, 36.20}}), 4)
	require.Equal(t, []string{"ALGPORT"}, zoneIDs(ix.Query(orb.Bound{Min: orb.Point{-5.44, 36.12}, Max: orb.Point{-5.43, 36.13}})))
}

// benchZones returns n random zones (boxes and circles, 200–1500 m) over
// the Bay of Algeciras.
func benchZones(n int) []Zone {
	r := rand.New(rand.NewPCG(1, 2))
	zs := make([]Zone, n)
	for i := range zs {
		c := orb.Point{-5.45 + r.Float64()*0.1, 36.10 + r.Float64()*0.1}
		size := 200 + r.Float64()*1300
		v := Volume{Upper: Limit{Unlimited: true}}
		if i%2 == 0 {
			v.Circle = &Circle{Center: c, Radius: size}
		} else {
			d := size / metresPerDegree
			v.Polygon = orb.Polygon{{{c[0] - d, c[1] - d}, {c[0] + d, c[1] - d}, {c[0] + d, c[1] + d}, {c[0] - d, c[1] + d}, {c[0] - d, c[1] - d}}}
		}
		zs[i] = Zone{ID: fmt.Sprint(i), Restriction: Prohibited, Volumes: []Volume{v}}
	}
	return zs
}

// BenchmarkAlong checks a 500-leg plan (legs ~500 m) against 1,000 zones;
// ns/op is per plan, ns/leg is reported too.
func BenchmarkAlong(b *testing.B) {
	ix := NewIndex(benchZones(1000))
	r := rand.New(rand.NewPCG(3, 4))
	legs := make([]orb.Point, 501)
	for i := range legs {
		legs[i] = orb.Point{-5.45 + r.Float64()*0.1, 36.10 + r.Float64()*0.1}
		if i > 0 {
			legs[i] = orb.Point{legs[i-1][0] + (r.Float64()-0.5)*0.01, legs[i-1][1] + (r.Float64()-0.5)*0.01}
		}
	}
	hits := 0
	for b.Loop() {
		for i := 1; i < len(legs); i++ {
			hits += len(ix.Along(legs[i-1], legs[i], 50))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*500), "ns/leg")
}

// BenchmarkAt checks single positions against 1,000 zones.
func BenchmarkAt(b *testing.B) {
	ix := NewIndex(benchZones(1000))
	for i := 0; b.Loop(); i++ {
		ix.At(-5.45+float64(i%100)*0.001, 36.10+float64(i%97)*0.001)
	}
}
