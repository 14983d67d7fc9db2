package sim

import "github.com/bluenviron/gomavlib/v3/pkg/dialects/common"

// setMissionCurrent is AP_Mission::set_current_cmd: while running the
// mission continues at seq; otherwise seq is where it resumes.
func (v *vehicle) setMissionCurrent(seq int, reset bool) bool {
	n := v.missionItems()
	if n <= 1 || seq >= n {
		return false
	}
	seq = max(seq, 1)
	if reset {
		v.auto.jumps = map[int]int{}
	}
	if v.auto.state == missionRunning && v.st.mode == v.autoMode() {
		v.advanceNav(seq)
		return true
	}
	v.auto.state, v.auto.navIdx = missionStopped, seq
	return true
}

// cmdMissionStart is copter's MAV_CMD_MISSION_START: armed, enter AUTO and
// start (or resume) the mission, allowing the takeoff.
func (v *vehicle) cmdMissionStart() common.MAV_RESULT {
	if !v.st.armed || !v.setMode(v.autoMode(), "mission start") {
		return resFailed
	}
	v.auto.autoArmed = true
	if v.auto.state != missionRunning {
		v.autoEnter()
	}
	return resAccepted
}

// handleMissionSetCurrent answers MISSION_SET_CURRENT with MISSION_CURRENT
// carrying the requested seq, as ArduPilot does (there is no ACK).
func (v *vehicle) handleMissionSetCurrent(m *common.MessageMissionSetCurrent) {
	if v.setMissionCurrent(int(m.Seq), false) {
		mc := v.msgMissionCurrent()
		mc.Seq = m.Seq
		v.send(mc)
	}
}

// msgMissionCurrent is ArduPilot 4.5's MISSION_CURRENT: total excludes
// home; mission_id, fence_id and rally_points_id are not filled (0).
func (v *vehicle) msgMissionCurrent() *common.MessageMissionCurrent {
	total := v.missionItems() - 1
	state := common.MISSION_STATE_NO_MISSION
	if total > 0 {
		state = []common.MISSION_STATE{common.MISSION_STATE_NOT_STARTED, common.MISSION_STATE_ACTIVE, common.MISSION_STATE_COMPLETE}[v.auto.state]
	}
	mode := uint8(0)
	if v.st.mode == v.autoMode() {
		mode = 1
	}
	return &common.MessageMissionCurrent{Seq: uint16(v.auto.navIdx), Total: uint16(total), MissionState: state, MissionMode: mode}
}
