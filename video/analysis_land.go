package video

import (
	"sync/atomic"

	"skerry/gcs"
	"skerry/video/detect"
	"skerry/video/track"
)

// AnalysisStats counts what vessel analysis did with the detections,
// over all streams since Initialize.
type AnalysisStats struct {
	// OnLand counts detections dropped before tracking because their
	// position lay on land (Manager.Land) further inland than their error
	// estimate plus Manager.LandMargin.
	OnLand uint64 `json:"on_land"`
	// ShoreEdge counts detections dropped because their box was cut by
	// the frame's edge and their position lay nearer the shore than their
	// error estimate plus Manager.LandMargin: land running out of view (a
	// jetty's tip, a quay), whose extent beyond the frame is unknown.
	ShoreEdge uint64 `json:"shore_edge"`
}

// AnalysisStats returns the vessel analysis counters (zero without
// detection). It is safe to call from any goroutine.
func (m *Manager) AnalysisStats() AnalysisStats {
	if m.analysis == nil {
		return AnalysisStats{}
	}
	return AnalysisStats{OnLand: m.analysis.onLand.Load(), ShoreEdge: m.analysis.shoreEdge.Load()}
}

// landFilter drops the detections that are land, not vessels.
type landFilter struct {
	land              gcs.Surface // nil: none
	margin            float64     // metres, ≥ 0
	onLand, shoreEdge *atomic.Uint64
}

// edgeSlack is how near (pixels) a box's side must be to the frame's
// edge for the box to be cut by it (detectors may scale their boxes).
const edgeSlack = 2

// keep removes from ds, in place and in order, the detections in a
// width×height frame that lie inland, or at the shore with their box cut
// by the frame's edge, and counts them. Unplaced detections are kept.
func (f landFilter) keep(ds []track.Detection, width, height int) []track.Detection {
	if f.land == nil {
		return ds
	}
	out := ds[:0]
	for _, d := range ds {
		if d.Placed {
			near := d.Fix.ErrorM + f.margin
			shore := f.land.Shore(d.Fix.Lat, d.Fix.Lon)
			if shore > near {
				f.onLand.Add(1)
				continue
			}
			if shore > -near && cut(d.Box, width, height) {
				f.shoreEdge.Add(1)
				continue
			}
		}
		out = append(out, d)
	}
	return out
}

// cut reports whether the box touches an edge of the width×height frame.
func cut(b detect.Box, width, height int) bool {
	return b.X <= edgeSlack || b.Y <= edgeSlack || b.X+b.W >= float64(width)-edgeSlack || b.Y+b.H >= float64(height)-edgeSlack
}

// landFilter is the manager's land filter.
func (m *Manager) landFilter() landFilter {
	margin := m.LandMargin
	if !(margin > 0) { // negative or NaN
		margin = 0
	}
	return landFilter{land: m.Land, margin: margin, onLand: &m.analysis.onLand, shoreEdge: &m.analysis.shoreEdge}
}
