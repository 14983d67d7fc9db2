package local

import (
	"math"
	"testing"
)

// circleRing is an n-gon of radius r around the origin.
func circleRing(n int, r float64) []XY {
	out := make([]XY, n)
	for i := range out {
		s, c := math.Sincos(2 * math.Pi * float64(i) / float64(n))
		out[i] = XY{r * c, r * s}
	}
	return out
}

func BenchmarkLocate(b *testing.B) {
	for _, n := range []int{4, 64} {
		r := circleRing(n, 1000)
		qs := []XY{{10, 20}, {-300, 400}, {900, 900}, {0, -999}}
		b.Run(map[int]string{4: "square", 64: "64-gon"}[n], func(b *testing.B) {
			for b.Loop() {
				for _, q := range qs {
					Locate(r, q)
				}
			}
		})
	}
}

func BenchmarkMeet(b *testing.B) {
	r := circleRing(64, 1000)
	a, c := XY{-1200, 10}, XY{1200, 30}
	for b.Loop() {
		for i := range r {
			Meet(a, c, r[i], r[(i+1)%len(r)])
		}
	}
}
