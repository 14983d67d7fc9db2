package telemetry

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync/atomic"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/message"

	"skerry/gcs"
	"skerry/mission/mavlink"
)

// transfers is the session goroutine's transfer state.
type transfers struct {
	xfers    map[xferKey]*transfer
	xferWake *time.Timer // fires at the earliest transfer deadline
	wakeAt   time.Time

	xferRetries atomic.Int64 // retries of finished transfers
}

type xferKey struct {
	id   gcs.VehicleID
	kind mavlink.MissionType
}

type xferPhase uint8

const (
	phCount  xferPhase = iota // upload: COUNT sent; download: REQUEST_LIST sent
	phItems                   // items moving
	phFinal                   // upload: last item sent, waiting for the final ack
	phClear                   // clear: CLEAR_ALL sent
	phVerify                  // upload: final ACK lost; REQUEST_LIST sent to count what the vehicle holds
)

type progressMsg struct{ done, total int }

// transfer is one mission transfer, owned by the session goroutine.
type transfer struct {
	key       xferKey
	op        string // "upload", "download", "clear"
	v         *vehicle
	items     []mavlink.MAVItem // upload: the plan; download: items received
	total     int
	done      int // items the vehicle confirmed (upload) or sent (download)
	phase     xferPhase
	next      int // download: seq requested; upload: highest seq requested
	lastSent  int // upload: last seq sent, -1 none
	deadline  time.Time
	stepTries int
	resent    bool // upload: the last item was sent again for want of a final ACK
	restarts  int  // upload: started again after the vehicle cancelled
	retries   int
	budget    int
	progress  chan progressMsg // latest progress, coalesced
	result    chan error
}

// Upload writes items of one kind to a vehicle (gcs.Transfer).
func (s *Station) Upload(ctx context.Context, id gcs.VehicleID, kind mavlink.MissionType, items []mavlink.MAVItem, progress func(done, total int)) error {
	tr := s.newTransfer(id, kind, "upload")
	tr.items = make([]mavlink.MAVItem, len(items))
	copy(tr.items, items)
	tr.total, tr.lastSent, tr.next = len(items), -1, -1
	return s.runTransfer(ctx, tr, progress)
}

// Download reads the items of one kind from a vehicle (gcs.Transfer).
func (s *Station) Download(ctx context.Context, id gcs.VehicleID, kind mavlink.MissionType, progress func(done, total int)) ([]mavlink.MAVItem, error) {
	tr := s.newTransfer(id, kind, "download")
	if err := s.runTransfer(ctx, tr, progress); err != nil {
		return nil, err
	}
	return tr.items, nil
}

// Clear removes every item of one kind from a vehicle (gcs.Transfer).
func (s *Station) Clear(ctx context.Context, id gcs.VehicleID, kind mavlink.MissionType) error {
	return s.runTransfer(ctx, s.newTransfer(id, kind, "clear"), nil)
}

func (s *Station) newTransfer(id gcs.VehicleID, kind mavlink.MissionType, op string) *transfer {
	return &transfer{key: xferKey{id, kind}, op: op, progress: make(chan progressMsg, 1), result: make(chan error, 1)}
}

// runTransfer starts a transfer on the session goroutine and waits for it,
// calling progress on the caller's goroutine.
func (s *Station) runTransfer(ctx context.Context, tr *transfer, progress func(done, total int)) error {
	if err := s.do(ctx, func() { s.startTransfer(tr) }); err != nil {
		return s.plainError(tr, err)
	}
	last := progressMsg{-1, -1}
	report := func(p progressMsg) {
		if progress != nil && p != last {
			last = p
			progress(p.done, p.total)
		}
	}
	for {
		select {
		case p := <-tr.progress:
			report(p)
		case err := <-tr.result:
			if err == nil {
				report(progressMsg{tr.total, tr.total})
			}
			return err
		case <-ctx.Done():
			cause := ctx.Err()
			if s.do(context.Background(), func() { s.cancelTransfer(tr, cause) }) != nil {
				return s.plainError(tr, ErrClosed)
			}
			return <-tr.result
		}
	}
}

// plainError is the TransferError of a transfer that never started.
func (s *Station) plainError(tr *transfer, err error) error {
	return &TransferError{Kind: tr.key.kind, Op: tr.op, Result: -1, Total: tr.total, Err: err}
}

