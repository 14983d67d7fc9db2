package gcstest

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"skerry/gcs"
)

// ParamLink is a gcs.ParamLink whose vehicles keep parameters in memory.
// Put sets what a vehicle has; ReadAllParams makes its table complete.
type ParamLink struct {
	// Keep, if set, decides the value a vehicle keeps when asked to set
	// one (a read-only parameter, a vehicle that clamps); nil keeps it.
	Keep func(id gcs.VehicleID, name string, value float64) float64
	// Fail, if set, is returned by every call for a vehicle.
	Fail func(id gcs.VehicleID) error
	// Now stamps completed reads (nil: Epoch).
	Now func() time.Time

	mu     sync.Mutex
	params map[gcs.VehicleID]map[string]gcs.Param
	read   map[gcs.VehicleID]bool
	writes []string // "id NAME=value", in order
}

var _ gcs.ParamLink = (*ParamLink)(nil)

// Put gives vehicle id a parameter.
func (l *ParamLink) Put(id gcs.VehicleID, name string, value float64, t gcs.ParamType) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.params == nil {
		l.params, l.read = map[gcs.VehicleID]map[string]gcs.Param{}, map[gcs.VehicleID]bool{}
	}
	if l.params[id] == nil {
		l.params[id] = map[string]gcs.Param{}
	}
	l.params[id][name] = gcs.Param{Name: name, Value: value, Type: t, Index: -1}
}

// Writes lists the writes made, "id NAME=value", oldest first.
func (l *ParamLink) Writes() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.writes...)
}

func (l *ParamLink) fail(id gcs.VehicleID) error {
	if l.Fail != nil {
		return l.Fail(id)
	}
	return nil
}

// ReadAllParams marks the table complete, telling progress once.
func (l *ParamLink) ReadAllParams(_ context.Context, id gcs.VehicleID, progress func(gcs.ParamProgress)) error {
	if err := l.fail(id); err != nil {
		return err
	}
	l.mu.Lock()
	n := len(l.params[id])
	if l.read == nil {
		l.read = map[gcs.VehicleID]bool{}
	}
	l.read[id] = true
	l.mu.Unlock()
	if progress != nil {
		progress(gcs.ParamProgress{Received: n, Total: n})
	}
	return nil
}

// ParamTable returns the vehicle's parameters, by name.
func (l *ParamLink) ParamTable(_ context.Context, id gcs.VehicleID) (gcs.ParamTable, error) {
	if err := l.fail(id); err != nil {
		return gcs.ParamTable{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	t := gcs.ParamTable{Params: []gcs.Param{}, Count: len(l.params[id])}
	for _, p := range l.params[id] {
		t.Params = append(t.Params, p)
	}
	sort.Slice(t.Params, func(i, j int) bool { return t.Params[i].Name < t.Params[j].Name })
	if l.read[id] {
		t.Received = t.Count
		t.ReadAt = Epoch
		if l.Now != nil {
			t.ReadAt = l.Now()
		}
	}
	return t, nil
}

// GetParam returns one parameter, or gcs.ErrUnknownParam.
func (l *ParamLink) GetParam(_ context.Context, id gcs.VehicleID, name string) (gcs.Param, error) {
	if err := l.fail(id); err != nil {
		return gcs.Param{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	p, ok := l.params[id][name]
	if !ok {
		return gcs.Param{}, fmt.Errorf("%s: %w", name, gcs.ErrUnknownParam)
	}
	return p, nil
}

// SetParam stores a value (or what Keep says) and returns it; a kept value
// other than the one asked for gives a *gcs.RejectedError.
func (l *ParamLink) SetParam(ctx context.Context, id gcs.VehicleID, name string, value float64) (gcs.Param, error) {
	p, err := l.GetParam(ctx, id, name)
	if err != nil {
		return p, err
	}
	kept := value
	if l.Keep != nil {
		kept = l.Keep(id, name, value)
	}
	l.mu.Lock()
	p.Value = kept
	l.params[id][name] = p
	l.writes = append(l.writes, fmt.Sprintf("%s %s=%v", id, name, value))
	l.mu.Unlock()
	if kept != value {
		return p, &gcs.RejectedError{Command: "PARAM_SET", Result: 4, ResultName: "MAV_RESULT_FAILED", Reason: fmt.Sprintf("%s kept %v", name, kept)}
	}
	return p, nil
}
