package telemetry

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/message"

	"skerry/gcs"
)

// ErrBusy is returned when the same command (or parameter) is already
// waiting for an answer from that vehicle.
var ErrBusy = errors.New("the same request is already in progress for this vehicle")

const (
	armMagic     = 21196                  // COMPONENT_ARM_DISARM param2: force
	reasonBefore = 2 * time.Second        // a warning this recent explains a refusal
	reasonAfter  = 500 * time.Millisecond // how long a refusal waits for its warning
)

type cmdKey struct {
	id  gcs.VehicleID
	cmd common.MAV_CMD
}

// pendingCmd is a command waiting for its COMMAND_ACK.
type pendingCmd struct {
	v          *vehicle
	key        cmdKey
	msg        message.Message // *MessageCommandLong or *MessageCommandInt
	tries      int
	deadline   time.Time
	inProgress bool
	rejected   *gcs.RejectedError
	graceUntil time.Time
	done       chan error
}

// snapshot is what Execute needs to know of a vehicle to plan an order.
type snapshot struct {
	autopilot common.MAV_AUTOPILOT
	class     class
	mavType   common.MAV_TYPE
	custom    uint32
	armed     bool
	altAMSL   float64
	altRel    float64
	homeAMSL  float64
	homeLat   float64
	homeLon   float64
	hasHome   bool
}

// lookup returns a vehicle snapshot, or the reason no order can be sent.
func (s *Station) lookup(ctx context.Context, id gcs.VehicleID) (snapshot, error) {
	var snap snapshot
	var err error
	done := make(chan struct{})
	if e := s.do(ctx, func() {
		defer close(done)
		v, e := s.reachable(id)
		if e != nil {
			err = e
			return
		}
		snap = snapshot{
			autopilot: v.hb.Autopilot, class: classOf(v.hb.Type), mavType: v.hb.Type, custom: v.hb.CustomMode,
			armed:   v.hb.BaseMode&common.MAV_MODE_FLAG_SAFETY_ARMED != 0,
			altAMSL: v.altAMSL, altRel: v.altRel, homeAMSL: v.homeAMSL, hasHome: v.hasHome, homeLat: v.homeLat, homeLon: v.homeLon,
		}
	}); e != nil {
		return snap, e
	}
	<-done
	return snap, err
}

// reachable finds a vehicle orders can be sent to (session goroutine).
func (s *Station) reachable(id gcs.VehicleID) (*vehicle, error) {
	v := s.byID[id]
	switch {
	case v == nil:
		return nil, gcs.ErrUnknownVehicle
	case v.lost || v.active < 0:
		return nil, gcs.ErrLinkLost
	case v.paths[v.active].l.replay != nil:
		return nil, fmt.Errorf("vehicle %s is a replay: %w", id, gcs.ErrUnsupported)
	case v.conflict != "":
		return nil, fmt.Errorf("%w: %s (%s)", gcs.ErrSysidConflict, id, v.conflict)
	}
	return v, nil
}

// Execute sends an order and returns when the vehicle accepted it, refused
// it (*gcs.RejectedError with the MAV_RESULT and the vehicle's warning text,
// if any), or after the retries went unanswered (gcs.ErrTimeout).
func (s *Station) Execute(ctx context.Context, id gcs.VehicleID, cmd gcs.Command) error {
	snap, err := s.lookup(ctx, id)
	if err != nil {
		return err
	}
	switch ap := snap.autopilot; {
	case isCameraOrder(cmd.Kind):
		return s.cameraOrder(ctx, id, cmd)
	case isMissionOrder(cmd.Kind) && ap == common.MAV_AUTOPILOT_ARDUPILOTMEGA:
		return s.apMissionOrder(ctx, id, snap, cmd)
	case isMissionOrder(cmd.Kind) && ap == common.MAV_AUTOPILOT_PX4:
		return s.px4MissionOrder(ctx, id, snap, cmd)
	case isMissionOrder(cmd.Kind):
		return s.genericMissionOrder(ctx, id, cmd)
	}
	switch snap.autopilot {
	case common.MAV_AUTOPILOT_ARDUPILOTMEGA:
		return s.executeArduPilot(ctx, id, snap, cmd)
	case common.MAV_AUTOPILOT_PX4:
		return s.executePX4(ctx, id, snap, cmd)
	}
	return s.executeGeneric(ctx, id, snap, cmd)
}

