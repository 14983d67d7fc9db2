package gcs

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// What a candidate drone is doing (InspectCandidate.Task).
const (
	TaskIdle       = "idle"       // on the ground: takes off to go
	TaskAirborne   = "airborne"   // flying, on no mission (hover, guided)
	TaskMission    = "mission"    // flying its mission: resumes it afterwards
	TaskReturning  = "returning"  // on its way home
	TaskLanding    = "landing"    // landing
	TaskInspecting = "inspecting" // already inspecting
	TaskUnfit      = "unfit"      // lost link, failsafe, two aircraft on its id, no position
)

// Defaults of the battery budget.
const (
	// DefaultInspectOrbitTime is the time over the vessel a drone must
	// have battery for, besides the trips there and home.
	DefaultInspectOrbitTime = 3 * time.Minute
	// DefaultInspectReserve is the battery kept on landing home, percent.
	DefaultInspectReserve = 20.0
	// inspectClimbRate and inspectSinkRate (m/s) time the take-off and the
	// descent home (ArduCopter's WPNAV_SPEED_UP and _DN).
	inspectClimbRate = 2.5
	inspectSinkRate  = 1.5
)

// InspectCandidate is one drone considered for an inspection, with why it
// is or is not fit for it.
type InspectCandidate struct {
	Vehicle VehicleID `json:"vehicle"`
	// Eligible drones may be sent; Chosen is the one the plan sends.
	Eligible bool   `json:"eligible"`
	Chosen   bool   `json:"chosen,omitempty"`
	Task     string `json:"task"`
	// Distance is from the drone to the vessel, metres (-1 unknown).
	Distance float64 `json:"distance"`
	// Battery is its battery (percent, null unknown); BatteryNeeded what
	// the trip there, the orbit time, the trip home and the reserve take.
	Battery       Reading `json:"battery"`
	BatteryNeeded float64 `json:"battery_needed"`
	// Minutes is the estimated flight: there, over the vessel and home.
	Minutes float64 `json:"minutes"`
	// Reasons say why it is not eligible, or what to know when it is.
	Reasons []string `json:"reasons,omitempty"`
	// Camera is true when it has reported a camera or a gimbal.
	Camera bool `json:"camera"`
}

// taskOf says what v is doing, and whether it cannot be sent at all.
func taskOf(v *Vehicle) (task, unfit string) {
	mode := strings.ToUpper(v.Mode)
	switch {
	case v.LinkLost:
		return TaskUnfit, "link lost"
	case v.Conflict != "":
		return TaskUnfit, "two aircraft answer to its id: " + v.Conflict
	case v.Failsafe:
		return TaskUnfit, "in failsafe"
	case !v.HasPosition:
		return TaskUnfit, "no position"
	case !v.Armed || v.Landed == "on_ground":
		return TaskIdle, ""
	case v.Landed == "landing" || strings.Contains(mode, "LAND"):
		return TaskLanding, "landing"
	case strings.Contains(mode, "RTL") || strings.Contains(mode, "RETURN"):
		return TaskReturning, "returning home"
	case v.Mission.State == "active" && (mode == "AUTO" || strings.Contains(mode, "MISSION")):
		return TaskMission, ""
	}
	return TaskAirborne, ""
}

// homeOf is where v lands at the end: its home, else where it stands on
// the ground.
func homeOf(v *Vehicle) (latLon, bool) {
	switch {
	case v.Home != nil && !(v.Home.Lat == 0 && v.Home.Lon == 0):
		return latLon{v.Home.Lat, v.Home.Lon}, true
	case v.HasPosition && (!v.Armed || v.Landed == "on_ground"):
		return latLon{v.Position.Lat, v.Position.Lon}, true
	}
	return latLon{}, false
}

// budget is the flight an inspection asks of v, in seconds: the trip to
// the orbit (with a take-off when on the ground), the orbit time, the
// trip home and the landing.
func (i *Inspector) budget(v *Vehicle, op *Operation, vessel, home latLon, radius, alt float64) float64 {
	speed := op.CruiseSpeed
	here := latLon{v.Position.Lat, v.Position.Lon}
	there := math.Max(distanceM(here, vessel)-radius, 0) / speed
	if task, _ := taskOf(v); task == TaskIdle {
		there += alt / inspectClimbRate
	}
	back := (distanceM(vessel, home)+radius)/speed + alt/inspectSinkRate
	return there + i.orbitTime().Seconds() + back
}

// candidate judges v for an inspection of the vessel at c.
func (i *Inspector) candidate(v *Vehicle, op *Operation, c latLon, radius, alt float64, busy map[VehicleID]bool) InspectCandidate {
	cand := InspectCandidate{Vehicle: v.ID, Distance: -1, Battery: v.Battery.Remaining, Camera: hasCamera(v)}
	task, unfit := taskOf(v)
	cand.Task = task
	if busy[v.ID] {
		cand.Task, unfit = TaskInspecting, "already inspecting"
	}
	if unfit != "" {
		cand.Reasons = append(cand.Reasons, unfit)
	}
	if v.HasPosition {
		cand.Distance = math.Round(distanceM(latLon{v.Position.Lat, v.Position.Lon}, c))
	}
	home, okHome := homeOf(v)
	if !okHome {
		cand.Reasons = append(cand.Reasons, "home unknown: the trip back cannot be budgeted")
	}
	if !cand.Camera {
		cand.Reasons = append(cand.Reasons, "no camera or gimbal reported")
	}
	if v.HasPosition && okHome {
		secs := i.budget(v, op, c, home, radius, alt)
		cand.Minutes = math.Round(secs/6) / 10
		cand.BatteryNeeded = math.Ceil(100*secs/op.Endurance.Seconds() + i.reserve())
		switch rem := v.Battery.Remaining; {
		case !rem.Known():
			cand.Reasons = append(cand.Reasons, fmt.Sprintf("battery unknown (needs %.0f %%): name the drone to send it anyway", cand.BatteryNeeded))
		case float64(rem) < cand.BatteryNeeded:
			cand.Reasons = append(cand.Reasons, fmt.Sprintf("battery %.0f %% is short of the %.0f %% the trip there (%.0f m), %s over the vessel and home, with a %.0f %% reserve, take",
				float64(rem), cand.BatteryNeeded, cand.Distance, i.orbitTime(), i.reserve()))
		}
	}
	cand.Eligible = len(cand.Reasons) == 0
	return cand
}

// rankCandidates puts the eligible first, nearest first, then the others
// by distance; unknown distances last.
func rankCandidates(cs []InspectCandidate) {
	slices.SortStableFunc(cs, func(a, b InspectCandidate) int {
		if a.Eligible != b.Eligible {
			if a.Eligible {
				return -1
			}
			return 1
		}
		da, db := a.Distance, b.Distance
		if da < 0 {
			da = math.Inf(1)
		}
		if db < 0 {
			db = math.Inf(1)
		}
		switch {
		case da < db:
			return -1
		case da > db:
			return 1
		}
		return strings.Compare(string(a.Vehicle), string(b.Vehicle))
	})
}

// named says whether a pilot's explicit pick of a drone lifts every reason
// it is not eligible: an unknown battery and a missing camera are the
// pilot's call; everything else (busy, unfit, short of battery, no home)
// is not.
func named(c InspectCandidate) bool {
	for _, r := range c.Reasons {
		if !strings.HasPrefix(r, "battery unknown") && r != "no camera or gimbal reported" {
			return false
		}
	}
	return true
}
