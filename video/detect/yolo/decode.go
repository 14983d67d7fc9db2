package yolo

import (
	"fmt"
	"math"
)

// Format is the layout of a YOLO model's output.
type Format int

const (
	// FormatAuto decides from the output's shape [1, A, B]: fewer rows
	// than columns (A < B) is YOLOv8/11's [1, 4+nc, N], otherwise
	// YOLOv5's [1, N, 5+nc]. Models export thousands of candidates and
	// at most a few hundred classes, so the two do not meet in practice.
	FormatAuto Format = iota
	// FormatV5 is YOLOv5's (and v7's) [1, N, 5+nc]: centre x, centre y,
	// width, height (input pixels), objectness, then nc class scores;
	// a candidate's confidence is objectness × class score.
	FormatV5
	// FormatV8 is YOLOv8's and YOLO11's [1, 4+nc, N]: centre x, centre
	// y, width, height, then nc class scores, no objectness; a
	// candidate's confidence is its best class score.
	FormatV8
)

// String names the format.
func (f Format) String() string {
	switch f {
	case FormatV5:
		return "yolov5"
	case FormatV8:
		return "yolov8"
	}
	return "auto"
}

// layout is an output's geometry once its format is known.
type layout struct {
	format   Format
	n        int // candidates
	classes  int
	attrs    int // values per candidate
	rowMajor bool
}

// maxOutput bounds an output's values (a 1280 px YOLOv8 with 80 classes
// has 33,600 × 84 ≈ 2.8 M).
const maxOutput = 64 << 20

// layoutOf reads an output shape ([1, A, B] or [A, B]) in format f.
func layoutOf(shape []int64, f Format) (layout, error) {
	if len(shape) == 3 {
		if shape[0] != 1 {
			return layout{}, fmt.Errorf("yolo: output batch %d, want 1", shape[0])
		}
		shape = shape[1:]
	}
	if len(shape) != 2 {
		return layout{}, fmt.Errorf("yolo: output shape %v, want [1, N, 5+classes] (YOLOv5) or [1, 4+classes, N] (YOLOv8/11)", shape)
	}
	a, b := shape[0], shape[1]
	if a <= 0 || b <= 0 || a > maxOutput || b > maxOutput || a*b > maxOutput {
		return layout{}, fmt.Errorf("yolo: output shape %v out of range", shape)
	}
	if f == FormatAuto {
		f = FormatV5
		if a < b {
			f = FormatV8
		}
	}
	switch f {
	case FormatV5:
		if b < 6 {
			return layout{}, fmt.Errorf("yolo: YOLOv5 output [1, %d, %d] has no class (want 5+classes values per candidate)", a, b)
		}
		return layout{format: FormatV5, n: int(a), classes: int(b) - 5, attrs: int(b), rowMajor: true}, nil
	case FormatV8:
		if a < 5 {
			return layout{}, fmt.Errorf("yolo: YOLOv8 output [1, %d, %d] has no class (want 4+classes rows)", a, b)
		}
		return layout{format: FormatV8, n: int(b), classes: int(a) - 4, attrs: int(a)}, nil
	}
	return layout{}, fmt.Errorf("yolo: unknown output format %d", f)
}

// candidate is one decoded box in the model's input pixels (corners).
type candidate struct {
	x0, y0, x1, y1 float64
	score          float64
	class          int
}

// decode turns an output into the candidates at or above conf among the
// kept classes (keep nil: all). Candidates with a score or coordinate
// that is not finite, or no area, are dropped.
func decode(data []float32, l layout, keep []bool, conf float64, out []candidate) ([]candidate, error) {
	if len(data) != l.n*l.attrs {
		return out, fmt.Errorf("yolo: output has %d values, its shape says %d", len(data), l.n*l.attrs)
	}
	at := func(n, k int) float64 { return float64(data[k*l.n+n]) }
	if l.rowMajor {
		at = func(n, k int) float64 { return float64(data[n*l.attrs+k]) }
	}
	first := 4 // first class score
	if l.format == FormatV5 {
		first = 5
	}
	for n := range l.n {
		obj := 1.0
		if l.format == FormatV5 {
			obj = at(n, 4)
			if !(obj >= conf) { // class scores are at most 1; also drops NaN
				continue
			}
		}
		best, bestScore := -1, math.Inf(-1)
		for c := range l.classes {
			if keep != nil && (c >= len(keep) || !keep[c]) {
				continue
			}
			if s := at(n, first+c); s > bestScore {
				best, bestScore = c, s
			}
		}
		score := obj * bestScore
		if best < 0 || !(score >= conf) || math.IsInf(score, 0) {
			continue
		}
		cx, cy, w, h := at(n, 0), at(n, 1), at(n, 2), at(n, 3)
		if !finite(cx) || !finite(cy) || !(w > 0) || !(h > 0) || math.IsInf(w, 0) || math.IsInf(h, 0) {
			continue
		}
		out = append(out, candidate{x0: cx - w/2, y0: cy - h/2, x1: cx + w/2, y1: cy + h/2, score: min(score, 1), class: best})
	}
	return out, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