func long(cmd common.MAV_CMD, p ...float32) *common.MessageCommandLong {
	var a [7]float32
	copy(a[:], p)
	return &common.MessageCommandLong{Command: cmd, Param1: a[0], Param2: a[1], Param3: a[2],
		Param4: a[3], Param5: a[4], Param6: a[5], Param7: a[6]}
}

func (s *Station) arm(ctx context.Context, id gcs.VehicleID, on, force bool) error {
	p1, p2 := float32(0), float32(0)
	if on {
		p1 = 1
	}
	if force {
		p2 = armMagic
	}
	return s.command(ctx, id, long(common.MAV_CMD_COMPONENT_ARM_DISARM, p1, p2))
}

func reposition(lat, lon, alt float64) *common.MessageCommandInt {
	return &common.MessageCommandInt{
		Command: common.MAV_CMD_DO_REPOSITION, Frame: common.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT,
		Param1: -1, Param2: float32(common.MAV_DO_REPOSITION_FLAGS_CHANGE_MODE), Param4: float32(math.NaN()),
		X: toDegE7(lat), Y: toDegE7(lon), Z: float32(alt),
	}
}

func checkGoTo(cmd gcs.Command) error {
	if math.IsNaN(cmd.Lat) || math.IsNaN(cmd.Lon) || math.Abs(cmd.Lat) > 90 || math.Abs(cmd.Lon) > 180 {
		return fmt.Errorf("go-to position %v,%v: %w", cmd.Lat, cmd.Lon, gcs.ErrInvalidCommand)
	}
	return nil
}

func (s *Station) executeGeneric(ctx context.Context, id gcs.VehicleID, snap snapshot, cmd gcs.Command) error {
	switch cmd.Kind {
	case gcs.CmdArm, gcs.CmdDisarm:
		return s.arm(ctx, id, cmd.Kind == gcs.CmdArm, cmd.Force)
	case gcs.CmdReturn:
		return s.command(ctx, id, long(common.MAV_CMD_NAV_RETURN_TO_LAUNCH))
	case gcs.CmdLand:
		nan := float32(math.NaN())
		return s.command(ctx, id, long(common.MAV_CMD_NAV_LAND, 0, 0, 0, nan, nan, nan, 0))
	case gcs.CmdTerminate:
		return s.command(ctx, id, long(common.MAV_CMD_DO_FLIGHTTERMINATION, 1))
	case gcs.CmdGoTo:
		if err := checkGoTo(cmd); err != nil {
			return err
		}
		return s.command(ctx, id, reposition(cmd.Lat, cmd.Lon, cmd.Altitude))
	}
	return fmt.Errorf("%s on a generic autopilot: %w", cmd.Kind, gcs.ErrUnsupported)
}

// command sends one COMMAND_LONG or COMMAND_INT and waits for its ACK.
func (s *Station) command(ctx context.Context, id gcs.VehicleID, msg message.Message) error {
	pc := &pendingCmd{msg: msg, done: make(chan error, 1)}
	if err := s.do(ctx, func() { s.startCommand(id, pc) }); err != nil {
		return err
	}
	select {
	case err := <-pc.done:
		return err
	case <-ctx.Done():
		s.do(context.Background(), func() { s.finishCommand(pc, ctx.Err()) }) //nolint:errcheck
		return ctx.Err()
	case <-s.done:
		return ErrClosed
	}
}

func cmdOf(msg message.Message) common.MAV_CMD {
	if m, ok := msg.(*common.MessageCommandLong); ok {
		return m.Command
	}
	return msg.(*common.MessageCommandInt).Command
}

func (s *Station) startCommand(id gcs.VehicleID, pc *pendingCmd) {
	v, err := s.reachable(id)
	if err != nil {
		pc.done <- err
		return
	}
	pc.v, pc.key = v, cmdKey{id, cmdOf(pc.msg)}
	if _, busy := s.cmds[pc.key]; busy {
		pc.done <- fmt.Errorf("%s: %w", pc.key.cmd, ErrBusy)
		return
	}
	switch m := pc.msg.(type) {
	case *common.MessageCommandLong:
		m.TargetSystem, m.TargetComponent = v.key.sysid, v.compid
	case *common.MessageCommandInt:
		m.TargetSystem, m.TargetComponent = v.key.sysid, v.compid
	}
	s.cmds[pc.key] = pc
	pc.deadline = s.Now().Add(s.CommandTimeout)
	s.send(v, pc.msg)
}

