package gcs

import (
	"errors"
	"fmt"
	"time"
)

// Severity ranks an alert.
type Severity string

// Alert severities, least to most urgent.
const (
	SeverityInfo     Severity = "info"
	SeverityWarning  Severity = "warning"
	SeverityCritical Severity = "critical"
)

// Alert is a condition the pilot must know about. It is raised once when
// its cause appears and cleared when the cause ends; Active tells which.
// A pilot acknowledges an alert to say it has been seen (Acked, AckedBy,
// AckedAt); an alert raised again after it cleared is a new alert, not
// acknowledged.
type Alert struct {
	ID       string     `json:"id"` // vehicle/kind, or vehicle/kind/text for status texts
	Vehicle  VehicleID  `json:"vehicle"`
	Kind     string     `json:"kind"`
	Severity Severity   `json:"severity"`
	Message  string     `json:"message"`
	Raised   time.Time  `json:"raised"`
	Cleared  *time.Time `json:"cleared,omitempty"`
	Active   bool       `json:"active"`
	Acked    bool       `json:"acked"`
	AckedBy  string     `json:"acked_by,omitempty"`
	AckedAt  *time.Time `json:"acked_at,omitempty"`
}

// ErrUnknownAlert: no active or recently cleared alert has the id.
var ErrUnknownAlert = errors.New("unknown alert")

// AlertConfig tunes the alert rules. Zero values mean the defaults.
type AlertConfig struct {
	BatteryLow      int           // percent; default 30
	BatteryCritical int           // percent; default 15
	TextHold        time.Duration // a warning status text stays active this long after it was last sent; default 30 s
	History         int           // cleared alerts kept; default 200
}

func (c AlertConfig) withDefaults() AlertConfig {
	if c.BatteryLow == 0 {
		c.BatteryLow = 30
	}
	if c.BatteryCritical == 0 {
		c.BatteryCritical = 15
	}
	if c.TextHold == 0 {
		c.TextHold = 30 * time.Second
	}
	if c.History == 0 {
		c.History = 200
	}
	return c
}

// batteryHysteresis is how many percent above a threshold the battery must
// climb before its alert clears, so a sagging voltage does not flap it.
const batteryHysteresis = 3

// rule is one condition on a vehicle's state. check is told whether the
// alert is active now, so rules can have hysteresis. The message of a
// live rule names the cause (a mode, a path, a pre-arm text): while the
// alert is active its text follows the cause. Other messages carry
// readings (percentages, seconds ahead) and keep the text they were
// raised with, so a sagging battery does not rewrite its alert each tick.
type rule struct {
	kind     string
	severity Severity
	check    func(v *Vehicle, c AlertConfig, active bool) bool
	message  func(v *Vehicle) string
	live     bool
}

