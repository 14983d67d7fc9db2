package sim

import (
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/frame"
	"github.com/bluenviron/gomavlib/v3/pkg/message"
)

// inbound is a received message with its sender.
type inbound struct {
	sys, comp uint8
	msg       message.Message
}

// receive applies inbound faults to a frame from path ep and handles it.
func (v *vehicle) receive(ep *endpoint, f frame.Frame) {
	in := inbound{sys: f.GetSystemID(), comp: f.GetComponentID(), msg: f.GetMessage()}
	if ep.p.isCut() {
		v.sim.stats.dropped.Add(1)
		return
	}
	v.mu.Lock()
	fl := ep.p.faults.Load()
	drop, delay := faultDecision(fl, ep.in, dropIn(fl))
	v.mu.Unlock()
	if drop {
		v.sim.stats.dropped.Add(1)
		return
	}
	if delay > 0 {
		time.AfterFunc(delay, func() { v.handleLocked(in) })
		return
	}
	v.handleLocked(in)
}

// handleLocked handles one message under the vehicle lock.
func (v *vehicle) handleLocked(in inbound) {
	v.sim.stats.framesIn.Add(1)
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.sim.closed.Load() {
		return
	}
	v.handle(in)
}

// targetSystem returns the target system of messages that have one.
func targetSystem(m message.Message) (uint8, bool) {
	switch m := m.(type) {
	case *common.MessageCommandLong:
		return m.TargetSystem, true
	case *common.MessageCommandInt:
		return m.TargetSystem, true
	case *common.MessageSetMode:
		return m.TargetSystem, true
	case *common.MessageParamSet:
		return m.TargetSystem, true
	case *common.MessageParamRequestRead:
		return m.TargetSystem, true
	case *common.MessageParamRequestList:
		return m.TargetSystem, true
	case *common.MessageRequestDataStream:
		return m.TargetSystem, true
	case *common.MessageSetPositionTargetGlobalInt:
		return m.TargetSystem, true
	case *common.MessageMissionCount:
		return m.TargetSystem, true
	case *common.MessageMissionItemInt:
		return m.TargetSystem, true
	case *common.MessageMissionItem:
		return m.TargetSystem, true
	case *common.MessageMissionRequestList:
		return m.TargetSystem, true
	case *common.MessageMissionRequestInt:
		return m.TargetSystem, true
	case *common.MessageMissionRequest:
		return m.TargetSystem, true
	case *common.MessageMissionClearAll:
		return m.TargetSystem, true
	case *common.MessageMissionSetCurrent:
		return m.TargetSystem, true
	}
	return 0, false
}

// handle dispatches one message; messages for another system are ignored.
func (v *vehicle) handle(in inbound) {
	if sys, ok := targetSystem(in.msg); ok && sys != 0 && sys != v.sysid {
		return
	}
	if v.cameraOwns(in.msg) {
		v.handleCameraCommand(in)
		return
	}
	switch m := in.msg.(type) {
	case *common.MessageHeartbeat:
		v.handleHeartbeat(in.sys, m)
	case *common.MessageCommandLong:
		v.handleCommandLong(in, m)
	case *common.MessageCommandInt:
		v.handleCommandInt(in, m)
	case *common.MessageSetMode:
		v.handleSetMode(in, m)
	case *common.MessageParamRequestList:
		v.handleParamRequestList()
	case *common.MessageParamRequestRead:
		v.handleParamRequestRead(m)
	case *common.MessageParamSet:
		v.handleParamSet(m)
	case *common.MessageRequestDataStream:
		v.handleRequestDataStream(m)
	case *common.MessageSetPositionTargetGlobalInt:
		v.handleSetPositionTargetGlobal(m)
	default:
		v.handleMissionMessage(in)
	}
}

// handleHeartbeat notes heartbeats from the vehicle's GCS (SYSID_MYGCS,
// 255 by default), which feed the GCS failsafe as in ArduPilot.
func (v *vehicle) handleHeartbeat(sys uint8, m *common.MessageHeartbeat) {
	if m.Type != common.MAV_TYPE_GCS || float64(sys) != v.params.get("SYSID_MYGCS") {
		return
	}
	v.fs.gcsSeen = true
	v.fs.lastGCS = time.Now()
}

// handleMissionMessage dispatches the mission protocol messages.
func (v *vehicle) handleMissionMessage(in inbound) {
	switch m := in.msg.(type) {
	case *common.MessageMissionCount:
		v.handleMissionCount(in, m)
	case *common.MessageMissionItemInt:
		v.handleMissionItem(in, m, false)
	case *common.MessageMissionItem:
		v.handleMissionItemLegacy(in, m)
	case *common.MessageMissionRequestList:
		v.handleMissionRequestList(in, m)
	case *common.MessageMissionRequestInt:
		v.handleMissionRequest(in, m.Seq, m.MissionType, false)
	case *common.MessageMissionRequest:
		v.handleMissionRequest(in, m.Seq, m.MissionType, true)
	case *common.MessageMissionClearAll:
		v.handleMissionClearAll(in, m)
	case *common.MessageMissionSetCurrent:
		v.handleMissionSetCurrent(m)
	}
}
