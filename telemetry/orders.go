package telemetry

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"

	"skerry/gcs"
)

// apSetMode switches an ArduPilot vehicle to a mode by name with
// MAV_CMD_DO_SET_MODE (base mode CUSTOM_MODE_ENABLED, custom mode).
func (s *Station) apSetMode(ctx context.Context, id gcs.VehicleID, snap snapshot, name string) error {
	mode, ok := apModeValue(snap.class, name)
	if !ok {
		return fmt.Errorf("%q: %w", name, gcs.ErrUnknownMode)
	}
	return s.command(ctx, id, long(common.MAV_CMD_DO_SET_MODE,
		float32(common.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED), float32(mode)))
}

// apMode picks the mode an ArduPilot family uses for an order.
func apMode(c class, mavType common.MAV_TYPE, kind gcs.CommandKind) string {
	switch kind {
	case gcs.CmdHold:
		return map[class]string{classCopter: "BRAKE", classPlane: "LOITER", classRover: "HOLD", classSub: "POSHOLD"}[c]
	case gcs.CmdReturn:
		return map[class]string{classCopter: "RTL", classPlane: "RTL", classRover: "RTL", classSub: "SURFACE"}[c]
	case gcs.CmdLand:
		if c == classPlane && isVTOL(mavType) {
			return "QLAND"
		}
		return map[class]string{classCopter: "LAND"}[c]
	}
	return ""
}

func (s *Station) executeArduPilot(ctx context.Context, id gcs.VehicleID, snap snapshot, cmd gcs.Command) error {
	switch cmd.Kind {
	case gcs.CmdSetMode:
		return s.apSetMode(ctx, id, snap, cmd.Mode)
	case gcs.CmdArm, gcs.CmdDisarm:
		return s.arm(ctx, id, cmd.Kind == gcs.CmdArm, cmd.Force)
	case gcs.CmdTakeoff:
		return s.apTakeoff(ctx, id, snap, cmd)
	case gcs.CmdGoTo:
		return s.apGoTo(ctx, id, snap, cmd)
	case gcs.CmdHold, gcs.CmdReturn, gcs.CmdLand:
		mode := apMode(snap.class, snap.mavType, cmd.Kind)
		if mode == "" {
			if cmd.Kind == gcs.CmdReturn {
				return s.command(ctx, id, long(common.MAV_CMD_NAV_RETURN_TO_LAUNCH))
			}
			return fmt.Errorf("%s on this vehicle type: %w", cmd.Kind, gcs.ErrUnsupported)
		}
		return s.apSetMode(ctx, id, snap, mode)
	case gcs.CmdTerminate:
		return s.command(ctx, id, long(common.MAV_CMD_DO_FLIGHTTERMINATION, 1))
	}
	return fmt.Errorf("%q: %w", cmd.Kind, gcs.ErrInvalidCommand)
}

// apTakeoff: GUIDED (copter) if not already, arm if disarmed, then
// MAV_CMD_NAV_TAKEOFF with the altitude above home in param7. Planes use
// their TAKEOFF mode (altitude from TKOFF_ALT) and are armed.
func (s *Station) apTakeoff(ctx context.Context, id gcs.VehicleID, snap snapshot, cmd gcs.Command) error {
	if cmd.Altitude <= 0 || math.IsNaN(cmd.Altitude) {
		return fmt.Errorf("takeoff altitude %v: %w", cmd.Altitude, gcs.ErrInvalidCommand)
	}
	switch snap.class {
	case classCopter:
		if guided, _ := apModeValue(classCopter, "GUIDED"); snap.custom != guided {
			if err := s.apSetMode(ctx, id, snap, "GUIDED"); err != nil {
				return err
			}
		}
		if !snap.armed {
			if err := s.arm(ctx, id, true, false); err != nil {
				return err
			}
		}
		return s.command(ctx, id, long(common.MAV_CMD_NAV_TAKEOFF, 0, 0, 0, 0, 0, 0, float32(cmd.Altitude)))
	case classPlane:
		if err := s.apSetMode(ctx, id, snap, "TAKEOFF"); err != nil {
			return err
		}
		if snap.armed {
			return nil
		}
		return s.arm(ctx, id, true, false)
	}
	return fmt.Errorf("takeoff on this vehicle type: %w", gcs.ErrUnsupported)
}

