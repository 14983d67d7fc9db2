package bench

import (
	"image"
	"math"
	"slices"

	"skerry/gcs"
	"skerry/sim/scene"
	"skerry/video/detect"
)

// Scoring of the vessel benchmark (as video/detect's simulator test
// scores): a detection matches a vessel's true box at IoU ≥ minIoU, best
// score first; vessels whose box is at least countPx long count (a miss is
// a false negative), smaller ones and the burnt-in time stamp are neutral
// (a detection on them is neither a hit nor a false alarm).
const (
	minIoU  = 0.3
	countPx = 12
)

// stampBox is where scene.Stamp burns the capture time.
var stampBox = box{0, 0, 420, 16}

type box struct{ x0, y0, x1, y1 float64 }

func (r box) area() float64 { return max(r.x1-r.x0, 0) * max(r.y1-r.y0, 0) }

func inter(a, b box) float64 {
	return box{max(a.x0, b.x0), max(a.y0, b.y0), min(a.x1, b.x1), min(a.y1, b.y1)}.area()
}

func iou(a, b box) float64 {
	i := inter(a, b)
	if i <= 0 {
		return 0
	}
	return i / (a.area() + b.area() - i)
}

func rectBox(r image.Rectangle) box {
	return box{float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y)}
}

func detBox(b detect.Box) box { return box{b.X, b.Y, b.X + b.W, b.Y + b.H} }

// counts reports whether a true vessel's box counts (not neutral): at
// least countPx long, and at least minVisible of it in the frame (a ship
// that overflows the frame, seen from above its deck, is not something
// to find).
func counts(t scene.Truth) bool {
	return max(t.Box.Dx(), t.Box.Dy()) >= countPx && t.Visible >= minVisible
}

// minVisible is the least share of a vessel's picture in the frame for it
// to count.
const minVisible = 0.5

// tally counts hits, false alarms and misses.
type tally struct{ tp, fp, fn int }

func (t *tally) add(o tally) { t.tp += o.tp; t.fp += o.fp; t.fn += o.fn }

func (t tally) prf() (p, r, f float64) {
	if t.tp+t.fp > 0 {
		p = float64(t.tp) / float64(t.tp+t.fp)
	}
	if t.tp+t.fn > 0 {
		r = float64(t.tp) / float64(t.tp+t.fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// match scores one frame: it returns the tally and, for each truth, the
// index of the detection that hit it (-1 none).
func match(dets []detect.Box, truth []scene.Truth) (tally, []int) {
	order := make([]int, len(dets))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case dets[a].Score > dets[b].Score:
			return -1
		case dets[a].Score < dets[b].Score:
			return 1
		}
		return 0
	})
	hit := make([]int, len(truth))
	for i := range hit {
		hit[i] = -1
	}
	var t tally
	for _, di := range order {
		dr := detBox(dets[di])
		best, bi := minIoU, -1
		for i, tr := range truth {
			if !counts(tr) || hit[i] >= 0 {
				continue
			}
			if v := iou(dr, rectBox(tr.Box)); v >= best {
				best, bi = v, i
			}
		}
		if bi >= 0 {
			hit[bi] = di
			t.tp++
			continue
		}
		neutral := inter(dr, stampBox) > 0
		for _, tr := range truth {
			if !counts(tr) && inter(dr, rectBox(tr.Box)) > 0 {
				neutral = true
				break
			}
		}
		if !neutral {
			t.fp++
		}
	}
	for i, tr := range truth {
		if counts(tr) && hit[i] < 0 {
			t.fn++
		}
	}
	return t, hit
}

// idLog follows which contact id the tracker gives each true vessel.
type idLog struct {
	last     map[string]gcs.VesselID
	switches int
}

// see notes that true vessel key was given contact id ("" none).
func (l *idLog) see(key string, id gcs.VesselID) {
	if id == "" {
		return
	}
	if l.last == nil {
		l.last = map[string]gcs.VesselID{}
	}
	if prev, ok := l.last[key]; ok && prev != id {
		l.switches++
	}
	l.last[key] = id
}

// quantile is the q-quantile of sorted xs (linear between ranks); NaN
// when there are none.
func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	pos := q * float64(len(sorted)-1)
	i := int(pos)
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (pos-float64(i))*(sorted[i+1]-sorted[i])
}
