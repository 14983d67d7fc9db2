package telemetry

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"

	"skerry/gcs"
)

// Mission orders (start, pause, resume, jump), as QGroundControl's firmware
// plugins give them.

func isMissionOrder(k gcs.CommandKind) bool {
	switch k {
	case gcs.CmdMissionStart, gcs.CmdPause, gcs.CmdResume, gcs.CmdJump:
		return true
	}
	return false
}

// apMissionOrder: start arms from GUIDED when disarmed (planes from AUTO,
// so that tilt-rotors do not arm in forward flight) and sends
// MAV_CMD_MISSION_START, on which an armed copter switches to AUTO; pause
// is BRAKE on copters (LOITER where BRAKE is refused), LOITER on planes,
// HOLD on rovers; resume is AUTO.
func (s *Station) apMissionOrder(ctx context.Context, id gcs.VehicleID, snap snapshot, cmd gcs.Command) error {
	switch cmd.Kind {
	case gcs.CmdMissionStart:
		return s.apStart(ctx, id, snap)
	case gcs.CmdPause:
		mode := map[class]string{classCopter: "BRAKE", classPlane: "LOITER", classRover: "HOLD", classSub: "POSHOLD"}[snap.class]
		if mode == "" {
			return fmt.Errorf("pause on this vehicle type: %w", gcs.ErrUnsupported)
		}
		err := s.apSetMode(ctx, id, snap, mode)
		var rej *gcs.RejectedError
		if snap.class == classCopter && errors.As(err, &rej) {
			return s.apSetMode(ctx, id, snap, "LOITER")
		}
		return err
	case gcs.CmdResume:
		return s.apSetMode(ctx, id, snap, "AUTO")
	}
	return s.jump(ctx, id, cmd.Seq)
}

func (s *Station) apStart(ctx context.Context, id gcs.VehicleID, snap snapshot) error {
	if snap.class == classPlane {
		if err := s.apSetMode(ctx, id, snap, "AUTO"); err != nil {
			return err
		}
		if snap.armed {
			return nil
		}
		return s.arm(ctx, id, true, false)
	}
	if !snap.armed {
		if guided, ok := apModeValue(snap.class, "GUIDED"); ok && snap.custom != guided {
			if err := s.apSetMode(ctx, id, snap, "GUIDED"); err != nil {
				return err
			}
		}
		if err := s.arm(ctx, id, true, false); err != nil {
			return err
		}
	}
	return s.command(ctx, id, long(common.MAV_CMD_MISSION_START, 0, 0))
}

// px4MissionOrder: start is AUTO.MISSION then arm (QGC's
// PX4FirmwarePlugin::startMission); pause AUTO.LOITER; resume AUTO.MISSION.
func (s *Station) px4MissionOrder(ctx context.Context, id gcs.VehicleID, snap snapshot, cmd gcs.Command) error {
	switch cmd.Kind {
	case gcs.CmdMissionStart:
		if err := s.px4SetMode(ctx, id, "AUTO.MISSION"); err != nil || snap.armed {
			return err
		}
		return s.arm(ctx, id, true, false)
	case gcs.CmdPause:
		return s.px4SetMode(ctx, id, "AUTO.LOITER")
	case gcs.CmdResume:
		return s.px4SetMode(ctx, id, "AUTO.MISSION")
	}
	return s.jump(ctx, id, cmd.Seq)
}

func (s *Station) genericMissionOrder(ctx context.Context, id gcs.VehicleID, cmd gcs.Command) error {
	switch cmd.Kind {
	case gcs.CmdMissionStart:
		return s.command(ctx, id, long(common.MAV_CMD_MISSION_START, 0, 0))
	case gcs.CmdJump:
		return s.jump(ctx, id, cmd.Seq)
	}
	return fmt.Errorf("%s on a generic autopilot: %w", cmd.Kind, gcs.ErrUnsupported)
}

// jump makes seq the current mission item with MAV_CMD_DO_SET_MISSION_CURRENT;
// a vehicle that answers UNSUPPORTED (older firmware) gets the
// MISSION_SET_CURRENT message, confirmed by its MISSION_CURRENT.
func (s *Station) jump(ctx context.Context, id gcs.VehicleID, seq int) error {
	if seq < 0 || seq > math.MaxUint16 {
		return fmt.Errorf("jump to seq %d: %w", seq, gcs.ErrInvalidCommand)
	}
	err := s.command(ctx, id, long(common.MAV_CMD_DO_SET_MISSION_CURRENT, float32(seq)))
	var rej *gcs.RejectedError
	if !errors.As(err, &rej) || rej.Result != int(common.MAV_RESULT_UNSUPPORTED) {
		return err
	}
	for range s.retries + 1 {
		if err := s.setCurrentMsg(ctx, id, seq); err != nil {
			return err
		}
		ok, err := s.waitMissionAt(ctx, id, seq)
		if ok || err != nil {
			return err
		}
	}
	return fmt.Errorf("MISSION_SET_CURRENT %d: no MISSION_CURRENT confirmed it: %w", seq, gcs.ErrTimeout)
}

func (s *Station) setCurrentMsg(ctx context.Context, id gcs.VehicleID, seq int) error {
	errc := make(chan error, 1)
	if err := s.do(ctx, func() {
		v, err := s.reachable(id)
		if err == nil && !s.send(v, &common.MessageMissionSetCurrent{TargetSystem: v.key.sysid, TargetComponent: v.compid, Seq: uint16(seq)}) {
			err = gcs.ErrLinkLost
		}
		errc <- err
	}); err != nil {
		return err
	}
	return <-errc
}

// waitMissionAt waits up to CommandTimeout for MISSION_CURRENT to report seq.
func (s *Station) waitMissionAt(ctx context.Context, id gcs.VehicleID, seq int) (bool, error) {
	deadline := s.Now().Add(s.CommandTimeout)
	for s.Now().Before(deadline) {
		at := make(chan int, 1)
		if err := s.do(ctx, func() {
			v, err := s.reachable(id)
			if err != nil {
				at <- -2
				return
			}
			at <- v.missionAt
		}); err != nil {
			return false, err
		}
		switch <-at {
		case seq:
			return true, nil
		case -2:
			return false, gcs.ErrLinkLost
		}
		select {
		case <-time.After(tickPeriod / 2):
		case <-ctx.Done():
			return false, ctx.Err()
		}
	}
	return false, nil
}
