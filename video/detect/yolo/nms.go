package yolo

import (
	"math"
	"slices"

	"skerry/video/detect"
)

// Detection is one box with its class.
type Detection struct {
	detect.Box
	// Class is the model's class id; Name its name from the model's
	// metadata ("" when the model has none).
	Class int
	Name  string
}

// maxCandidates bounds the candidates that reach NMS, best first (as
// Ultralytics' max_nms).
const maxCandidates = 30000

// toSource maps candidates from the input through the letterbox to the
// source frame, clipped to it; those left with no area are dropped.
func toSource(cands []candidate, l Letterbox) []candidate {
	out := cands[:0]
	sw, sh := float64(l.SrcW), float64(l.SrcH)
	for _, c := range cands {
		x0, y0 := l.ToSource(c.x0, c.y0)
		x1, y1 := l.ToSource(c.x1, c.y1)
		c.x0, c.y0 = math.Max(0, math.Min(x0, sw)), math.Max(0, math.Min(y0, sh))
		c.x1, c.y1 = math.Max(0, math.Min(x1, sw)), math.Max(0, math.Min(y1, sh))
		if c.x1-c.x0 > 0 && c.y1-c.y0 > 0 {
			out = append(out, c)
		}
	}
	return out
}

// iou is the intersection over union of two boxes (0 when either has no
// area).
func iou(a, b candidate) float64 {
	w := math.Min(a.x1, b.x1) - math.Max(a.x0, b.x0)
	h := math.Min(a.y1, b.y1) - math.Max(a.y0, b.y0)
	if !(w > 0 && h > 0) {
		return 0
	}
	inter := w * h
	union := (a.x1-a.x0)*(a.y1-a.y0) + (b.x1-b.x0)*(b.y1-b.y0) - inter
	if !(union > 0) {
		return 0
	}
	return inter / union
}

// nms keeps, best score first, each candidate whose IoU with every kept
// one of its class (of any class when agnostic) is at most thr, up to
// maxBoxes. Ties in score keep the earlier candidate first.
func nms(cands []candidate, thr float64, agnostic bool, maxBoxes int) []candidate {
	slices.SortStableFunc(cands, func(a, b candidate) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return 0
	})
	if len(cands) > maxCandidates {
		cands = cands[:maxCandidates]
	}
	var kept []candidate
	for _, c := range cands {
		if len(kept) >= maxBoxes {
			break
		}
		ok := true
		for _, k := range kept {
			if (agnostic || k.class == c.class) && iou(k, c) > thr {
				ok = false
				break
			}
		}
		if ok {
			kept = append(kept, c)
		}
	}
	return kept
}

// detections turns kept candidates into detections.
func detections(kept []candidate, names []string) []Detection {
	out := make([]Detection, 0, len(kept))
	for _, c := range kept {
		d := Detection{Box: detect.Box{X: c.x0, Y: c.y0, W: c.x1 - c.x0, H: c.y1 - c.y0, Score: c.score}, Class: c.class}
		if c.class < len(names) {
			d.Name = names[c.class]
		}
		out = append(out, d)
	}
	return out
}

// postprocess decodes an output, maps it to the frame and suppresses
// overlaps.
func postprocess(out []float32, shape []int64, lb Letterbox, o Options, keep []bool, names []string) ([]Detection, error) {
	l, err := layoutOf(shape, o.Format)
	if err != nil {
		return nil, err
	}
	cands, err := decode(out, l, keep, o.Confidence, nil)
	if err != nil {
		return nil, err
	}
	cands = toSource(cands, lb)
	return detections(nms(cands, o.IoU, o.Agnostic, o.MaxBoxes), names), nil
}
