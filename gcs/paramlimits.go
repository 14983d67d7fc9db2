package gcs

import (
	"fmt"
	"math"
	"strconv"
)

// ParamLimits is what a value of one parameter must be: within Min..Max,
// and a whole number when Integer. Source says where the range comes from.
type ParamLimits struct {
	Min     float64 `json:"min"`
	Max     float64 `json:"max"`
	Integer bool    `json:"integer"`
	Source  string  `json:"source"`
}

// knownRange is a range documented for a parameter beyond its type's.
type knownRange struct {
	min, max float64
	source   string
}

// knownRanges are the documented ranges of the parameters the station
// itself sets (the fence it uploads, the speeds and return altitude its
// plans rely on) and of the failsafe settings a pilot most often edits.
// They come from the @Range and @Values of each parameter in ArduPilot's
// source (the parameter list at ardupilot.org/copter/docs/parameters.html
// is generated from them) and from PX4's parameter reference for GF_*;
// where Copter and Plane differ the range covers both. They are compiled
// in: the station downloads no metadata at run time. A parameter not listed
// is held to its type's range alone.
var knownRanges = map[string]knownRange{
	"FENCE_ENABLE":   {0, 1, "ArduPilot AC_Fence: 0 disabled, 1 enabled"},
	"FENCE_TYPE":     {0, 15, "ArduPilot AC_Fence: bitmask 1 max altitude, 2 circle, 4 polygons, 8 min altitude"},
	"FENCE_ACTION":   {0, 7, "ArduPilot AC_Fence: Copter 0–5 (report, RTL or land, land, SmartRTL, brake, SmartRTL or land), Plane 0, 1, 6, 7"},
	"FENCE_ALT_MAX":  {10, 1000, "ArduPilot AC_Fence: metres above home"},
	"FENCE_ALT_MIN":  {-100, 100, "ArduPilot AC_Fence: metres above home"},
	"FENCE_RADIUS":   {30, 10000, "ArduPilot AC_Fence: circle around home, metres"},
	"FENCE_MARGIN":   {1, 10, "ArduPilot AC_Fence: metres"},
	"WPNAV_SPEED":    {10, 2000, "ArduPilot AC_WPNav: cm/s (20–2000 before Copter 4.5)"},
	"WPNAV_SPEED_UP": {10, 1000, "ArduPilot AC_WPNav: cm/s"},
	"WPNAV_SPEED_DN": {10, 500, "ArduPilot AC_WPNav: cm/s"},
	"WPNAV_RADIUS":   {5, 1000, "ArduPilot AC_WPNav: cm"},
	"WPNAV_ACCEL":    {50, 500, "ArduPilot AC_WPNav: cm/s/s"},
	"RTL_ALT":        {200, 300000, "ArduCopter Parameters.cpp: cm above home"},
	"RTL_ALT_FINAL":  {0, 1000, "ArduCopter Parameters.cpp: cm, 0 lands"},
	"RTL_SPEED":      {0, 2000, "ArduCopter Parameters.cpp: cm/s, 0 = WPNAV_SPEED"},
	"RTL_LOIT_TIME":  {0, 60000, "ArduCopter Parameters.cpp: ms"},
	"SYSID_THISMAV":  {1, 255, "ArduPilot: MAVLink system id of the vehicle"},
	"SYSID_MYGCS":    {1, 255, "ArduPilot: the ground station's system id"},
	"FS_GCS_ENABLE":  {0, 7, "ArduCopter: 0 off, 1 RTL … 7 brake or land"},
	"FS_GCS_TIMEOUT": {2, 120, "ArduCopter: seconds"},
	"FS_EKF_ACTION":  {1, 3, "ArduCopter: 1 land, 2 AltHold, 3 land even in Stabilize"},
	"BATT_FS_LOW_ACT": {0, 7,
		"ArduPilot AP_BattMonitor: Copter 0 none … 7 brake or land, Plane 0 none … 6 loiter to QLand"},
	"BATT_FS_CRT_ACT": {0, 7, "ArduPilot AP_BattMonitor: as BATT_FS_LOW_ACT"},
	"GF_ACTION":       {0, 5, "PX4 geofence: 0 none, 1 warn, 2 hold, 3 return, 4 terminate, 5 land"},
}

// typeRange is the range a parameter type can hold. real32 is what
// ArduPilot sends for every float; a value it cannot hold (beyond ±3.4e38)
// would reach the vehicle as infinity.
func typeRange(t ParamType) (lo, hi float64, integer bool) {
	switch t {
	case ParamUint8:
		return 0, math.MaxUint8, true
	case ParamInt8:
		return math.MinInt8, math.MaxInt8, true
	case ParamUint16:
		return 0, math.MaxUint16, true
	case ParamInt16:
		return math.MinInt16, math.MaxInt16, true
	case ParamUint32:
		return 0, math.MaxUint32, true
	case ParamInt32:
		return math.MinInt32, math.MaxInt32, true
	case ParamUint64:
		return 0, math.MaxUint64, true
	case ParamInt64:
		return math.MinInt64, math.MaxInt64, true
	case ParamReal64:
		return -math.MaxFloat64, math.MaxFloat64, false
	}
	return -math.MaxFloat32, math.MaxFloat32, false // real32, or a type not said
}

// LimitsOf returns the limits of parameter name stored as type t: its
// type's range, narrowed by its documented range when it has one.
func LimitsOf(name string, t ParamType) ParamLimits {
	lo, hi, integer := typeRange(t)
	if t == "" {
		t = ParamReal32
	}
	l := ParamLimits{Min: lo, Max: hi, Integer: integer, Source: string(t)}
	if k, ok := knownRanges[name]; ok {
		l.Min, l.Max = math.Max(lo, k.min), math.Min(hi, k.max)
		l.Source = string(t) + "; " + k.source
	}
	return l
}

// Check says why value does not fit the limits of parameter name, or nil.
// NaN and infinities never fit.
func (l ParamLimits) Check(name string, value float64) error {
	switch {
	case math.IsNaN(value) || math.IsInf(value, 0):
		return fmt.Errorf("%w: %s: %v is not a number a vehicle can keep", ErrParamRange, name, value)
	case l.Integer && value != math.Trunc(value):
		return fmt.Errorf("%w: %s is a whole number (%s): %s is not", ErrParamRange, name, l.Source, num(value))
	case value < l.Min || value > l.Max:
		return fmt.Errorf("%w: %s must be within %s to %s (%s): %s is not", ErrParamRange, name, num(l.Min), num(l.Max), l.Source, num(value))
	}
	return nil
}

// num writes a number briefly, as a pilot would type it: whole numbers
// below 10¹⁵ in full, others in the shortest form that reads back the same.
func num(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
