package sim

import (
	"sort"
	"strings"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
)

// paramDef is one parameter: its name, ArduPilot type and default.
type paramDef struct {
	name string
	typ  common.MAV_PARAM_TYPE
	def  float32
}

const (
	pInt8  = common.MAV_PARAM_TYPE_INT8
	pInt16 = common.MAV_PARAM_TYPE_INT16
	pInt32 = common.MAV_PARAM_TYPE_INT32
	pReal  = common.MAV_PARAM_TYPE_REAL32
)

// copterParams are the ArduCopter parameters the simulator uses, with
// ArduCopter's defaults except where noted:
//   - FS_GCS_ENABLE 0 (disabled), ArduCopter's default; set 1 for RTL.
//   - BATT_CRT_VOLT 10.0, BATT_FS_LOW_ACT 2 (RTL), BATT_FS_CRT_ACT 1 (LAND):
//     ArduPilot ships 0 (disabled) for these; the simulator enables them so
//     battery failsafes happen out of the box, as a configured vehicle does.
var copterParams = []paramDef{
	{"SYSID_THISMAV", pInt16, 1},
	{"SYSID_MYGCS", pInt16, 255},
	{"RTL_ALT", pInt32, 1500},       // cm
	{"RTL_ALT_FINAL", pInt32, 0},    // cm, 0 = land
	{"RTL_SPEED", pInt16, 0},        // cm/s, 0 = WPNAV_SPEED
	{"WPNAV_SPEED", pReal, 1000},    // cm/s
	{"WPNAV_ACCEL", pReal, 250},     // cm/s/s
	{"WPNAV_SPEED_UP", pReal, 250},  // cm/s
	{"WPNAV_SPEED_DN", pReal, 150},  // cm/s
	{"PILOT_SPEED_UP", pInt16, 250}, // cm/s
	{"PILOT_SPEED_DN", pInt16, 0},   // cm/s, 0 = PILOT_SPEED_UP
	{"PILOT_ACCEL_Z", pInt16, 250},  // cm/s/s
	{"LAND_SPEED", pInt16, 50},      // cm/s below LAND_ALT_LOW
	{"LAND_SPEED_HIGH", pInt16, 0},  // cm/s, 0 = WPNAV_SPEED_DN
	{"LAND_ALT_LOW", pInt16, 1000},  // cm
	{"CIRCLE_RADIUS", pReal, 1000},  // cm
	{"CIRCLE_RATE", pReal, 20},      // deg/s
	{"DISARM_DELAY", pInt8, 10},     // s
	{"FENCE_ENABLE", pInt8, 0},
	{"FENCE_TYPE", pInt8, 7},
	{"FENCE_ACTION", pInt8, 1},
	{"FENCE_ALT_MAX", pReal, 100},
	{"FENCE_RADIUS", pReal, 300},
	{"FENCE_MARGIN", pReal, 2},
	{"FENCE_ALT_MIN", pReal, -10},
	{"RALLY_INCL_HOME", pInt8, 1},
	{"RALLY_LIMIT_KM", pReal, 0.3},
	{"WPNAV_RADIUS", pReal, 200}, // cm
	{"FS_GCS_ENABLE", pInt8, 0},
	{"FS_GCS_TIMEOUT", pReal, 5},
	{"FS_EKF_ACTION", pInt8, 1},
	{"BATT_MONITOR", pInt8, 4},
	{"BATT_CAPACITY", pInt32, 3300},
	{"BATT_LOW_VOLT", pReal, 10.5},
	{"BATT_CRT_VOLT", pReal, 10.0},
	{"BATT_LOW_TIMER", pInt8, 10},
	{"BATT_FS_LOW_ACT", pInt8, 2},
	{"BATT_FS_CRT_ACT", pInt8, 1},
	{"BATT_ARM_VOLT", pReal, 0},
	{"ARMING_CHECK", pInt32, 1},
}

// planeParams are the ArduPlane parameters the simulator uses (ArduPlane
// defaults; battery failsafe actions 1 = RTL for both levels, see above).
var planeParams = []paramDef{
	{"SYSID_THISMAV", pInt16, 1},
	{"SYSID_MYGCS", pInt16, 255},
	{"AIRSPEED_CRUISE", pReal, 15}, // m/s
	{"ROLL_LIMIT_DEG", pReal, 45},
	{"WP_LOITER_RAD", pInt16, 60}, // m
	{"RTL_RADIUS", pInt16, 0},     // m, 0 = WP_LOITER_RAD
	{"RTL_ALTITUDE", pReal, 100},  // m above home (ALT_HOLD_RTL in older versions)
	{"TKOFF_ALT", pReal, 50},      // m
	{"TECS_CLMB_MAX", pReal, 5},   // m/s
	{"TECS_SINK_MAX", pReal, 5},   // m/s
	{"FENCE_ENABLE", pInt8, 0},
	{"FENCE_TYPE", pInt8, 7},
	{"FENCE_ACTION", pInt8, 1},
	{"FENCE_ALT_MAX", pReal, 100},
	{"FENCE_RADIUS", pReal, 300},
	{"FENCE_MARGIN", pReal, 2},
	{"FENCE_ALT_MIN", pReal, -10},
	{"RALLY_INCL_HOME", pInt8, 0},
	{"RALLY_LIMIT_KM", pReal, 5},
	{"WP_RADIUS", pInt16, 90}, // m
	{"FS_GCS_ENABL", pInt8, 0},
	{"FS_LONG_TIMEOUT", pReal, 5},
	{"BATT_MONITOR", pInt8, 4},
	{"BATT_CAPACITY", pInt32, 3300},
	{"BATT_LOW_VOLT", pReal, 10.5},
	{"BATT_CRT_VOLT", pReal, 10.0},
	{"BATT_LOW_TIMER", pInt8, 10},
	{"BATT_FS_LOW_ACT", pInt8, 1},
	{"BATT_FS_CRT_ACT", pInt8, 1},
	{"ARMING_CHECK", pInt32, 1},
}

