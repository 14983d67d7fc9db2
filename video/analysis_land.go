package video

import (
	"sync/atomic"

	"skerry/gcs"
	"skerry/video/track"
)

// AnalysisStats counts what vessel analysis did with the detections,
// over all streams since Initialize.
type AnalysisStats struct {
	// OnLand counts detections dropped before tracking because their
	// position lay on land (Manager.Land) further inland than their error
	// estimate plus Manager.LandMargin.
	OnLand uint64 `json:"on_land"`
}

// AnalysisStats returns the vessel analysis counters (zero without
// detection). It is safe to call from any goroutine.
func (m *Manager) AnalysisStats() AnalysisStats {
	if m.analysis == nil {
		return AnalysisStats{}
	}
	return AnalysisStats{OnLand: m.analysis.onLand.Load()}
}

// landFilter drops the detections placed on land.
type landFilter struct {
	land   gcs.Surface // nil: none
	margin float64     // metres, ≥ 0
	count  *atomic.Uint64
}

// onLand reports whether a placed detection lies on land further inland
// than its error estimate plus the margin.
func (f landFilter) onLand(d track.Detection) bool {
	if f.land == nil || !d.Placed {
		return false
	}
	return f.land.Inland(d.Fix.Lat, d.Fix.Lon) > d.Fix.ErrorM+f.margin
}

// keep removes the detections on land from ds (in place, order kept) and
// counts them.
func (f landFilter) keep(ds []track.Detection) []track.Detection {
	if f.land == nil {
		return ds
	}
	out := ds[:0]
	for _, d := range ds {
		if f.onLand(d) {
			f.count.Add(1)
			continue
		}
		out = append(out, d)
	}
	return out
}

// landFilter is the manager's land filter.
func (m *Manager) landFilter() landFilter {
	margin := m.LandMargin
	if !(margin > 0) { // negative or NaN
		margin = 0
	}
	return landFilter{land: m.Land, margin: margin, count: &m.analysis.onLand}
}
