package telemetry

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/message"

	"skerry/gcs"
)

type paramKey struct {
	id   gcs.VehicleID
	name string
}

type paramResult struct {
	value float64
	err   error
}

// pendingParam is a PARAM_REQUEST_READ or PARAM_SET waiting for the
// PARAM_VALUE that names the parameter.
type pendingParam struct {
	v        *vehicle
	key      paramKey
	msg      message.Message
	set      bool
	want     float64
	tries    int
	deadline time.Time
	done     chan paramResult
}

// ReadParam reads a parameter by name (PARAM_REQUEST_READ, resent like a
// command until a PARAM_VALUE with that name arrives). ArduPilot stays
// silent about names it does not know, so an unknown name ends, after the
// retries, in an error matching both gcs.ErrUnknownParam and
// gcs.ErrTimeout.
func (s *Station) ReadParam(ctx context.Context, id gcs.VehicleID, name string) (float64, error) {
	if len(name) == 0 || len(name) > 16 {
		return 0, fmt.Errorf("parameter %q: %w", name, gcs.ErrUnknownParam)
	}
	return s.param(ctx, id, &pendingParam{
		msg: &common.MessageParamRequestRead{ParamId: name, ParamIndex: -1},
	}, name)
}

// WriteParam sets a parameter (PARAM_SET, resent until the vehicle echoes
// the parameter's PARAM_VALUE). If the vehicle keeps a different value (a
// rounded integer, a value out of range) the result is a *gcs.RejectedError
// saying which. PX4 parameters are encoded bytewise by type, so on PX4 an
// unread parameter is read first to learn its type.
func (s *Station) WriteParam(ctx context.Context, id gcs.VehicleID, name string, value float64) error {
	_, err := s.writeParam(ctx, id, name, value)
	return err
}

// writeParam is WriteParam returning the value the vehicle keeps (also
// with a *gcs.RejectedError).
func (s *Station) writeParam(ctx context.Context, id gcs.VehicleID, name string, value float64) (float64, error) {
	if len(name) == 0 || len(name) > 16 {
		return 0, fmt.Errorf("parameter %q: %w", name, gcs.ErrUnknownParam)
	}
	autopilot, typ, known, err := s.paramTypeOf(ctx, id, name)
	if err != nil {
		return 0, err
	}
	if !known && autopilot == common.MAV_AUTOPILOT_PX4 {
		if _, err := s.ReadParam(ctx, id, name); err != nil {
			return 0, err
		}
		if _, typ, known, err = s.paramTypeOf(ctx, id, name); err != nil {
			return 0, err
		}
	}
	if !known {
		typ = common.MAV_PARAM_TYPE_REAL32
	}
	wire := float32(value)
	if autopilot == common.MAV_AUTOPILOT_PX4 && isIntParam(typ) {
		wire = math.Float32frombits(uint32(int32(math.Round(value))))
	}
	return s.param(ctx, id, &pendingParam{
		set: true, want: value,
		msg: &common.MessageParamSet{ParamId: name, ParamValue: wire, ParamType: typ},
	}, name)
}

// paramTypeOf returns the vehicle's autopilot and the type it said for
// parameter name, if it has said.
func (s *Station) paramTypeOf(ctx context.Context, id gcs.VehicleID, name string) (ap common.MAV_AUTOPILOT, typ common.MAV_PARAM_TYPE, known bool, err error) {
	errc := make(chan error, 1)
	if err := s.do(ctx, func() {
		v, err := s.reachable(id)
		if err == nil {
			ap = v.hb.Autopilot
			typ, known = v.ptab.typeOf(name)
		}
		errc <- err
	}); err != nil {
		return ap, typ, known, err
	}
	return ap, typ, known, <-errc
}

func isIntParam(t common.MAV_PARAM_TYPE) bool {
	return t >= common.MAV_PARAM_TYPE_UINT8 && t <= common.MAV_PARAM_TYPE_INT64
}

func (s *Station) param(ctx context.Context, id gcs.VehicleID, pp *pendingParam, name string) (float64, error) {
	pp.done = make(chan paramResult, 1)
	pp.key = paramKey{id, name}
	if err := s.do(ctx, func() { s.startParam(pp) }); err != nil {
		return 0, err
	}
	select {
	case r := <-pp.done:
		return r.value, r.err
	case <-ctx.Done():
		s.do(context.Background(), func() { s.finishParam(pp, 0, ctx.Err()) }) //nolint:errcheck
		return 0, ctx.Err()
	case <-s.done:
		return 0, ErrClosed
	}
}

func (s *Station) startParam(pp *pendingParam) {
	v, err := s.reachable(pp.key.id)
	if err != nil {
		pp.done <- paramResult{err: err}
		return
	}
	if _, busy := s.params[pp.key]; busy {
		pp.done <- paramResult{err: fmt.Errorf("parameter %s: %w", pp.key.name, ErrBusy)}
		return
	}
	switch m := pp.msg.(type) {
	case *common.MessageParamRequestRead:
		m.TargetSystem, m.TargetComponent = v.key.sysid, v.compid
	case *common.MessageParamSet:
		m.TargetSystem, m.TargetComponent = v.key.sysid, v.compid
	}
	pp.v = v
	pp.deadline = s.Now().Add(s.CommandTimeout)
	s.params[pp.key] = pp
	s.send(v, pp.msg)
}

func (s *Station) finishParam(pp *pendingParam, value float64, err error) {
	if s.params[pp.key] != pp {
		return
	}
	delete(s.params, pp.key)
	pp.done <- paramResult{value, err}
}

// paramValue decodes PARAM_VALUE: PX4 sends integers bytewise.
func paramValue(v *vehicle, m *common.MessageParamValue) float64 {
	if v.hb.Autopilot == common.MAV_AUTOPILOT_PX4 && isIntParam(m.ParamType) {
		return float64(int32(math.Float32bits(m.ParamValue)))
	}
	return float64(m.ParamValue)
}

// onParam keeps every PARAM_VALUE in the vehicle's table, counts it toward
// a read of all and answers the read or write waiting for it.
func (s *Station) onParam(v *vehicle, m *common.MessageParamValue, now time.Time) {
	got := paramValue(v, m)
	v.ptab.update(m, got)
	s.onFetchValue(v, m, now)
	pp := s.params[paramKey{v.id, m.ParamId}]
	if pp == nil {
		return
	}
	if pp.set && math.Abs(got-pp.want) > 1e-6*math.Max(1, math.Abs(pp.want)) {
		s.finishParam(pp, got, &gcs.RejectedError{
			Command: "PARAM_SET", Result: int(common.MAV_RESULT_FAILED), ResultName: common.MAV_RESULT_FAILED.String(),
			Reason: fmt.Sprintf("%s kept %v", m.ParamId, got),
		})
		return
	}
	s.finishParam(pp, got, nil)
}

func (s *Station) checkParams(now time.Time) {
	for _, pp := range s.params {
		if now.Before(pp.deadline) {
			continue
		}
		if pp.tries >= s.retries {
			s.finishParam(pp, 0, fmt.Errorf("parameter %s, no answer after %d tries: %w (%w)",
				pp.key.name, pp.tries+1, gcs.ErrUnknownParam, gcs.ErrTimeout))
			continue
		}
		pp.tries++
		pp.deadline = now.Add(s.CommandTimeout)
		s.send(pp.v, pp.msg)
	}
}
