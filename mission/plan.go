package mission

import (
	"math"
	"reflect"
	"strings"
)

// MaxItems bounds every list (mission items, fence vertices, rally
// points): MAVLink sequence numbers are uint16. Readers stop there.
const MaxItems = math.MaxUint16

// MAV_TYPE values for Plan.VehicleType most used here.
const (
	VehicleFixedWing = 1
	VehicleQuadrotor = 2
	VehicleHexarotor = 13
	VehicleOctorotor = 14
	VehicleVTOL      = 22 // MAV_TYPE_VTOL_TILTROTOR; QGC uses 19..22 for VTOLs
)

// MAV_AUTOPILOT values for Plan.Firmware.
const (
	FirmwareGeneric   = 0
	FirmwareArduPilot = 3
	FirmwarePX4       = 12
)

// Plan is everything a vehicle flies by: mission items, home, geofence,
// rally points and metadata.
type Plan struct {
	// Name is a human name; QGC and WPL files do not hold it.
	Name string
	// VehicleType is the MAV_TYPE the plan was made for (0 = generic).
	VehicleType int
	// Firmware is the MAV_AUTOPILOT the plan was made for (0 = generic).
	Firmware int
	// CruiseSpeed is the default forward speed for fixed wings, m/s
	// (0 = unset).
	CruiseSpeed float64
	// HoverSpeed is the default forward speed for multirotors, m/s
	// (0 = unset).
	HoverSpeed float64
	// Home is the planned home position, nil when unknown.
	Home *Position
	// Mission is the list of mission items, in flight order.
	Mission []Item
	// Fence is the geofence.
	Fence Fence
	// Rally lists the rally points.
	Rally []RallyPoint
}

// Validate checks the plan's structure: coordinates in range, finite
// numbers, fence vertex counts, jump targets, sizes that fit MAVLink. It
// returns every problem found, item by item; an empty result means valid.
func (p *Plan) Validate() Issues {
	var l Issues
	if !finite(p.CruiseSpeed) || p.CruiseSpeed < 0 {
		l.Errorf(SectionPlan, -1, "cruise_speed", "cruise speed %g must be finite and ≥ 0", p.CruiseSpeed)
	}
	if !finite(p.HoverSpeed) || p.HoverSpeed < 0 {
		l.Errorf(SectionPlan, -1, "hover_speed", "hover speed %g must be finite and ≥ 0", p.HoverSpeed)
	}
	if p.Home != nil {
		checkPosition(&l, SectionHome, -1, "", *p.Home)
	}
	if len(p.Mission) > MaxItems-1 {
		l.Errorf(SectionMission, -1, "", "%d items, at most %d fit a MAVLink upload with home", len(p.Mission), MaxItems-1)
	}
	validateItems(&l, p.Mission)
	p.Fence.validate(&l)
	validateRally(&l, p.Rally)
	return l
}

// ValidateMission checks a mission on its own, as a vehicle gives it back:
// home (nil when unknown) and the items, as Plan.Validate checks them, but
// without the limit on the number of items an upload with home can carry.
func ValidateMission(home *Position, items []Item) Issues {
	var l Issues
	if home != nil {
		checkPosition(&l, SectionHome, -1, "", *home)
	}
	validateItems(&l, items)
	return l
}

// validateItems checks the mission items.
func validateItems(l *Issues, items []Item) {
	for i, it := range items {
		validateItem(l, it, i, len(items))
	}
}

// validateItem checks one mission item.
func validateItem(l *Issues, it Item, i, n int) {
	if it == nil {
		l.Errorf(SectionMission, i, "", "nil item")
		return
	}
	checkFloats(l, i, reflect.ValueOf(it))
	if pos, ok := PositionOf(it); ok {
		checkPosition(l, SectionMission, i, "pos", pos)
	}
	switch v := it.(type) {
	case Jump:
		if v.Target < 0 || v.Target >= n {
			l.Errorf(SectionMission, i, "target", "jump target %d is outside the mission (0..%d)", v.Target, n-1)
		}
		if v.Repeat < -1 {
			l.Errorf(SectionMission, i, "repeat", "repeat %d must be ≥ -1", v.Repeat)
		}
	case Loiter:
		if v.Mode != LoiterUnlimited && v.Mode != LoiterTurns && v.Mode != LoiterTime {
			l.Errorf(SectionMission, i, "mode", "unknown loiter mode %q", v.Mode)
		}
	case Command:
		if isGlobalFrame(v.Frame) {
			checkPoint(l, SectionMission, i, "params", [2]float64{v.Params[5], v.Params[4]})
		}
	}
}

// jsonName is a field's name in properties.
func jsonName(sf reflect.StructField) string {
	name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
	if name == "" {
		return sf.Name
	}
	return name
}

// finite reports whether f is neither NaN nor infinite.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// checkFloats reports infinite float fields, and NaN ones unless tagged
// `mission:"nan"`. Command params may be NaN.
func checkFloats(l *Issues, i int, v reflect.Value) {
	t := v.Type()
	for f := 0; f < t.NumField(); f++ {
		sf, fv := t.Field(f), v.Field(f)
		name := jsonName(sf)
		switch {
		case fv.Kind() == reflect.Float64:
			x := fv.Float()
			if math.IsInf(x, 0) || (math.IsNaN(x) && sf.Tag.Get("mission") != "nan") {
				l.Errorf(SectionMission, i, name, "%g is not a finite number", x)
			}
		case fv.Kind() == reflect.Array:
			for k := 0; k < fv.Len(); k++ {
				if math.IsInf(fv.Index(k).Float(), 0) {
					l.Errorf(SectionMission, i, name, "param%d is infinite", k+1)
				}
			}
		}
	}
}
