package gcs

import (
	"fmt"

	"skerry/mission"
)

// VehicleFence is what a vehicle will enforce once a plan is on it besides
// the plan's own fence, and the settings the upload changes to get there
// (PlanLink.PlanFence). The pilot sees it before the upload; the route is
// checked against the limits kept.
type VehicleFence struct {
	// KeptRadius, KeptCeiling and KeptFloor are the vehicle's own limits
	// the upload leaves in force: its circle (metres from home) and its
	// altitude limits (metres above home); nil for none.
	KeptRadius  *float64 `json:"kept_radius,omitempty"`
	KeptCeiling *float64 `json:"kept_ceiling,omitempty"`
	KeptFloor   *float64 `json:"kept_floor,omitempty"`
	// Changes are the vehicle settings the upload writes.
	Changes []SettingChange `json:"changes"`
}

// SettingChange is one vehicle setting an upload writes.
type SettingChange struct {
	Name string `json:"name"`
	// From is the value before, nil when it could not be read.
	From *float64 `json:"from"`
	To   float64  `json:"to"`
	Why  string   `json:"why"`
}

// String says the change in one line: "FENCE_RADIUS 300 → 1200 (why)".
func (c SettingChange) String() string {
	from := "?"
	if c.From != nil {
		from = fmt.Sprintf("%g", *c.From)
	}
	return fmt.Sprintf("%s %s → %g (%s)", c.Name, from, c.To, c.Why)
}

// Fence is the kept limits as a fence to check routes against.
func (vf VehicleFence) Fence() mission.Fence {
	var f mission.Fence
	f.Radius = vf.KeptRadius
	if vf.KeptCeiling != nil {
		f.Ceiling = &mission.Altitude{M: *vf.KeptCeiling, Ref: mission.AltRelative}
	}
	if vf.KeptFloor != nil {
		f.Floor = &mission.Altitude{M: *vf.KeptFloor, Ref: mission.AltRelative}
	}
	return f
}

// Besides is the kept limits that fence f does not set itself: a limit a
// plan gives replaces the vehicle's.
func (vf VehicleFence) Besides(f mission.Fence) mission.Fence {
	kept := vf.Fence()
	if f.Radius != nil {
		kept.Radius = nil
	}
	if f.Ceiling != nil {
		kept.Ceiling = nil
	}
	if f.Floor != nil {
		kept.Floor = nil
	}
	return kept
}

// Enforced is what the vehicle enforces with fence f on it: f with the
// limits the vehicle keeps where f sets none.
func (vf VehicleFence) Enforced(f mission.Fence) mission.Fence {
	kept := vf.Fence()
	if f.Radius == nil {
		f.Radius = kept.Radius
	}
	if f.Ceiling == nil {
		f.Ceiling = kept.Ceiling
	}
	if f.Floor == nil {
		f.Floor = kept.Floor
	}
	return f
}
