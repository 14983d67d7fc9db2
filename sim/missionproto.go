package sim

import (
	"fmt"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
)

// Mission protocol timers of MissionItemProtocol::update, in simulated time
// (SITL's millis() runs in simulated time too).
const (
	uploadTimeout  = 8 * time.Second // no item for this long cancels the upload
	rerequestAfter = 1 * time.Second // an unanswered request is sent again
)

// transfer is an upload in progress for one mission type.
type transfer struct {
	receiving       bool
	next, last      int // next sequence number expected, last one
	sys, comp       uint8
	lastRecv        time.Duration
	lastReq         time.Duration
	staged          []storedItem // fence: items written only at the end
	itemWarningSent bool
}

// missionTypeOK maps a MAV_MISSION_TYPE to a store index; ArduPilot has no
// protocol for other types (MAV_MISSION_TYPE_ALL included).
func missionTypeOK(t common.MAV_MISSION_TYPE) (int, bool) {
	if t > 2 {
		return 0, false
	}
	return int(t), true
}

// missionAck sends MISSION_ACK to the sender of in.
func (v *vehicle) missionAck(sys, comp uint8, mt common.MAV_MISSION_TYPE, r common.MAV_MISSION_RESULT) {
	v.send(&common.MessageMissionAck{TargetSystem: sys, TargetComponent: comp, Type: r, MissionType: mt})
}

// itemCount is the number of items a download reports (fence: the staged
// count while receiving, as ArduPilot does).
func (v *vehicle) itemCount(mt int) int {
	if mt == mtFence && v.store.xfer[mt].receiving {
		return len(v.store.xfer[mt].staged)
	}
	return len(v.store.items[mt])
}

// handleMissionCount starts an upload (MissionItemProtocol::handle_mission_count).
func (v *vehicle) handleMissionCount(in inbound, m *common.MessageMissionCount) {
	mt, ok := missionTypeOK(m.MissionType)
	if !ok {
		v.missionAck(in.sys, in.comp, m.MissionType, common.MAV_MISSION_UNSUPPORTED)
		return
	}
	x := &v.store.xfer[mt]
	if x.receiving {
		if in.sys != x.sys || in.comp != x.comp {
			v.missionAck(in.sys, in.comp, m.MissionType, common.MAV_MISSION_DENIED)
			return
		}
		x.staged = nil
	}
	if int(m.Count) > maxItems(mt) {
		v.missionAck(in.sys, in.comp, m.MissionType, common.MAV_MISSION_NO_SPACE)
		v.statusText(sevWarning, fmt.Sprintf("Only %d items are supported", maxItems(mt)))
		return
	}
	if mt == mtFence {
		x.staged = make([]storedItem, m.Count)
	}
	v.truncate(mt, int(m.Count))
	if m.Count == 0 {
		v.completeUpload(mt, in.sys, in.comp)
		return
	}
	*x = transfer{receiving: true, next: 0, last: int(m.Count) - 1, sys: in.sys, comp: in.comp,
		lastRecv: v.t, lastReq: v.t, staged: x.staged, itemWarningSent: x.itemWarningSent}
	v.sendRequest(mt)
}

// truncate shortens a stored list at MISSION_COUNT time (the mission keeps
// its home slot; the fence is replaced only when the upload completes).
func (v *vehicle) truncate(mt, n int) {
	items := v.store.items[mt]
	switch mt {
	case mtMission:
		n = max(n, 1)
	case mtFence:
		return
	}
	if n < len(items) {
		v.store.items[mt] = items[:n]
	}
}

// sendRequest asks for the next item. ArduPilot sends the legacy
// MISSION_REQUEST here (MissionItemProtocol::queued_request_send), not
// MISSION_REQUEST_INT; stations answer with MISSION_ITEM_INT anyway.
func (v *vehicle) sendRequest(mt int) {
	x := &v.store.xfer[mt]
	v.send(&common.MessageMissionRequest{TargetSystem: x.sys, TargetComponent: x.comp,
		Seq: uint16(x.next), MissionType: common.MAV_MISSION_TYPE(mt)})
	x.lastReq = v.t
}

