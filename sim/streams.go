package sim

import (
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
)

// MAV_DATA_STREAM groups (REQUEST_DATA_STREAM ids).
const (
	groupNone      = -1 // not part of a group (HEARTBEAT, fixed 1 Hz)
	groupOnRequest = -2 // in no group: sent only once asked (SET_MESSAGE_INTERVAL)
	groupAll       = 0
	groupExtStat   = 2  // SRx_EXT_STAT
	groupPosition  = 6  // SRx_POSITION
	groupExtra1    = 10 // SRx_EXTRA1
	groupExtra2    = 11 // SRx_EXTRA2
	groupExtra3    = 12 // SRx_EXTRA3
)

// defaultGroupHz is ArduPilot's default SRx_ rate for the groups above
// (GCS_MAVLINK_Parameters in ArduPilot 4.5+: 1 Hz for RAW_SENS, EXT_STAT,
// RC_CHAN, RAW_CTRL, POSITION, EXTRA1, EXTRA2 and EXTRA3).
const defaultGroupHz = 1

// streamDefs lists the streamed messages and their ArduPilot stream group.
// RAW_SENS and RC_CHAN messages are not simulated.
var streamDefs = []struct {
	id    uint32
	group int
}{
	{0, groupNone},        // HEARTBEAT
	{1, groupExtStat},     // SYS_STATUS
	{24, groupExtStat},    // GPS_RAW_INT
	{245, groupOnRequest}, // EXTENDED_SYS_STATE: in no ArduPilot stream group
	{42, groupExtStat},    // MISSION_CURRENT
	{162, groupExtStat},   // FENCE_STATUS (only while FENCE_ENABLE = 1)
	{33, groupPosition},   // GLOBAL_POSITION_INT
	{30, groupExtra1},     // ATTITUDE
	{74, groupExtra2},     // VFR_HUD
	{168, groupExtra3},    // WIND
	{147, groupExtra3},    // BATTERY_STATUS
	{2, groupExtra3},      // SYSTEM_TIME
}

// stream is one periodically sent message.
type stream struct {
	id       uint32
	group    int
	interval time.Duration // 0 = off
	override bool          // set by SET_MESSAGE_INTERVAL; group requests leave it
	next     time.Duration
}

// streamSet is a vehicle's stream schedule in simulated time.
type streamSet struct{ s []stream }

// poseIDs are the messages Config.PoseHz sets: GLOBAL_POSITION_INT,
// ATTITUDE and VFR_HUD.
var poseIDs = map[uint32]bool{33: true, 30: true, 74: true}

// newStreamSet returns the default schedule; hz > 0 overrides group rates
// and poseHz > 0 fixes the rate of poseIDs.
func newStreamSet(hz, poseHz float64, now time.Duration) streamSet {
	if hz <= 0 {
		hz = defaultGroupHz
	}
	var ss streamSet
	for _, d := range streamDefs {
		st := stream{id: d.id, group: d.group, interval: hzInterval(hz), next: now}
		switch {
		case d.group == groupNone:
			st.interval = time.Second
		case d.group == groupOnRequest:
			st.interval = 0
		case poseHz > 0 && poseIDs[d.id]:
			st.interval, st.override = hzInterval(poseHz), true
		}
		ss.s = append(ss.s, st)
	}
	return ss
}

// hzInterval converts a rate to an interval (0 Hz = off).
func hzInterval(hz float64) time.Duration {
	if hz <= 0 {
		return 0
	}
	return time.Duration(float64(time.Second) / hz)
}

// run sends every due message.
func (v *vehicle) runStreams() {
	for i := range v.streams.s {
		st := &v.streams.s[i]
		if st.interval <= 0 || v.t < st.next {
			continue
		}
		if m := v.buildMessage(st.id); m != nil {
			v.send(m)
		}
		st.next += st.interval
		if st.next <= v.t {
			st.next = v.t + st.interval
		}
	}
}

// handleRequestDataStream sets a group's rate (start_stop 0 stops it);
// messages with an explicit SET_MESSAGE_INTERVAL keep theirs.
func (v *vehicle) handleRequestDataStream(m *common.MessageRequestDataStream) {
	hz := float64(m.ReqMessageRate)
	if m.StartStop == 0 {
		hz = 0
	}
	for i := range v.streams.s {
		st := &v.streams.s[i]
		if st.override || st.group < 0 {
			continue
		}
		if int(m.ReqStreamId) == groupAll || int(m.ReqStreamId) == st.group {
			st.interval = hzInterval(hz)
			st.next = v.t
		}
	}
}

// cmdSetMessageInterval implements MAV_CMD_SET_MESSAGE_INTERVAL: interval
// in µs, -1 disables, 0 restores the default; messages the vehicle cannot
// send give MAV_RESULT_FAILED, as in ArduPilot.
func (v *vehicle) cmdSetMessageInterval(id uint32, us float32) common.MAV_RESULT {
	if v.buildMessage(id) == nil {
		return resFailed
	}
	st := v.streamFor(id)
	switch {
	case us < 0:
		st.interval, st.override = 0, true
	case us == 0:
		st.interval = v.defaultInterval(st)
		st.override = v.sim.cfg.PoseHz > 0 && poseIDs[id]
	default:
		st.interval, st.override = time.Duration(us)*time.Microsecond, true
	}
	st.next = v.t
	return resAccepted
}

// streamFor returns the schedule entry of id, adding one if needed.
func (v *vehicle) streamFor(id uint32) *stream {
	for i := range v.streams.s {
		if v.streams.s[i].id == id {
			return &v.streams.s[i]
		}
	}
	v.streams.s = append(v.streams.s, stream{id: id, group: groupNone})
	return &v.streams.s[len(v.streams.s)-1]
}

// defaultInterval is the default interval of a stream entry.
func (v *vehicle) defaultInterval(st *stream) time.Duration {
	for _, d := range streamDefs {
		if d.id == st.id {
			switch d.group {
			case groupNone:
				return time.Second
			case groupOnRequest:
				return 0
			}
			if v.sim.cfg.PoseHz > 0 && poseIDs[d.id] {
				return hzInterval(v.sim.cfg.PoseHz)
			}
			hz := v.sim.cfg.StreamHz
			if hz <= 0 {
				hz = defaultGroupHz
			}
			return hzInterval(hz)
		}
	}
	return 0
}

// cmdRequestMessage sends one message now (MAV_CMD_REQUEST_MESSAGE).
func (v *vehicle) cmdRequestMessage(id uint32) common.MAV_RESULT {
	m := v.buildMessage(id)
	if m == nil {
		return resFailed
	}
	v.send(m)
	return resAccepted
}
