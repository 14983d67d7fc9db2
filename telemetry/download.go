package telemetry

import (
	"math"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"

	"skerry/mission/mavlink"
)

// The download, as QGroundControl's PlanManager does it: MISSION_REQUEST_LIST
// (sent again after MissionAckTimeout until MISSION_COUNT arrives), then
// MISSION_REQUEST_INT for each seq in turn, sent again after
// MissionItemTimeout; items of another seq (late duplicates) are dropped and
// the wanted one is requested again at its deadline. The station ends with
// MISSION_ACK ACCEPTED. Vehicles that answer with the legacy float
// MISSION_ITEM are understood too.

func (s *Station) onCount(tr *transfer, count int, now time.Time) {
	if tr.phase != phCount {
		return // a duplicate
	}
	tr.total, tr.budget, tr.stepTries = count, s.budget(count), 0
	tr.items = make([]mavlink.MAVItem, 0, count)
	s.reportProgress(tr)
	if count == 0 {
		s.sendMission(tr, &common.MessageMissionAck{Type: common.MAV_MISSION_ACCEPTED})
		s.finishTransfer(tr, nil)
		return
	}
	tr.phase, tr.next = phItems, 0
	s.requestItem(tr, now)
}

func (s *Station) requestItem(tr *transfer, now time.Time) {
	s.sendMission(tr, &common.MessageMissionRequestInt{Seq: uint16(tr.next)})
	s.setDeadline(tr, now, s.MissionItemTimeout)
}

func (s *Station) onItem(tr *transfer, it mavlink.MAVItem, now time.Time) {
	if tr.phase != phItems || int(it.Seq) != tr.next {
		return // out of order: dropped, requested again at the deadline
	}
	it.MissionType = tr.key.kind
	tr.items = append(tr.items, it)
	tr.next++
	tr.done, tr.stepTries = tr.next, 0
	s.reportProgress(tr)
	if tr.next == tr.total {
		s.sendMission(tr, &common.MessageMissionAck{Type: common.MAV_MISSION_ACCEPTED})
		s.finishTransfer(tr, nil)
		return
	}
	s.requestItem(tr, now)
}

func (s *Station) downloadTimeout(tr *transfer, now time.Time) {
	if tr.phase == phCount {
		s.sendMission(tr, &common.MessageMissionRequestList{})
		s.setDeadline(tr, now, s.MissionAckTimeout)
		return
	}
	s.requestItem(tr, now)
}

func itemFromInt(m *common.MessageMissionItemInt) mavlink.MAVItem {
	return mavlink.MAVItem{
		Seq: m.Seq, Frame: uint8(m.Frame), Command: uint16(m.Command), Current: m.Current, Autocontinue: m.Autocontinue,
		Param1: m.Param1, Param2: m.Param2, Param3: m.Param3, Param4: m.Param4,
		X: m.X, Y: m.Y, Z: m.Z, MissionType: mavlink.MissionType(m.MissionType),
	}
}

// itemFromFloat converts a legacy MISSION_ITEM: x/y are degrees in global
// frames (converted to degE7 here, once) and plain numbers otherwise.
func itemFromFloat(m *common.MessageMissionItem) mavlink.MAVItem {
	it := mavlink.MAVItem{
		Seq: m.Seq, Frame: uint8(m.Frame), Command: uint16(m.Command), Current: m.Current, Autocontinue: m.Autocontinue,
		Param1: m.Param1, Param2: m.Param2, Param3: m.Param3, Param4: m.Param4,
		Z: m.Z, MissionType: mavlink.MissionType(m.MissionType),
	}
	if globalFrame(m.Frame) {
		it.X, it.Y = toDegE7(float64(m.X)), toDegE7(float64(m.Y))
	} else {
		it.X, it.Y = roundInt32(m.X), roundInt32(m.Y)
	}
	return it
}

func globalFrame(f common.MAV_FRAME) bool {
	switch f {
	case common.MAV_FRAME_GLOBAL, common.MAV_FRAME_GLOBAL_RELATIVE_ALT, common.MAV_FRAME_GLOBAL_INT,
		common.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT, common.MAV_FRAME_GLOBAL_TERRAIN_ALT, common.MAV_FRAME_GLOBAL_TERRAIN_ALT_INT:
		return true
	}
	return false
}

func roundInt32(f float32) int32 {
	r := math.Round(float64(f))
	if math.IsNaN(r) || r > math.MaxInt32 || r < math.MinInt32 {
		return 0
	}
	return int32(r)
}