// handleMissionItemLegacy converts a float MISSION_ITEM the way
// AP_Mission::convert_MISSION_ITEM_to_MISSION_ITEM_INT does (float32
// arithmetic, so positions lose precision) and handles it.
func (v *vehicle) handleMissionItemLegacy(in inbound, m *common.MessageMissionItem) {
	mi := &common.MessageMissionItemInt{TargetSystem: m.TargetSystem, TargetComponent: m.TargetComponent,
		Seq: m.Seq, Frame: m.Frame, Command: m.Command, Current: m.Current, Autocontinue: m.Autocontinue,
		Param1: m.Param1, Param2: m.Param2, Param3: m.Param3, Param4: m.Param4,
		X: int32(m.X * 1e7), Y: int32(m.Y * 1e7), Z: m.Z, MissionType: m.MissionType}
	if m.X < -90 || m.X > 90 {
		v.missionAck(in.sys, in.comp, m.MissionType, common.MAV_MISSION_INVALID_PARAM5_X)
		return
	}
	if m.Y < -180 || m.Y > 180 {
		v.missionAck(in.sys, in.comp, m.MissionType, common.MAV_MISSION_INVALID_PARAM6_Y)
		return
	}
	v.handleMissionItem(in, mi, true)
}

// handleMissionItem stores one uploaded item (GCS_MAVLINK::handle_mission_item
// and MissionItemProtocol::handle_mission_item).
func (v *vehicle) handleMissionItem(in inbound, m *common.MessageMissionItemInt, legacy bool) {
	if m.MissionType == common.MAV_MISSION_TYPE_MISSION && (m.Current == 2 || m.Current == 3) {
		v.guidedItem(in, m)
		return
	}
	mt, ok := missionTypeOK(m.MissionType)
	if !ok {
		v.missionAck(in.sys, in.comp, m.MissionType, common.MAV_MISSION_UNSUPPORTED)
		return
	}
	x := &v.store.xfer[mt]
	if legacy && !x.itemWarningSent {
		x.itemWarningSent = true
		v.statusText(sevWarning, "got MISSION_ITEM; GCS should send MISSION_ITEM_INT")
	}
	if !x.receiving {
		v.missionAck(in.sys, in.comp, m.MissionType, common.MAV_MISSION_ERROR)
		return
	}
	if int(m.Seq) != x.next {
		v.missionAck(in.sys, in.comp, m.MissionType, common.MAV_MISSION_INVALID_SEQUENCE)
		return
	}
	if in.sys != x.sys || in.comp != x.comp {
		v.missionAck(in.sys, in.comp, m.MissionType, common.MAV_MISSION_DENIED)
		return
	}
	if r := v.writeItem(mt, m); r != common.MAV_MISSION_ACCEPTED {
		v.missionAck(in.sys, in.comp, m.MissionType, r)
		*x = transfer{itemWarningSent: x.itemWarningSent}
		return
	}
	x.lastRecv = v.t
	x.next++
	if x.next > x.last {
		v.completeUpload(mt, in.sys, in.comp)
		return
	}
	v.sendRequest(mt)
}

// writeItem replaces or appends an item: mission and rally items are
// written at once (uploads are not atomic), fence items are staged.
func (v *vehicle) writeItem(mt int, m *common.MessageMissionItemInt) common.MAV_MISSION_RESULT {
	it, r := pack(mt, m)
	if r != common.MAV_MISSION_ACCEPTED {
		return r
	}
	seq := int(m.Seq)
	if mt == mtMission && it.cmd == common.MAV_CMD_DO_JUMP {
		target := int(it.p[0])
		if target == 0 || (target >= len(v.store.items[mt]) && target > v.store.xfer[mt].last) {
			return common.MAV_MISSION_ERROR
		}
	}
	if mt == mtFence {
		if seq >= len(v.store.xfer[mt].staged) {
			return common.MAV_MISSION_INVALID_SEQUENCE
		}
		v.store.xfer[mt].staged[seq] = it
		return common.MAV_MISSION_ACCEPTED
	}
	items := v.store.items[mt]
	switch {
	case seq < len(items):
		items[seq] = it
	case seq == len(items):
		v.store.items[mt] = append(items, it)
	default:
		return common.MAV_MISSION_ERROR
	}
	return common.MAV_MISSION_ACCEPTED
}