var rules = []rule{
	{"link_lost", SeverityCritical,
		func(v *Vehicle, _ AlertConfig, _ bool) bool { return v.LinkLost },
		func(v *Vehicle) string {
			return fmt.Sprintf("link lost: nothing heard since %s", v.LastSeen.UTC().Format(time.TimeOnly))
		}, false},
	{"path_failover", SeverityWarning,
		func(v *Vehicle, _ AlertConfig, _ bool) bool { return !v.LinkLost && pathDown(v) != "" },
		func(v *Vehicle) string { return fmt.Sprintf("path %s down; flying on %s", pathDown(v), activePath(v)) }, true},
	{"sysid_conflict", SeverityCritical,
		func(v *Vehicle, _ AlertConfig, _ bool) bool { return v.Conflict != "" },
		func(v *Vehicle) string {
			return fmt.Sprintf("two vehicles use system id %d on link %s (%s): give them separate links or ids", v.SystemID, v.Link, v.Conflict)
		}, true},
	{"battery_critical", SeverityCritical,
		func(v *Vehicle, c AlertConfig, active bool) bool { return batteryBelow(v, c.BatteryCritical, active) },
		func(v *Vehicle) string {
			return fmt.Sprintf("battery critical: %.0f%% (%.1f V)", v.Battery.Remaining, v.Battery.Voltage)
		}, false},
	{"battery_low", SeverityWarning,
		func(v *Vehicle, c AlertConfig, active bool) bool {
			return batteryBelow(v, c.BatteryLow, active) && !batteryBelow(v, c.BatteryCritical, false)
		},
		func(v *Vehicle) string {
			return fmt.Sprintf("battery low: %.0f%% (%.1f V)", v.Battery.Remaining, v.Battery.Voltage)
		}, false},
	{"failsafe", SeverityCritical,
		func(v *Vehicle, _ AlertConfig, _ bool) bool { return v.Failsafe },
		func(v *Vehicle) string {
			return fmt.Sprintf("failsafe: autopilot reports %s, mode %s", v.SystemStatus, v.Mode)
		}, true},
	{"prearm", SeverityWarning,
		func(v *Vehicle, _ AlertConfig, _ bool) bool {
			return v.Health.PrearmKnown && !v.Health.PrearmOK && !v.Armed
		},
		prearmMessage, true},
	{"fence_breach", SeverityCritical,
		func(v *Vehicle, _ AlertConfig, _ bool) bool { return v.Watch.Breach != "" },
		func(v *Vehicle) string { return "fence breached: " + v.Watch.Detail }, false},
	{"fence_warning", SeverityWarning,
		func(v *Vehicle, _ AlertConfig, _ bool) bool { return v.Watch.Breach == "" && v.Watch.Predicted != "" },
		func(v *Vehicle) string {
			return fmt.Sprintf("fence breach ahead in %.0f s at this velocity: %s", v.Watch.PredictedIn, v.Watch.Detail)
		}, false},
	{"zone_breach", SeverityCritical,
		func(v *Vehicle, _ AlertConfig, _ bool) bool { return v.Zones.Breach != "" },
		func(v *Vehicle) string { return "in breach of the operation's airspace: " + v.Zones.Detail }, false},
	{"zone_warning", SeverityWarning,
		func(v *Vehicle, _ AlertConfig, _ bool) bool { return v.Zones.Breach == "" && v.Zones.Predicted != "" },
		func(v *Vehicle) string {
			return fmt.Sprintf("airspace breach ahead in %.0f s at this velocity: %s", v.Zones.PredictedIn, v.Zones.Detail)
		}, false},
	{"fence_autopilot", SeverityCritical,
		func(v *Vehicle, _ AlertConfig, _ bool) bool { return v.Fence.Breached },
		func(v *Vehicle) string {
			return fmt.Sprintf("autopilot reports a %s fence breach (%d so far); mode %s", v.Fence.Type, v.Fence.Count, v.Mode)
		}, true},
	{"gps", SeverityWarning,
		func(v *Vehicle, _ AlertConfig, _ bool) bool { return v.Armed && v.GPS.Fix < 3 },
		func(v *Vehicle) string {
			return fmt.Sprintf("GPS: no 3D fix while armed (fix %d, %.0f satellites)", v.GPS.Fix, v.GPS.Satellites)
		}, false},
}

func batteryBelow(v *Vehicle, threshold int, active bool) bool {
	if !v.Battery.Remaining.Known() || v.Battery.Remaining < 0 {
		return false
	}
	r, t := float64(v.Battery.Remaining), float64(threshold)
	if active {
		return r < t+batteryHysteresis
	}
	return r <= t
}

// pathDown names the first down path of a vehicle with several paths.
func pathDown(v *Vehicle) string {
	if len(v.Paths) < 2 {
		return ""
	}
	for _, p := range v.Paths {
		if !p.Up {
			return p.Link
		}
	}
	return ""
}

func activePath(v *Vehicle) string {
	for _, p := range v.Paths {
		if p.Active {
			return p.Link
		}
	}
	return "none"
}

func prearmMessage(v *Vehicle) string {
	for i := len(v.Messages) - 1; i >= 0; i-- {
		if t := v.Messages[i].Text; len(t) > 7 && t[:7] == "PreArm:" {
			return "pre-arm check failing: " + t
		}
	}
	return "pre-arm checks failing"
}
