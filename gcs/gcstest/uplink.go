package gcstest

import (
	"context"
	"sync"

	"skerry/gcs"
)

// Uplink is a gcs.Uplink that records every order, answers with Answer
// (nil: accepted) and keeps parameters in a map.
type Uplink struct {
	// Answer decides each order's outcome; nil accepts all.
	Answer func(gcs.VehicleID, gcs.Command) error

	mu     sync.Mutex
	orders map[gcs.VehicleID][]gcs.Command
	params map[gcs.VehicleID]map[string]float64
}

var _ gcs.Uplink = (*Uplink)(nil)

// Execute records cmd and answers it.
func (u *Uplink) Execute(_ context.Context, id gcs.VehicleID, cmd gcs.Command) error {
	u.mu.Lock()
	if u.orders == nil {
		u.orders = map[gcs.VehicleID][]gcs.Command{}
	}
	u.orders[id] = append(u.orders[id], cmd)
	answer := u.Answer
	u.mu.Unlock()
	if answer != nil {
		return answer(id, cmd)
	}
	return nil
}

// Orders returns the orders vehicle id was sent, oldest first.
func (u *Uplink) Orders(id gcs.VehicleID) []gcs.Command {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]gcs.Command(nil), u.orders[id]...)
}

// Last returns the last order vehicle id was sent.
func (u *Uplink) Last(id gcs.VehicleID) (gcs.Command, bool) {
	o := u.Orders(id)
	if len(o) == 0 {
		return gcs.Command{}, false
	}
	return o[len(o)-1], true
}

// SetParam sets a parameter as the vehicle holds it.
func (u *Uplink) SetParam(id gcs.VehicleID, name string, v float64) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.params == nil {
		u.params = map[gcs.VehicleID]map[string]float64{}
	}
	if u.params[id] == nil {
		u.params[id] = map[string]float64{}
	}
	u.params[id][name] = v
}

// ReadParam answers a parameter set before, or gcs.ErrUnknownParam.
func (u *Uplink) ReadParam(_ context.Context, id gcs.VehicleID, name string) (float64, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	v, ok := u.params[id][name]
	if !ok {
		return 0, gcs.ErrUnknownParam
	}
	return v, nil
}

// WriteParam stores a parameter.
func (u *Uplink) WriteParam(_ context.Context, id gcs.VehicleID, name string, v float64) error {
	u.SetParam(id, name, v)
	return nil
}