// apGoTo sends MAV_CMD_DO_REPOSITION as COMMAND_INT (ArduPilot switches to
// GUIDED itself); older firmware that answers UNSUPPORTED gets GUIDED and
// a SET_POSITION_TARGET_GLOBAL_INT instead.
func (s *Station) apGoTo(ctx context.Context, id gcs.VehicleID, snap snapshot, cmd gcs.Command) error {
	if err := checkGoTo(cmd); err != nil {
		return err
	}
	err := s.command(ctx, id, reposition(cmd.Lat, cmd.Lon, cmd.Altitude))
	var rej *gcs.RejectedError
	if !errors.As(err, &rej) || rej.Result != int(common.MAV_RESULT_UNSUPPORTED) {
		return s.explainGuidedRefusal(ctx, id, snap, cmd.Lat, cmd.Lon, cmd.Altitude, err)
	}
	if err := s.apSetMode(ctx, id, snap, "GUIDED"); err != nil {
		return err
	}
	return s.sendOnce(ctx, id, &common.MessageSetPositionTargetGlobalInt{
		CoordinateFrame: common.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT,
		TypeMask:        0b110111111000, // position only
		LatInt:          toDegE7(cmd.Lat), LonInt: toDegE7(cmd.Lon), Alt: float32(cmd.Altitude),
	})
}

// px4SetMode switches a PX4 vehicle with MAV_CMD_DO_SET_MODE (base mode
// CUSTOM_MODE_ENABLED, main mode, sub mode).
func (s *Station) px4SetMode(ctx context.Context, id gcs.VehicleID, name string) error {
	main, sub, ok := px4ModeValue(name)
	if !ok {
		return fmt.Errorf("%q: %w", name, gcs.ErrUnknownMode)
	}
	return s.command(ctx, id, long(common.MAV_CMD_DO_SET_MODE,
		float32(common.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED), float32(main), float32(sub)))
}

func (s *Station) executePX4(ctx context.Context, id gcs.VehicleID, snap snapshot, cmd gcs.Command) error {
	nan := float32(math.NaN())
	switch cmd.Kind {
	case gcs.CmdSetMode:
		return s.px4SetMode(ctx, id, cmd.Mode)
	case gcs.CmdHold:
		return s.px4SetMode(ctx, id, "AUTO.LOITER")
	case gcs.CmdTakeoff:
		if cmd.Altitude <= 0 || math.IsNaN(cmd.Altitude) {
			return fmt.Errorf("takeoff altitude %v: %w", cmd.Altitude, gcs.ErrInvalidCommand)
		}
		// PX4 wants the takeoff altitude AMSL (NaN: its MIS_TAKEOFF_ALT).
		alt := nan
		switch {
		case snap.hasHome:
			alt = float32(snap.homeAMSL + cmd.Altitude)
		case snap.altAMSL != 0 || snap.altRel != 0:
			alt = float32(snap.altAMSL - snap.altRel + cmd.Altitude)
		}
		if err := s.command(ctx, id, long(common.MAV_CMD_NAV_TAKEOFF, -1, 0, 0, nan, nan, nan, alt)); err != nil {
			return err
		}
		if snap.armed {
			return nil
		}
		return s.arm(ctx, id, true, false)
	case gcs.CmdLand:
		return s.command(ctx, id, long(common.MAV_CMD_NAV_LAND, 0, 0, 0, nan, nan, nan, nan))
	}
	return s.executeGeneric(ctx, id, snap, cmd)
}