func (s *Station) finishCommand(pc *pendingCmd, err error) {
	if s.cmds[pc.key] != pc {
		return
	}
	delete(s.cmds, pc.key)
	pc.done <- err
}

func (s *Station) onAck(v *vehicle, m *common.MessageCommandAck, now time.Time) {
	pc := s.cmds[cmdKey{v.id, m.Command}]
	if pc == nil || pc.rejected != nil || (m.TargetSystem != 0 && m.TargetSystem != 255) {
		return
	}
	switch m.Result {
	case common.MAV_RESULT_ACCEPTED:
		s.finishCommand(pc, nil)
	case common.MAV_RESULT_IN_PROGRESS:
		pc.inProgress = true
		pc.deadline = now.Add(s.CommandTimeout)
	default:
		pc.rejected = &gcs.RejectedError{
			Command: m.Command.String(), Result: int(m.Result), ResultName: m.Result.String(),
		}
		if w := v.lastWarn; w.Text != "" && now.Sub(w.At) <= reasonBefore {
			pc.rejected.Reason = w.Text
			s.finishCommand(pc, pc.rejected)
			return
		}
		pc.graceUntil = now.Add(reasonAfter)
	}
}

// textArrived gives a refusal waiting for its explanation the warning.
func (s *Station) textArrived(v *vehicle, t gcs.StatusText) {
	if t.Severity > int(common.MAV_SEVERITY_WARNING) {
		return
	}
	for _, pc := range s.cmds {
		if pc.v == v && pc.rejected != nil {
			pc.rejected.Reason = t.Text
			s.finishCommand(pc, pc.rejected)
		}
	}
}

// checkCommands resends unanswered commands (COMMAND_LONG with its
// confirmation field counting the retries) and gives up after the retries.
func (s *Station) checkCommands(now time.Time) {
	for _, pc := range s.cmds {
		switch {
		case pc.rejected != nil:
			if !now.Before(pc.graceUntil) {
				s.finishCommand(pc, pc.rejected)
			}
		case now.Before(pc.deadline):
		case pc.inProgress || pc.tries >= s.retries:
			s.finishCommand(pc, fmt.Errorf("%s after %d tries: %w", pc.key.cmd, pc.tries+1, gcs.ErrTimeout))
		default:
			pc.tries++
			if m, ok := pc.msg.(*common.MessageCommandLong); ok {
				m.Confirmation = uint8(min(pc.tries, 255))
			}
			pc.deadline = now.Add(s.CommandTimeout)
			s.send(pc.v, pc.msg)
		}
	}
}

// failVehicle ends everything waiting on a vehicle.
func (s *Station) failVehicle(v *vehicle, err error) {
	for _, pc := range s.cmds {
		if pc.v == v {
			s.finishCommand(pc, err)
		}
	}
	for _, pp := range s.params {
		if pp.v == v {
			s.finishParam(pp, 0, err)
		}
	}
	s.endFetch(v, err, s.Now())
	s.failTransfers(v, err)
}

// failAll ends every waiter (at Close).
func (s *Station) failAll(err error) {
	for _, pc := range s.cmds {
		s.finishCommand(pc, err)
	}
	for _, pp := range s.params {
		s.finishParam(pp, 0, err)
	}
	for _, v := range s.vehicles {
		s.endFetch(v, err, s.Now())
	}
	s.failTransfers(nil, err)
}

// sendOnce writes a message that gets no acknowledgement.
func (s *Station) sendOnce(ctx context.Context, id gcs.VehicleID, msg message.Message) error {
	errc := make(chan error, 1)
	if err := s.do(ctx, func() {
		v, err := s.reachable(id)
		if err == nil && !s.send(v, msg) {
			err = gcs.ErrLinkLost
		}
		errc <- err
	}); err != nil {
		return err
	}
	return <-errc
}

var _ gcs.Uplink = (*Station)(nil)
