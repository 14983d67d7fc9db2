package detect

import (
	"math"
	"time"

	"skerry/gcs"
)

// history is a detector's memory of its last frames' detections: where on
// the sea they were (with a pose: the drone's own motion is compensated)
// or in the image (without).
type history struct {
	frames []histFrame
}

// histFrame is one remembered frame.
type histFrame struct {
	at   time.Time
	seen []seen
}

// seen is one remembered detection.
type seen struct {
	x, y  float64 // metres east and north of 0°N 0°E (a local scale), or pixels
	onSea bool
}

// maxAge is how old a remembered frame may be; older ones, and all of them
// when time goes backwards, are forgotten.
const maxAge = 15 * time.Second

// seaXY is where the image point (u, v) meets the sea, in metres.
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
// the gate, drops those seen in fewer than MinHits frames (this one
// included), and remembers them all.
func (h *history) update(p Params, boxes []Box, pose *gcs.CameraPose, at time.Time, W, H int) []Box {
	h.forget(at)
	cur := make([]seen, len(boxes))
	for i, b := range boxes {
		cx, cy := b.X+b.W/2, b.Y+b.H/2
		s := seen{x: cx, y: cy}
		if pose != nil {
			if x, y, ok := seaXY(pose, cx/float64(W), cy/float64(H)); ok {
				s = seen{x: x, y: y, onSea: true}
			}
		}
		cur[i] = s
	}
	pixGate := p.Gate / 2 * float64(W) / float64(p.WorkSize)
	out := boxes[:0]
	for i, b := range boxes {
		hits := 1
		for _, f := range h.frames {
			if near(cur[i], f.seen, p.Gate, pixGate) {
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
		h.frames = append(h.frames, histFrame{at: at, seen: cur})
		if len(h.frames) > p.History {
			h.frames = h.frames[len(h.frames)-p.History:]
		}
	}
	return out
}

// forget drops frames older than maxAge before at (all of them when at
// is before the last one); frames without times are kept.
func (h *history) forget(at time.Time) {
	if at.IsZero() || len(h.frames) == 0 {
		return
	}
	last := h.frames[len(h.frames)-1].at
	if !last.IsZero() && at.Before(last) {
		h.frames = h.frames[:0]
		return
	}
	keep := h.frames[:0]
	for _, f := range h.frames {
		if f.at.IsZero() || at.Sub(f.at) <= maxAge {
			keep = append(keep, f)
		}
	}
	h.frames = keep
}

// near reports whether s is within the gate (metres on the sea, pixels
// otherwise) of a detection in prev.
func near(s seen, prev []seen, gate, pixGate float64) bool {
	for _, q := range prev {
		if q.onSea != s.onSea {
			continue
		}
		g := gate
		if !s.onSea {
			g = pixGate
		}
		if math.Hypot(s.x-q.x, s.y-q.y) <= g {
			return true
		}
	}
	return false
}
