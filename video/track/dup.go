package track

import (
	"cmp"
	"math"
	"slices"

	"skerry/video/detect"
)

// A detector may give one boat two boxes in a frame: the same box twice,
// or a part of the hull (or its wake) inside the whole. Taken as two
// boats they start a second track that the first can never merge with
// (they were seen together), and the two then trade the boat's
// detections: id switches. Such a pair is one boat: the box of the other
// lies mostly inside it (dupInside of its area) and their placements
// agree to within half the smaller one's length or dupNear metres,
// whichever is more (a half hull's centre is a quarter of the hull from
// the whole's; two boxes of one frame share its pose's error).
const (
	dupInside = 0.8
	dupNear   = 8.0
)

// duplicates returns, for each measurement, the index of the one it
// duplicates (-1: none, it stands for itself). The best box of a group
// (highest score, then largest) stands for it.
func duplicates(ms []meas, dets []Detection) []int {
	order := make([]int, len(ms))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		da, db := dets[ms[a].i].Box, dets[ms[b].i].Box
		if c := cmp.Compare(db.Score, da.Score); c != 0 {
			return c
		}
		return cmp.Compare(db.W*db.H, da.W*da.H)
	})
	of := make([]int, len(ms))
	for i := range of {
		of[i] = -1
	}
	var heads []int
	for _, k := range order {
		for _, h := range heads {
			if sameBoatInFrame(ms[k], ms[h], dets[ms[k].i], dets[ms[h].i]) {
				of[k] = h
				break
			}
		}
		if of[k] < 0 {
			heads = append(heads, k)
		}
	}
	return of
}

// sameBoatInFrame reports whether two detections of one frame are one
// boat (see dupInside).
func sameBoatInFrame(a, b meas, da, db Detection) bool {
	if inside(da.Box, db.Box) < dupInside {
		return false
	}
	near := dupNear
	if l := math.Min(da.Fix.Length, db.Fix.Length) / 2; l > near && !math.IsInf(l, 0) {
		near = l
	}
	return dist(a.east, a.north, b.east, b.north) <= near
}

// inside is the share of the smaller box's area that lies in the other.
func inside(a, b detect.Box) float64 {
	w := math.Min(a.X+a.W, b.X+b.W) - math.Max(a.X, b.X)
	h := math.Min(a.Y+a.H, b.Y+b.H) - math.Max(a.Y, b.Y)
	small := math.Min(a.W*a.H, b.W*b.H)
	if w <= 0 || h <= 0 || small <= 0 {
		return 0
	}
	return w * h / small
}
