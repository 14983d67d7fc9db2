package track

import (
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/video/detect"
)

// TestDuplicates: boxes of one frame are one boat when one lies mostly
// inside the other and their placements agree; the best box stands for
// the group.
func TestDuplicates(t *testing.T) {
	whole := detect.Box{X: 600, Y: 316, W: 18, H: 26, Score: 0.83}
	part := detect.Box{X: 602, Y: 320, W: 10, H: 22, Score: 0.84}
	apart := detect.Box{X: 640, Y: 316, W: 18, H: 26, Score: 0.9}
	det := func(b detect.Box, length float64) Detection {
		return Detection{Box: b, Placed: true, Fix: Fix{ErrorM: 6, Length: length}}
	}
	for _, c := range []struct {
		name string
		dets []Detection
		at   [][2]float64 // east, north
		want []int
	}{
		{"the same box twice", []Detection{det(whole, 8), det(whole, 8)}, [][2]float64{{0, 0}, {0, 0}}, []int{-1, 0}},
		// The part scores higher, but the whole is larger: the score wins.
		{"a part inside the whole", []Detection{det(whole, 8), det(part, 4)}, [][2]float64{{0, 0}, {1, 2}}, []int{1, -1}},
		{"side by side", []Detection{det(whole, 8), det(apart, 8)}, [][2]float64{{0, 0}, {9, 0}}, []int{-1, -1}},
		// One boat behind the other, seen low: the far one's box inside
		// the near one's, placed 30 m beyond it.
		{"one behind the other", []Detection{det(whole, 8), det(part, 8)}, [][2]float64{{0, 0}, {0, 30}}, []int{-1, -1}},
		// A ship's part: its centre a quarter of the ship from the whole's.
		{"a ship's bow", []Detection{det(detect.Box{X: 100, Y: 300, W: 200, H: 40, Score: 0.9}, 120), det(detect.Box{X: 200, Y: 300, W: 100, H: 40, Score: 0.8}, 60)},
			[][2]float64{{0, 0}, {30, 0}}, []int{-1, 0}},
	} {
		ms := make([]meas, len(c.dets))
		for i, p := range c.at {
			ms[i] = meas{i: i, east: p[0], north: p[1], sigma: 6}
		}
		require.Equal(t, c.want, duplicates(ms, c.dets), c.name)
	}
	require.Zero(t, inside(detect.Box{W: 0, H: 5}, whole))
}
