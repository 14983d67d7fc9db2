package telemetry

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"

	"skerry/gcs"
)

// ptable is one vehicle's parameters as the station last heard them, owned
// by the session goroutine like the rest of the vehicle's session. Every
// PARAM_VALUE the vehicle sends lands here, whoever asked.
type ptable struct {
	byName   map[string]*pentry
	count    int       // param_count the vehicle last said; 0 not yet
	readAt   time.Time // when a read of all last completed
	received int       // what the last (or current) read of all received
	lastErr  string    // why the last read of all failed
	fetch    *paramFetch
}

// pentry is one parameter.
type pentry struct {
	value float64
	typ   common.MAV_PARAM_TYPE
	index int // -1 unknown
}

// noIndex is param_index in a PARAM_VALUE that is not part of a list (an
// answer by name or to PARAM_SET: ArduPilot sends -1).
const noIndex = 65535

// update stores one PARAM_VALUE with its decoded value.
func (t *ptable) update(m *common.MessageParamValue, value float64) *pentry {
	if t.byName == nil {
		t.byName = map[string]*pentry{}
	}
	e := t.byName[m.ParamId]
	if e == nil {
		e = &pentry{index: -1}
		t.byName[m.ParamId] = e
	}
	e.value, e.typ = value, m.ParamType
	if m.ParamIndex != noIndex && int(m.ParamIndex) < int(m.ParamCount) {
		e.index = int(m.ParamIndex)
	}
	if m.ParamCount > 0 && m.ParamCount != noIndex {
		t.count = int(m.ParamCount)
	}
	return e
}

// typeOf returns the type the vehicle said for name.
func (t *ptable) typeOf(name string) (common.MAV_PARAM_TYPE, bool) {
	if e := t.byName[name]; e != nil {
		return e.typ, true
	}
	return 0, false
}

// param returns name's entry as the core sees it.
func (t *ptable) param(name string) (gcs.Param, bool) {
	e := t.byName[name]
	if e == nil {
		return gcs.Param{}, false
	}
	return gcs.Param{Name: name, Value: e.value, Type: paramTypeName(e.typ), Index: e.index}, true
}

// snapshot copies the table for the core, sorted by name.
func (t *ptable) snapshot() gcs.ParamTable {
	out := gcs.ParamTable{Params: make([]gcs.Param, 0, len(t.byName)), Count: t.count,
		Reading: t.fetch != nil, Received: t.received, ReadAt: t.readAt, Error: t.lastErr}
	for name := range t.byName {
		p, _ := t.param(name)
		out.Params = append(out.Params, p)
	}
	sort.Slice(out.Params, func(i, j int) bool { return out.Params[i].Name < out.Params[j].Name })
	return out
}

// paramTypeName names a MAV_PARAM_TYPE in the core's terms.
func paramTypeName(t common.MAV_PARAM_TYPE) gcs.ParamType {
	switch t {
	case common.MAV_PARAM_TYPE_UINT8:
		return gcs.ParamUint8
	case common.MAV_PARAM_TYPE_INT8:
		return gcs.ParamInt8
	case common.MAV_PARAM_TYPE_UINT16:
		return gcs.ParamUint16
	case common.MAV_PARAM_TYPE_INT16:
		return gcs.ParamInt16
	case common.MAV_PARAM_TYPE_UINT32:
		return gcs.ParamUint32
	case common.MAV_PARAM_TYPE_INT32:
		return gcs.ParamInt32
	case common.MAV_PARAM_TYPE_UINT64:
		return gcs.ParamUint64
	case common.MAV_PARAM_TYPE_INT64:
		return gcs.ParamInt64
	case common.MAV_PARAM_TYPE_REAL64:
		return gcs.ParamReal64
	}
	return gcs.ParamReal32
}

// ParamTable returns vehicle id's parameters as last heard, with the state
// of its read of all (gcs.ParamLink). A vehicle whose link is lost still
// has its table.
func (s *Station) ParamTable(ctx context.Context, id gcs.VehicleID) (gcs.ParamTable, error) {
	var out gcs.ParamTable
	err := s.onVehicle(ctx, id, func(v *vehicle) { out = v.ptab.snapshot() })
	return out, err
}

// onVehicle runs f with vehicle id on the session goroutine and waits.
func (s *Station) onVehicle(ctx context.Context, id gcs.VehicleID, f func(*vehicle)) error {
	errc := make(chan error, 1)
	if err := s.do(ctx, func() {
		v := s.byID[id]
		if v == nil {
			errc <- gcs.ErrUnknownVehicle
			return
		}
		f(v)
		errc <- nil
	}); err != nil {
		return err
	}
	return <-errc
}

// GetParam reads one parameter from the vehicle (PARAM_REQUEST_READ by
// name, resent until it answers) and returns it with its type and index
// (gcs.ParamLink).
func (s *Station) GetParam(ctx context.Context, id gcs.VehicleID, name string) (gcs.Param, error) {
	if _, err := s.ReadParam(ctx, id, name); err != nil {
		return gcs.Param{}, err
	}
	return s.heard(ctx, id, name)
}

// SetParam writes a parameter (PARAM_SET, resent until the vehicle echoes
// it) and returns it as the vehicle keeps it; a vehicle keeping another
// value gives that value and a *gcs.RejectedError (gcs.ParamLink).
func (s *Station) SetParam(ctx context.Context, id gcs.VehicleID, name string, value float64) (gcs.Param, error) {
	kept, err := s.writeParam(ctx, id, name, value)
	var rej *gcs.RejectedError
	if err != nil && !errors.As(err, &rej) {
		return gcs.Param{}, err
	}
	p, herr := s.heard(context.WithoutCancel(ctx), id, name)
	if herr != nil {
		return gcs.Param{}, herr
	}
	p.Value = kept
	return p, err
}

// heard returns parameter name of vehicle id from its table.
func (s *Station) heard(ctx context.Context, id gcs.VehicleID, name string) (gcs.Param, error) {
	var p gcs.Param
	var ok bool
	if err := s.onVehicle(ctx, id, func(v *vehicle) { p, ok = v.ptab.param(name) }); err != nil {
		return p, err
	}
	if !ok {
		return p, gcs.ErrUnknownParam
	}
	return p, nil
}

var _ gcs.ParamLink = (*Station)(nil)
