package detect

import (
	"math"
	"time"

	"skerry/gcs"
)

// history is a detector's memory of its last frames' detections, where
// on the sea (with a pose) or in the image (without) they were.
type history struct {
	frames [][]seen
}

// seen is one remembered detection.
type seen struct {
	x, y   float64 // metres east and north of a fixed origin, or pixels
	onSea  bool
	at     time.Time
	scored float64
}

// origin is the fixed point sea positions are measured from (the first
// pose's position would do; a constant keeps frames comparable).
func seaXY(pose *gcs.CameraPose, u, v float64) (x, y float64, ok bool) {
	pt, ok := pose.PixelToSea(u, v)
	if !ok || pt.Clipped {
		return 0, 0, false
	}
	const rad = math.Pi / 180
	const earth = 6378137.0
	return pt.Lon * rad * earth * math.Cos(pose.Lat*rad), pt.Lat * rad * earth, true
}

// update scores boxes up when a detection of the last frames lies within
// the gate (ego-motion compensated through the pose: positions are on the
// sea), drops those seen in fewer than MinHits frames, and remembers them.
func (h *history) update(p Params, boxes []Box, pose *gcs.CameraPose, at time.Time, W, H int) []Box {
	cur := make([]seen, len(boxes))
	for i, b := range boxes {
		cx, cy := b.X+b.W/2, b.Y+b.H/2
		s := seen{x: cx, y: cy, at: at, scored: b.Score}
		if pose != nil {
			if x, y, ok := seaXY(pose, cx/float64(W), cy/float64(H)); ok {
				s.x, s.y, s.onSea = x, y, true
			}
		}
		cur[i] = s
	}
	out := boxes[:0]
	for i, b := range boxes {
		hits := 1
		for _, prev := range h.frames {
			if near(p, cur[i], prev, W) {
				hits++
			}
		}
		if hits < p.MinHits {
			continue
		}
		if hits > 1 {
			b.Score = min(1, b.Score+p.Confirm*float64(hits-1)/float64(max(p.History, 1)))
		}
		out = append(out, b)
	}
	if p.History > 0 {
		h.frames = append(h.frames, cur)
		if len(h.frames) > p.History {
			h.frames = h.frames[len(h.frames)-p.History:]
		}
	}
	return out
}

// near reports whether s is within the gate of a detection in prev.
func near(p Params, s seen, prev []seen, W int) bool {
	for _, q := range prev {
		if q.onSea != s.onSea {
			continue
		}
		gate := p.Gate
		if !s.onSea {
			gate = p.Gate / 2 * float64(W) / float64(p.WorkSize)
		}
		if math.Hypot(s.x-q.x, s.y-q.y) <= gate {
			return true
		}
	}
	return false
}
