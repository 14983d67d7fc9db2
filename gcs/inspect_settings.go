package gcs

import (
	"log/slog"
	"time"
)

// lawOf is the active operation, nil when none.
func (i *Inspector) lawOf() *Operation {
	if i.Operation == nil {
		return nil
	}
	return i.Operation.Get()
}

// op is the active operation, or one with the default endurance and
// cruise speed to budget batteries with.
func (i *Inspector) op() *Operation {
	if op := i.lawOf(); op != nil && op.Endurance > 0 && op.CruiseSpeed > 0 {
		return op
	}
	return &Operation{Endurance: DefaultEndurance, CruiseSpeed: DefaultCruiseSpeed}
}

func orDefault(asked, configured, def float64) float64 {
	switch {
	case asked > 0:
		return asked
	case configured > 0:
		return configured
	}
	return def
}

func (i *Inspector) now() time.Time {
	if i.Now != nil {
		return i.Now()
	}
	return time.Now()
}

func (i *Inspector) log() *slog.Logger {
	if i.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return i.Log
}

func (i *Inspector) period() time.Duration {
	if i.Period > 0 {
		return i.Period
	}
	return 2 * time.Second
}

func (i *Inspector) maxRadius() float64 { return orDefault(i.MaxRadius, 0, DefaultInspectMaxRadius) }
func (i *Inspector) step() float64      { return orDefault(i.Step, 0, DefaultInspectStep) }
func (i *Inspector) orbitSpeed() float64 {
	return orDefault(i.OrbitSpeed, 0, 5)
}
func (i *Inspector) reserve() float64 { return orDefault(i.Reserve, 0, DefaultInspectReserve) }

func (i *Inspector) points() int {
	if i.Points >= 4 {
		return i.Points
	}
	return DefaultInspectPoints
}

func (i *Inspector) orbitTime() time.Duration {
	if i.OrbitTime > 0 {
		return i.OrbitTime
	}
	return DefaultInspectOrbitTime
}

func (i *Inspector) lostAfter() time.Duration {
	if i.LostAfter > 0 {
		return i.LostAfter
	}
	return time.Minute
}

func (i *Inspector) refusedAfter() int {
	if i.RefusedAfter > 0 {
		return i.RefusedAfter
	}
	return 5
}