// completeUpload ends an upload with ArduPilot's texts and final ACK.
func (v *vehicle) completeUpload(mt int, sys, comp uint8) {
	x := &v.store.xfer[mt]
	r := common.MAV_MISSION_ACCEPTED
	switch mt {
	case mtMission:
		v.statusText(sevInfo, "Flight plan received")
	case mtRally:
		v.statusText(sevInfo, "Rally points received")
	case mtFence:
		if validFence(x.staged) {
			v.store.items[mt] = append([]storedItem(nil), x.staged...)
		} else {
			r = common.MAV_MISSION_ERROR
		}
	}
	v.missionAck(sys, comp, common.MAV_MISSION_TYPE(mt), r)
	*x = transfer{itemWarningSent: x.itemWarningSent}
}

// updateTransfers re-requests unanswered items and cancels stalled uploads
// (MissionItemProtocol::update); called every physics step.
func (v *vehicle) updateTransfers() {
	for mt := range v.store.xfer {
		x := &v.store.xfer[mt]
		if !x.receiving {
			continue
		}
		if v.t-x.lastRecv > uploadTimeout {
			v.statusText(sevWarning, [3]string{"Mission", "Fence", "Rally"}[mt]+" upload timeout")
			v.missionAck(x.sys, x.comp, common.MAV_MISSION_TYPE(mt), common.MAV_MISSION_OPERATION_CANCELLED)
			*x = transfer{itemWarningSent: x.itemWarningSent}
			continue
		}
		if v.t-x.lastReq > rerequestAfter {
			v.sendRequest(mt)
		}
	}
}

// handleMissionRequestList answers with MISSION_COUNT (the mission count
// includes home at seq 0); denied while an upload of that type runs.
func (v *vehicle) handleMissionRequestList(in inbound, m *common.MessageMissionRequestList) {
	mt, ok := missionTypeOK(m.MissionType)
	if !ok {
		return
	}
	if v.store.xfer[mt].receiving {
		v.missionAck(in.sys, in.comp, m.MissionType, common.MAV_MISSION_DENIED)
		return
	}
	v.send(&common.MessageMissionCount{TargetSystem: in.sys, TargetComponent: in.comp,
		Count: uint16(v.itemCount(mt)), MissionType: m.MissionType})
}

// handleMissionRequest answers MISSION_REQUEST_INT with MISSION_ITEM_INT
// and the legacy MISSION_REQUEST with a float MISSION_ITEM.
func (v *vehicle) handleMissionRequest(in inbound, seq uint16, t common.MAV_MISSION_TYPE, legacy bool) {
	mt, ok := missionTypeOK(t)
	if !ok {
		return
	}
	if v.store.xfer[mt].receiving {
		v.missionAck(in.sys, in.comp, t, common.MAV_MISSION_DENIED)
		return
	}
	it, r := v.getItem(in, mt, int(seq))
	if r != common.MAV_MISSION_ACCEPTED {
		v.missionAck(in.sys, in.comp, t, r)
		return
	}
	it.TargetSystem, it.TargetComponent = in.sys, in.comp
	if !legacy {
		v.send(it)
		return
	}
	v.send(&common.MessageMissionItem{TargetSystem: in.sys, TargetComponent: in.comp, Seq: it.Seq,
		Frame: it.Frame, Command: it.Command, Current: it.Current, Autocontinue: it.Autocontinue,
		Param1: it.Param1, Param2: it.Param2, Param3: it.Param3, Param4: it.Param4,
		X: float32(it.X) * 1e-7, Y: float32(it.Y) * 1e-7, Z: it.Z, MissionType: it.MissionType})
}

