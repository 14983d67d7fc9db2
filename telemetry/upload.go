package telemetry

import (
	"errors"
	"fmt"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/message"

	"skerry/mission/mavlink"
)

// errProtocol is the cause of a transfer the vehicle broke off with a
// message the protocol does not allow at that point.
var errProtocol = errors.New("mission protocol error")

// The upload, as QGroundControl's PlanManager does it: MISSION_COUNT (sent
// again after MissionAckTimeout until the first request arrives), then each
// MISSION_REQUEST_INT or legacy MISSION_REQUEST answered with
// MISSION_ITEM_INT (re-requests of an earlier seq answered again), then the
// vehicle's MISSION_ACK. The vehicle drives the item loop and re-requests
// what it misses; when it stays silent for MissionAckTimeout the station
// sends the last item again, which also makes a vehicle whose final ACK was
// lost send it again (PX4 does; ArduPilot answers INVALID_SEQUENCE, which
// is ignored from ArduPilot as QGC does).

func (s *Station) sendCount(tr *transfer) {
	s.sendMission(tr, &common.MessageMissionCount{Count: uint16(tr.total)})
}

func (s *Station) onUploadRequest(tr *transfer, seq int, now time.Time) {
	if tr.phase == phClear {
		return
	}
	if seq >= tr.total {
		s.failTransfer(tr, -1, fmt.Errorf("vehicle requested item %d of %d: %w", seq, tr.total, errProtocol))
		return
	}
	if seq <= tr.next {
		if !s.retry(tr) { // the vehicle missed an item (or our answer)
			return
		}
	} else {
		tr.next, tr.done, tr.stepTries = seq, seq, 0
		s.reportProgress(tr)
	}
	s.sendItem(tr, seq)
	tr.phase = phItems
	if seq == tr.total-1 {
		tr.phase = phFinal
	}
	s.setDeadline(tr, now, s.MissionAckTimeout)
}

func (s *Station) sendItem(tr *transfer, seq int) {
	tr.lastSent = seq
	s.sendMission(tr, itemToInt(tr.items[seq], seq))
}

func (s *Station) uploadTimeout(tr *transfer, now time.Time) {
	switch tr.phase {
	case phCount:
		s.sendCount(tr)
	case phVerify:
		s.sendMission(tr, &common.MessageMissionRequestList{})
	default:
		tr.resent = tr.phase == phFinal
		s.sendItem(tr, tr.lastSent)
	}
	s.setDeadline(tr, now, s.MissionAckTimeout)
}

// The final ACK of an upload can be lost. ArduPilot then answers the last
// item sent again with MAV_MISSION_ERROR, as it is no longer receiving:
// the upload may have completed. The station counts what the vehicle now
// holds (MISSION_REQUEST_LIST → MISSION_COUNT, closed with an ACK): ArduPilot
// had asked for every item, so holding all of them means the last one was
// written too. A different count fails the upload.

// startVerify begins that count.
func (s *Station) startVerify(tr *transfer, now time.Time) {
	tr.phase, tr.stepTries = phVerify, 0
	s.sendMission(tr, &common.MessageMissionRequestList{})
	s.setDeadline(tr, now, s.MissionAckTimeout)
}

// onVerifyCount ends an upload whose final ACK was lost.
func (s *Station) onVerifyCount(tr *transfer, count int) {
	s.sendMission(tr, &common.MessageMissionAck{Type: common.MAV_MISSION_ACCEPTED})
	if count != tr.total {
		s.failTransfer(tr, int(common.MAV_MISSION_ERROR), fmt.Errorf("the final MISSION_ACK was lost and the vehicle now holds %d items, not %d: %w", count, tr.total, errProtocol))
		return
	}
	tr.done = tr.total
	s.finishTransfer(tr, nil)
}

func (s *Station) onUploadAck(tr *transfer, r common.MAV_MISSION_RESULT, now time.Time) {
	ardupilot := tr.v.hb.Autopilot == common.MAV_AUTOPILOT_ARDUPILOTMEGA
	switch {
	case tr.phase == phVerify:
		// an ACK still on its way from before; the count decides
	case r == common.MAV_MISSION_ERROR && tr.phase == phFinal && tr.resent && tr.v.hb.Autopilot == common.MAV_AUTOPILOT_ARDUPILOTMEGA:
		s.startVerify(tr, now)
	case r == common.MAV_MISSION_INVALID_SEQUENCE && tr.v.hb.Autopilot == common.MAV_AUTOPILOT_ARDUPILOTMEGA:
		// ArduPilot answers duplicated requests and items on a noisy link
		// with this; the timeouts catch real trouble (QGC ignores it too).
	case r == common.MAV_MISSION_ACCEPTED && (tr.phase == phFinal || tr.total == 0):
		tr.done = tr.total
		s.finishTransfer(tr, nil)
	case r == common.MAV_MISSION_ACCEPTED && tr.phase == phCount:
		// a late ACK of an earlier transfer
	case r == common.MAV_MISSION_ACCEPTED:
		s.failTransfer(tr, int(r), fmt.Errorf("vehicle ended the upload after %d of %d items: %w", tr.done, tr.total, errProtocol))
	case r == common.MAV_MISSION_OPERATION_CANCELLED && tr.phase != phCount && tr.restarts < maxUploadRestarts && s.retry(tr):
		s.restartUpload(tr, now)
	case r == common.MAV_MISSION_ERROR && ardupilot && tr.phase == phCount && tr.restarts > 0:
		// a late answer to an item sent before the restart
	case r == common.MAV_MISSION_ERROR && ardupilot && tr.phase == phItems && tr.restarts < maxUploadRestarts && s.retry(tr):
		// ArduPilot answers an item with ERROR when it is no longer
		// receiving: it gave up on the upload and its OPERATION_CANCELLED
		// was lost. Start again.
		s.restartUpload(tr, now)
	default:
		s.failTransfer(tr, int(r), errors.New(resultMeaning(r)))
	}
}

// maxUploadRestarts bounds how often an upload the vehicle gave up on is
// started again.
const maxUploadRestarts = 3

// restartUpload starts an upload again from MISSION_COUNT after the
// vehicle cancelled it: ArduPilot gives up after 8 s without an item, which
// a very lossy link can cause, and a new count makes it start over (the
// partly written mission is overwritten). The restart counts against the
// transfer's retry budget.
func (s *Station) restartUpload(tr *transfer, now time.Time) {
	tr.restarts++
	tr.phase, tr.next, tr.lastSent, tr.done, tr.resent, tr.stepTries = phCount, -1, -1, 0, false, 0
	s.Log.Info("vehicle cancelled the upload; starting it again", "vehicle", tr.v.id, "kind", tr.key.kind.String(), "restart", tr.restarts)
	s.reportProgress(tr)
	s.sendCount(tr)
	s.setDeadline(tr, now, s.MissionAckTimeout)
}

// itemToInt is the MISSION_ITEM_INT of an item at seq.
func itemToInt(it mavlink.MAVItem, seq int) message.Message {
	return &common.MessageMissionItemInt{
		Seq: uint16(seq), Frame: common.MAV_FRAME(it.Frame), Command: common.MAV_CMD(it.Command),
		Current: it.Current, Autocontinue: it.Autocontinue,
		Param1: it.Param1, Param2: it.Param2, Param3: it.Param3, Param4: it.Param4,
		X: it.X, Y: it.Y, Z: it.Z,
	}
}
