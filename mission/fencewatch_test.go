package mission

import (
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission/local"
)

// A square of about 1.1 km around (36.13, -5.43) with an exclusion circle
// of 100 m at its centre and a 120 m ceiling above home.
func testFence() Fence {
	sq := orb.Ring{{-5.44, 36.125}, {-5.42, 36.125}, {-5.42, 36.135}, {-5.44, 36.135}}
	ceiling := Altitude{M: 120, Ref: AltRelative}
	return Fence{
		Zones:   []Zone{InclusionPolygon(sq), ExclusionCircle(orb.Point{-5.43, 36.13}, 100)},
		Ceiling: &ceiling,
	}
}

func TestFenceWatchCheck(t *testing.T) {
	w := NewFenceWatch(testFence())
	cases := []struct {
		name string
		s    Sample
		want string
	}{
		{"inside", Sample{Lat: 36.127, Lon: -5.435, AltRel: 50}, ""},
		{"outside the square", Sample{Lat: 36.14, Lon: -5.435, AltRel: 50}, "boundary"},
		{"in the exclusion circle", Sample{Lat: 36.1301, Lon: -5.4301, AltRel: 50}, "exclusion"},
		{"too high", Sample{Lat: 36.127, Lon: -5.435, AltRel: 121}, "max_alt"},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			require.Equal(t, ca.want, w.Check(ca.s).Breach)
		})
	}
	require.Nil(t, NewFenceWatch(Fence{}))
}

// TestFenceWatchBoundaries: a position on any boundary is a breach, on an
// inclusion edge as outside it and on an exclusion edge as inside it.
func TestFenceWatchBoundaries(t *testing.T) {
	f := testFence()
	f.Zones = append(f.Zones, ExclusionPolygon(orb.Ring{{-5.438, 36.127}, {-5.436, 36.127}, {-5.436, 36.129}, {-5.438, 36.129}}))
	w := NewFenceWatch(f)
	cases := []struct {
		name     string
		lat, lon float64
		want     string
	}{
		{"on the square's southern edge", 36.125, -5.43, "boundary"},
		{"on a corner of the square", 36.135, -5.42, "boundary"},
		{"just inside the square", 36.12501, -5.43, ""},
		{"on the exclusion circle", 36.13 + 100/local.MetresPerDegree, -5.43, "exclusion"},
		{"just outside the exclusion circle", 36.13 + 100.01/local.MetresPerDegree, -5.43, ""},
		{"on the exclusion square's edge", 36.127, -5.437, "exclusion"},
		{"on the exclusion square's corner", 36.129, -5.436, "exclusion"},
		{"just outside the exclusion square", 36.12699, -5.437, ""},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			require.Equal(t, ca.want, w.Check(Sample{Lat: ca.lat, Lon: ca.lon, AltRel: 50}).Breach)
		})
	}
}

func TestFenceWatchGroups(t *testing.T) {
	a := orb.Ring{{0, 0}, {0.01, 0}, {0.01, 0.01}, {0, 0.01}}
	b := orb.Ring{{0.02, 0}, {0.03, 0}, {0.03, 0.01}, {0.02, 0.01}}
	za, zb := InclusionPolygon(a), InclusionPolygon(b)
	zb.Group = 1
	w := NewFenceWatch(Fence{Zones: []Zone{za, zb}})
	// Inside A or inside B is enough with two groups ...
	require.Empty(t, w.Check(Sample{Lat: 0.005, Lon: 0.005}).Breach)
	require.Empty(t, w.Check(Sample{Lat: 0.005, Lon: 0.025}).Breach)
	require.Equal(t, "boundary", w.Check(Sample{Lat: 0.005, Lon: 0.015}).Breach)
	// ... but with one group (ArduPilot's rule) the vehicle must be in both.
	zb.Group = 0
	w = NewFenceWatch(Fence{Zones: []Zone{za, zb}})
	require.Equal(t, "boundary", w.Check(Sample{Lat: 0.005, Lon: 0.005}).Breach)
}

func TestFenceWatchPredicts(t *testing.T) {
	w := NewFenceWatch(testFence())
	// 10 m/s north from 100 m south of the northern edge: about 10 s ahead.
	s := Sample{Lat: 36.135 - 100.0/111195, Lon: -5.425, AltRel: 50}
	v, ahead := w.Predict(s, 10, 0, 0, 15*time.Second, 250*time.Millisecond)
	require.Equal(t, "boundary", v.Breach)
	require.InDelta(t, 10, ahead.Seconds(), 0.3)
	v, _ = w.Predict(s, 10, 0, 0, 5*time.Second, 250*time.Millisecond)
	require.Empty(t, v.Breach, "not within 5 s")
	v, ahead = w.Predict(Sample{Lat: 36.127, Lon: -5.435, AltRel: 110}, 0, 0, -3, 10*time.Second, time.Second)
	require.Equal(t, "max_alt", v.Breach)
	require.Equal(t, 4*time.Second, ahead)
}

func BenchmarkFenceWatchCheck(b *testing.B) {
	w := NewFenceWatch(testFence())
	s := Sample{Lat: 36.127, Lon: -5.435, AltRel: 50}
	b.ReportAllocs()
	for b.Loop() {
		w.Check(s)
	}
}

// TestFenceRadiusIsMeasuredFromHome: a fence radius (ArduPilot's circle
// fence) holds only once the watch knows home, and then counts its edge
// as outside, like every inclusion boundary.
func TestFenceRadiusIsMeasuredFromHome(t *testing.T) {
	r := 300.0
	f := Fence{Radius: &r}
	require.False(t, f.IsEmpty())
	w := NewFenceWatch(f)
	require.NotNil(t, w)
	far := Sample{Lat: 36.13 + 400/111195.0, Lon: -5.43, AltRel: 30}
	require.Empty(t, w.Check(far).Breach, "no home: the radius cannot be measured")
	hw := w.WithHome(orb.Point{-5.43, 36.13})
	v := hw.Check(far)
	require.Equal(t, "boundary", v.Breach)
	require.Contains(t, v.Detail, "400 m from home, beyond the fence radius of 300 m")
	require.Empty(t, hw.Check(Sample{Lat: 36.13 + 250/111195.0, Lon: -5.43, AltRel: 30}).Breach)
	require.Empty(t, w.Check(far).Breach, "WithHome leaves the watch it was called on alone")

	withZones := testFence()
	withZones.Radius = &r
	hw = NewFenceWatch(withZones).WithHome(orb.Point{-5.435, 36.127})
	require.Equal(t, "boundary", hw.Check(Sample{Lat: 36.127, Lon: -5.4205, AltRel: 50}).Breach, "inside the square, 1.3 km from home")
	var nilWatch *FenceWatch
	require.Nil(t, nilWatch.WithHome(orb.Point{}))

	bad := -1.0
	require.ErrorContains(t, Fence{Radius: &bad}.Validate().Err(), "fence radius -1 m must be finite and > 0")
}
