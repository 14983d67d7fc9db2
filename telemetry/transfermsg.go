package telemetry

import (
	"errors"
	"fmt"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/message"

	"skerry/mission/mavlink"
)

// onMissionMsg routes the vehicle's mission-protocol messages to the
// transfer of their mission type.
func (s *Station) onMissionMsg(v *vehicle, msg message.Message, now time.Time) {
	switch m := msg.(type) {
	case *common.MessageMissionRequestInt:
		s.onRequest(v, m.TargetSystem, int(m.Seq), m.MissionType, now)
	case *common.MessageMissionRequest:
		s.onRequest(v, m.TargetSystem, int(m.Seq), m.MissionType, now)
	case *common.MessageMissionCount:
		tr := s.xferFor(v, m.TargetSystem, m.MissionType, "")
		switch {
		case tr == nil:
		case tr.op == "download":
			s.onCount(tr, int(m.Count), now)
		case tr.op == "upload" && tr.phase == phVerify:
			s.onVerifyCount(tr, int(m.Count))
		}
	case *common.MessageMissionItemInt:
		if tr := s.xferFor(v, m.TargetSystem, m.MissionType, "download"); tr != nil {
			s.onItem(tr, itemFromInt(m), now)
		}
	case *common.MessageMissionItem:
		if tr := s.xferFor(v, m.TargetSystem, m.MissionType, "download"); tr != nil {
			s.onItem(tr, itemFromFloat(m), now)
		}
	case *common.MessageMissionAck:
		if tr := s.xferFor(v, m.TargetSystem, m.MissionType, ""); tr != nil {
			s.onMissionAck(tr, m.Type, now)
		}
	}
}

func (s *Station) onRequest(v *vehicle, target uint8, seq int, mt common.MAV_MISSION_TYPE, now time.Time) {
	if tr := s.xferFor(v, target, mt, "upload"); tr != nil {
		s.onUploadRequest(tr, seq, now)
	}
}

// xferFor finds the running transfer a message belongs to (op "" any).
func (s *Station) xferFor(v *vehicle, target uint8, mt common.MAV_MISSION_TYPE, op string) *transfer {
	if target != 0 && target != 255 {
		return nil // for another ground station
	}
	tr := s.xfers[xferKey{v.id, mavlink.MissionType(mt)}]
	if tr == nil || tr.v != v || (op != "" && tr.op != op) {
		return nil
	}
	return tr
}

func (s *Station) onMissionAck(tr *transfer, r common.MAV_MISSION_RESULT, now time.Time) {
	switch {
	case tr.op == "upload":
		s.onUploadAck(tr, r, now)
	case r == common.MAV_MISSION_ERROR && tr.op == "download" && tr.phase == phCount && tr.v.hb.Autopilot == common.MAV_AUTOPILOT_ARDUPILOTMEGA:
		// A late answer to an item re-sent in the upload before (its final
		// ACK was lost, and each re-sent last item earns an ERROR once
		// ArduPilot stops receiving): ArduPilot answers MISSION_REQUEST_LIST
		// with a count, or DENIED while receiving, never with ERROR. The
		// count, or the timeout, decides.
	case r == common.MAV_MISSION_ACCEPTED && tr.op == "clear":
		s.finishTransfer(tr, nil)
	case r != common.MAV_MISSION_ACCEPTED:
		s.failTransfer(tr, int(r), errors.New(resultMeaning(r)))
	}
}

// resultMeaning explains a MAV_MISSION_RESULT.
func resultMeaning(r common.MAV_MISSION_RESULT) string {
	if int(r) < len(missionResults) {
		return "vehicle says: " + missionResults[r]
	}
	return fmt.Sprintf("vehicle says: unknown mission result %d", r)
}

var missionResults = [...]string{
	"accepted",
	"unspecified error",
	"coordinate frame not supported",
	"command not supported",
	"plan exceeds the vehicle's storage",
	"a parameter has an invalid value",
	"param1 invalid", "param2 invalid", "param3 invalid", "param4 invalid",
	"x / param5 invalid", "y / param6 invalid", "param7 invalid",
	"item received out of sequence",
	"not accepting mission commands now",
	"operation cancelled (the vehicle gave up waiting)",
}