// paramTable is an indexed, immutable parameter table shared by vehicles.
type paramTable struct {
	defs  []paramDef
	index map[string]int
}

// newParamTable sorts defs by name (ArduPilot's order differs; any stable
// order is valid for the protocol) and indexes them.
func newParamTable(defs []paramDef) *paramTable {
	d := append([]paramDef(nil), defs...)
	sort.Slice(d, func(i, j int) bool { return d[i].name < d[j].name })
	t := &paramTable{defs: d, index: make(map[string]int, len(d))}
	for i, p := range d {
		t.index[p.name] = i
	}
	return t
}

var (
	copterTable = newParamTable(withBulk(copterParams, sharedBulk, copterBulk))
	planeTable  = newParamTable(withBulk(planeParams, sharedBulk, planeBulk))
)

// params holds one vehicle's parameter values.
type params struct {
	t    *paramTable
	vals []float32
}

// newParams returns defaults for table t.
func newParams(t *paramTable) params {
	p := params{t: t, vals: make([]float32, len(t.defs))}
	for i, d := range t.defs {
		p.vals[i] = d.def
	}
	return p
}

// get returns a parameter by name (0 when unknown: a programming error,
// caught by tests).
func (p *params) get(name string) float64 {
	if i, ok := p.t.index[name]; ok {
		return float64(p.vals[i])
	}
	return 0
}

// set stores a value by name, rounding integer types as ArduPilot does.
func (p *params) set(name string, v float32) (int, bool) {
	i, ok := p.t.index[strings.TrimRight(name, "\x00")]
	if !ok {
		return 0, false
	}
	if p.t.defs[i].typ != pReal {
		v = float32(int64(v + 0.5*sign32(v)))
	}
	p.vals[i] = v
	return i, true
}

// sign32 returns the sign of v as ±1.
func sign32(v float32) float32 {
	if v < 0 {
		return -1
	}
	return 1
}

// value returns the PARAM_VALUE message of parameter i. Like ArduPilot,
// it carries the index only in a PARAM_REQUEST_LIST stream and in answers
// to a read by index; answers by name and to PARAM_SET say 65535 (-1).
func (p *params) value(i int, indexed bool) *common.MessageParamValue {
	m := &common.MessageParamValue{
		ParamId:    p.t.defs[i].name,
		ParamValue: p.vals[i],
		ParamType:  p.t.defs[i].typ,
		ParamCount: uint16(len(p.vals)),
		ParamIndex: 65535,
	}
	if indexed {
		m.ParamIndex = uint16(i)
	}
	return m
}

// paramsPerStep is how many PARAM_VALUEs a PARAM_REQUEST_LIST stream sends
// per physics step (20 ms): 250 a second of simulated time. ArduPilot paces
// the stream the same way (GCS_MAVLINK::queued_param_send: what the link's
// bandwidth allows, at most 5 per call on a link without flow control), so
// a thousand parameters take seconds, and telemetry goes on meanwhile.
const paramsPerStep = 5

// paramStream is a PARAM_REQUEST_LIST being answered.
type paramStream struct {
	on   bool
	next int // index of the next parameter to send
}

// handleParamRequestList starts streaming every parameter, from the first
// again if a stream was under way (as ArduPilot restarts it).
func (v *vehicle) handleParamRequestList() {
	v.pstream = paramStream{on: true}
}

// streamParams sends the next parameters of a PARAM_REQUEST_LIST stream;
// it runs every physics step.
func (v *vehicle) streamParams() {
	for n := 0; v.pstream.on && n < paramsPerStep; n++ {
		v.send(v.params.value(v.pstream.next, true))
		v.pstream.next++
		v.pstream.on = v.pstream.next < len(v.params.vals)
	}
}

// handleParamRequestRead answers by index (ParamIndex ≥ 0) or by name;
// unknown parameters get no answer, as in ArduPilot.
func (v *vehicle) handleParamRequestRead(m *common.MessageParamRequestRead) {
	i, byIndex := int(m.ParamIndex), m.ParamIndex >= 0
	if !byIndex {
		var ok bool
		if i, ok = v.params.t.index[m.ParamId]; !ok {
			return
		}
	}
	if i >= len(v.params.vals) {
		return
	}
	v.send(v.params.value(i, byIndex))
}

// handleParamSet stores the value and answers with PARAM_VALUE; unknown
// names are ignored, as in ArduPilot.
func (v *vehicle) handleParamSet(m *common.MessageParamSet) {
	i, ok := v.params.set(m.ParamId, m.ParamValue)
	if !ok {
		return
	}
	v.send(v.params.value(i, false))
}
