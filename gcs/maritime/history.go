package maritime

import (
	"time"

	"skerry/gcs"
)

// history is where one vessel was, thinned to about one point per step
// and bounded to span, oldest first. It belongs to the Picture's owner
// goroutine.
type history struct {
	points []gcs.TrackPoint
}

// add appends p, and drops what is older than span before it. The last
// point is the latest position: it is replaced rather than kept while it
// is within step of the point before, so that kept points are step
// apart. A point older than the last is ignored.
func (h *history) add(p gcs.TrackPoint, step, span time.Duration) {
	n := len(h.points)
	if n > 0 {
		last := h.points[n-1]
		switch {
		case p.At.Before(last.At):
			return
		case n > 1 && last.At.Sub(h.points[n-2].At) < step:
			h.points[n-1] = p
			return
		}
	}
	h.points = append(h.points, p)
	cut := p.At.Add(-span)
	i := 0
	for i < len(h.points) && h.points[i].At.Before(cut) {
		i++
	}
	if i > 0 {
		h.points = append(h.points[:0], h.points[i:]...)
	}
}

// joined returns a camera contact's history preceded by the AIS history
// from before the camera's first point: the cameras place a boat better
// than AIS does, AIS tells where it came from. Either may be nil.
func joined(camera, ais *history) []gcs.TrackPoint {
	switch {
	case camera == nil || len(camera.points) == 0:
		if ais == nil {
			return nil
		}
		return append([]gcs.TrackPoint(nil), ais.points...)
	case ais == nil || len(ais.points) == 0:
		return append([]gcs.TrackPoint(nil), camera.points...)
	}
	first := camera.points[0].At
	var out []gcs.TrackPoint
	for _, p := range ais.points {
		if !p.At.Before(first) {
			break
		}
		out = append(out, p)
	}
	return append(out, camera.points...)
}