// startTransfer runs on the session goroutine.
func (s *Station) startTransfer(tr *transfer) {
	v, err := s.reachable(tr.key.id)
	if err == nil && s.xfers[tr.key] != nil {
		err = fmt.Errorf("%s %s: %w", tr.key.kind.String(), tr.op, ErrBusy)
	}
	if err == nil && (tr.key.kind > mavlink.TypeRally || tr.total > math.MaxUint16) {
		err = fmt.Errorf("mission type %d: %w", tr.key.kind, gcs.ErrInvalidCommand)
	}
	if err != nil {
		tr.result <- s.plainError(tr, err)
		return
	}
	tr.v = v
	s.xfers[tr.key] = tr
	now := s.Now()
	tr.budget = s.budget(tr.total)
	switch tr.op {
	case "upload":
		s.sendCount(tr)
		s.setDeadline(tr, now, s.MissionAckTimeout)
	case "download":
		s.sendMission(tr, &common.MessageMissionRequestList{})
		s.setDeadline(tr, now, s.MissionAckTimeout)
	case "clear":
		tr.phase = phClear
		s.sendMission(tr, &common.MessageMissionClearAll{})
		s.setDeadline(tr, now, s.MissionAckTimeout)
	}
}

// sendMission addresses a mission-protocol message to the transfer's
// vehicle, with its mission type, and sends it.
func (s *Station) sendMission(tr *transfer, msg message.Message) {
	sys, comp, mt := tr.v.key.sysid, tr.v.compid, common.MAV_MISSION_TYPE(tr.key.kind)
	switch m := msg.(type) {
	case *common.MessageMissionCount:
		m.TargetSystem, m.TargetComponent, m.MissionType = sys, comp, mt
	case *common.MessageMissionRequestList:
		m.TargetSystem, m.TargetComponent, m.MissionType = sys, comp, mt
	case *common.MessageMissionRequestInt:
		m.TargetSystem, m.TargetComponent, m.MissionType = sys, comp, mt
	case *common.MessageMissionItemInt:
		m.TargetSystem, m.TargetComponent, m.MissionType = sys, comp, mt
	case *common.MessageMissionAck:
		m.TargetSystem, m.TargetComponent, m.MissionType = sys, comp, mt
	case *common.MessageMissionClearAll:
		m.TargetSystem, m.TargetComponent, m.MissionType = sys, comp, mt
	}
	s.send(tr.v, msg)
}

// setDeadline sets the transfer's deadline and wakes the session goroutine then.
func (s *Station) setDeadline(tr *transfer, now time.Time, d time.Duration) {
	tr.deadline = now.Add(d)
	if s.xferWake != nil && (s.wakeAt.IsZero() || tr.deadline.Before(s.wakeAt)) {
		s.wakeAt = tr.deadline
		s.xferWake.Reset(d)
	}
}

// checkTransfers handles the transfers whose deadline passed and rearms
// the wake-up timer for the next one. Deadlines follow Now; the timer only
// makes timeouts shorter than the tick period fire on time.
func (s *Station) checkTransfers(now time.Time) {
	for _, tr := range s.xfers {
		if !now.Before(tr.deadline) {
			s.transferTimeout(tr, now)
		}
	}
	s.wakeAt = time.Time{}
	if s.xferWake == nil {
		return
	}
	s.xferWake.Stop()
	for _, tr := range s.xfers {
		if s.wakeAt.IsZero() || tr.deadline.Before(s.wakeAt) {
			s.wakeAt = tr.deadline
		}
	}
	if !s.wakeAt.IsZero() {
		s.xferWake.Reset(max(s.wakeAt.Sub(now), time.Millisecond))
	}
}

func (s *Station) transferTimeout(tr *transfer, now time.Time) {
	if !s.retry(tr) {
		return
	}
	switch {
	case tr.op == "clear":
		s.sendMission(tr, &common.MessageMissionClearAll{})
		s.setDeadline(tr, now, s.MissionAckTimeout)
	case tr.op == "upload":
		s.uploadTimeout(tr, now)
	default:
		s.downloadTimeout(tr, now)
	}
}

var (
	errStepRetries = errors.New("no answer")
	errBudget      = errors.New("retry budget for the transfer used up")
)