// getItem reads a stored item as ArduPilot's get_item implementations do.
func (v *vehicle) getItem(in inbound, mt, seq int) (*common.MessageMissionItemInt, common.MAV_MISSION_RESULT) {
	n := len(v.store.items[mt])
	switch mt {
	case mtMission:
		if seq != 0 && seq >= n {
			v.send(&common.MessageMissionCount{TargetSystem: in.sys, TargetComponent: in.comp, Count: uint16(n)})
			return nil, common.MAV_MISSION_ERROR
		}
	case mtFence:
		if seq > n {
			return nil, common.MAV_MISSION_INVALID_SEQUENCE
		}
		if seq == n {
			return nil, common.MAV_MISSION_ERROR
		}
	case mtRally:
		if seq >= n {
			return nil, common.MAV_MISSION_INVALID_SEQUENCE
		}
	}
	it := v.store.items[mt][seq]
	m := &common.MessageMissionItemInt{Seq: uint16(seq), Frame: it.frame, Command: it.cmd,
		Param1: it.p[0], Param2: it.p[1], Param3: it.p[2], Param4: it.p[3], X: it.x, Y: it.y, Z: it.z,
		MissionType: common.MAV_MISSION_TYPE(mt)}
	if mt == mtMission {
		m.Autocontinue = 1
		if seq == 0 {
			m.Frame, m.Command, m.Param1 = common.MAV_FRAME_GLOBAL, common.MAV_CMD_NAV_WAYPOINT, 0
			m.X, m.Y, m.Z = degE7(v.st.homeLat), degE7(v.st.homeLon), float32(v.st.homeAlt)
		}
		if seq != 0 && seq == v.auto.navIdx {
			m.Current = 1
		}
	}
	return m, common.MAV_MISSION_ACCEPTED
}

// handleMissionClearAll clears one mission type; MAV_MISSION_TYPE_ALL is
// unsupported by ArduPilot, and a running mission cannot be cleared.
func (v *vehicle) handleMissionClearAll(in inbound, m *common.MessageMissionClearAll) {
	mt, ok := missionTypeOK(m.MissionType)
	if !ok {
		v.missionAck(in.sys, in.comp, m.MissionType, common.MAV_MISSION_UNSUPPORTED)
		return
	}
	if v.store.xfer[mt].receiving || (mt == mtMission && v.auto.state == missionRunning) {
		v.missionAck(in.sys, in.comp, m.MissionType, common.MAV_MISSION_ERROR)
		return
	}
	v.truncate(mt, 0)
	if mt == mtFence {
		v.store.items[mt] = nil
	}
	if mt == mtMission {
		v.auto = autoState{}
	}
	v.missionAck(in.sys, in.comp, m.MissionType, common.MAV_MISSION_ACCEPTED)
}

// guidedItem handles MISSION_ITEM_INT with current = 2 (GUIDED goto) or 3
// (altitude change), which ArduPilot answers with a MISSION_ACK.
func (v *vehicle) guidedItem(in inbound, m *common.MessageMissionItemInt) {
	alt, ok := v.altFromFrame(m.Frame, float64(m.Z))
	r := common.MAV_MISSION_ACCEPTED
	switch {
	case !ok:
		r = common.MAV_MISSION_UNSUPPORTED_FRAME
	case m.Current == 3:
		v.st.tgtAlt, v.st.loiterAlt = alt, alt
	case !v.inGuided():
		r = common.MAV_MISSION_ERROR
	default:
		v.setGuidedTarget(fromDegE7(m.X), fromDegE7(m.Y), alt)
	}
	v.missionAck(in.sys, in.comp, common.MAV_MISSION_TYPE_MISSION, r)
}