// retry counts one retry, failing the transfer when the step or the whole
// transfer has used up its retries.
func (s *Station) retry(tr *transfer) bool {
	tr.retries++
	tr.stepTries++
	switch {
	case tr.stepTries > s.MissionItemRetries:
		s.failTransfer(tr, -1, fmt.Errorf("%w to %s after %d tries: %w", errStepRetries, s.stepName(tr), tr.stepTries, gcs.ErrTimeout))
	case tr.retries > tr.budget:
		s.failTransfer(tr, -1, fmt.Errorf("%w (%d retries): %w", errBudget, tr.budget, gcs.ErrTimeout))
	default:
		return true
	}
	return false
}

func (s *Station) stepName(tr *transfer) string {
	switch {
	case tr.op == "clear":
		return "MISSION_CLEAR_ALL"
	case tr.phase == phCount && tr.op == "upload":
		return "MISSION_COUNT"
	case tr.phase == phCount:
		return "MISSION_REQUEST_LIST"
	case tr.phase == phFinal:
		return "the last item (no final MISSION_ACK)"
	case tr.phase == phVerify:
		return "MISSION_REQUEST_LIST (checking a lost final MISSION_ACK)"
	case tr.op == "upload":
		return fmt.Sprintf("item %d (no MISSION_REQUEST for the next)", tr.lastSent)
	}
	return fmt.Sprintf("MISSION_REQUEST_INT %d", tr.next)
}

// reportProgress hands the latest progress to the caller without waiting.
func (s *Station) reportProgress(tr *transfer) {
	p := progressMsg{tr.done, tr.total}
	select {
	case tr.progress <- p:
		return
	default:
	}
	select {
	case <-tr.progress:
	default:
	}
	select {
	case tr.progress <- p:
	default:
	}
}

func (s *Station) finishTransfer(tr *transfer, err error) {
	if s.xfers[tr.key] != tr {
		return
	}
	delete(s.xfers, tr.key)
	s.xferRetries.Add(int64(tr.retries))
	tr.result <- err
}

// failTransfer ends a transfer with a *TransferError.
func (s *Station) failTransfer(tr *transfer, result int, cause error) {
	if s.xfers[tr.key] != tr {
		return
	}
	e := &TransferError{Kind: tr.key.kind, Op: tr.op, Result: result, Done: tr.done, Total: tr.total, Err: cause}
	if result >= 0 {
		e.ResultName = common.MAV_MISSION_RESULT(result).String()
	}
	if tr.op == "upload" {
		e.Partial = s.mayBePartial(tr)
		if tr.v.hb.Autopilot == common.MAV_AUTOPILOT_ARDUPILOTMEGA && tr.lastSent >= 0 && tr.done < tr.total {
			e.Err = fmt.Errorf("%w; the station gave up, but ArduPilot has no cancel and keeps waiting for items until its own upload timeout", cause)
		}
	}
	s.finishTransfer(tr, e)
}

// mayBePartial says whether a failed upload may have left a partly written
// plan: ArduPilot (and unknown autopilots) write mission items as they
// arrive, seq 0 (home) first; ArduPilot commits fences and rally points
// only at the end, and PX4 switches to a new plan only when it is complete.
func (s *Station) mayBePartial(tr *transfer) bool {
	if tr.lastSent < 0 || tr.done >= tr.total {
		return false
	}
	switch tr.v.hb.Autopilot {
	case common.MAV_AUTOPILOT_PX4:
		return false
	case common.MAV_AUTOPILOT_ARDUPILOTMEGA:
		return tr.key.kind == mavlink.TypeMission
	}
	return true
}

// cancelTransfer aborts a transfer for its caller (context cancelled),
// telling the vehicle with MISSION_ACK OPERATION_CANCELLED as QGC does.
func (s *Station) cancelTransfer(tr *transfer, cause error) {
	if s.xfers[tr.key] != tr {
		return
	}
	if tr.op != "clear" {
		s.sendMission(tr, &common.MessageMissionAck{Type: common.MAV_MISSION_OPERATION_CANCELLED})
	}
	s.failTransfer(tr, -1, cause)
}

// failTransfers ends the transfers of a vehicle (nil: all).
func (s *Station) failTransfers(v *vehicle, err error) {
	for _, tr := range s.xfers {
		if v == nil || tr.v == v {
			s.failTransfer(tr, -1, err)
		}
	}
}
