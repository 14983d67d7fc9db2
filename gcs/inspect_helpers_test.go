package gcs

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// recUplink records every order in turn and answers with Answer.
type recUplink struct {
	mu     sync.Mutex
	cmds   []Command
	ids    []VehicleID
	Answer func(VehicleID, Command) error
}

func (u *recUplink) Execute(_ context.Context, id VehicleID, cmd Command) error {
	u.mu.Lock()
	u.cmds, u.ids = append(u.cmds, cmd), append(u.ids, id)
	u.mu.Unlock()
	if u.Answer != nil {
		return u.Answer(id, cmd)
	}
	return nil
}

func (u *recUplink) ReadParam(context.Context, VehicleID, string) (float64, error) { return 0, nil }
func (u *recUplink) WriteParam(context.Context, VehicleID, string, float64) error  { return nil }

// last is the last order of kind given to id; ok false when none.
func (u *recUplink) last(id VehicleID, kind CommandKind) (Command, bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	for k := len(u.cmds) - 1; k >= 0; k-- {
		if u.ids[k] == id && u.cmds[k].Kind == kind {
			return u.cmds[k], true
		}
	}
	return Command{}, false
}

// kinds lists the kinds of the orders given to id, in turn.
func (u *recUplink) kinds(id VehicleID) []CommandKind {
	u.mu.Lock()
	defer u.mu.Unlock()
	var out []CommandKind
	for k, c := range u.cmds {
		if u.ids[k] == id {
			out = append(out, c.Kind)
		}
	}
	return out
}

// fakeTargets is a maritime picture of settable targets and incidents.
type fakeTargets struct {
	mu        sync.Mutex
	targets   map[VesselID]Target
	incidents map[string]Incident
}

func (f *fakeTargets) Target(_ context.Context, id VesselID) (Target, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t, ok := f.targets[id]
	if !ok {
		return Target{}, fmt.Errorf("%w: %s", ErrNoTarget, id)
	}
	return t, nil
}

func (f *fakeTargets) Incident(_ context.Context, id string) (Incident, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	inc, ok := f.incidents[id]
	if !ok {
		return Incident{}, fmt.Errorf("%w: %s", ErrNoIncident, id)
	}
	return inc, nil
}

func (f *fakeTargets) set(t Target) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.targets == nil {
		f.targets = map[VesselID]Target{}
	}
	f.targets[t.ID] = t
}

func (f *fakeTargets) drop(id VesselID) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.targets, id)
}

// inspectWorld is an inspector over a test fleet, a recording uplink, a
// settable picture and, when store is set, an operation's law.
type inspectWorld struct {
	f     *Fleet
	clk   *fakeClock
	up    *recUplink
	tgts  *fakeTargets
	insp  *Inspector
	store *OperationStore
}

func newInspectWorld(t *testing.T, store *OperationStore) *inspectWorld {
	t.Helper()
	f, clk := newTestFleet(t)
	w := &inspectWorld{f: f, clk: clk, up: &recUplink{}, tgts: &fakeTargets{}, store: store}
	c := &Commander{Fleet: f, Uplink: w.up, Operation: store, Now: clk.now, Events: f.Events}
	w.insp = &Inspector{Fleet: f, Commander: c, Operation: store, Targets: w.tgts, Events: f.Events, Now: clk.now, Period: time.Hour}
	require.NoError(t, w.insp.Initialize())
	t.Cleanup(w.insp.Close)
	return w
}

// drone adds a drone with a camera at lat, lon: flying at 40 m above its
// home there (airborne) unless onGround; battery in percent (NaN:
// unknown).
func (w *inspectWorld) drone(id VehicleID, lat, lon float64, battery Reading, onGround bool) {
	mode := "GUIDED"
	armed := !onGround
	observe(w.f, id, Identity{Type: "quadrotor", Autopilot: "ardupilot", Mode: mode, Armed: armed})
	observe(w.f, id, HomeUpdate{Home: Position{Lat: lat, Lon: lon, AltAMSL: 2}})
	alt := 40.0
	landed := "in_air"
	if onGround {
		alt, landed = 0, "on_ground"
	}
	observe(w.f, id, LandedUpdate{Landed: landed})
	observe(w.f, id, GlobalPosition{Position: Position{Lat: lat, Lon: lon, AltAMSL: 2 + alt, AltRel: alt}})
	observe(w.f, id, BatteryUpdate{Battery: Battery{Voltage: Unknown, Current: Unknown, Remaining: battery, ConsumedMAh: Unknown}})
	withCamera(w.f, id)
	w.f.Vehicles() // applied
}

// move puts drone id at lat, lon, 40 m up.
func (w *inspectWorld) move(id VehicleID, lat, lon float64) {
	observe(w.f, id, GlobalPosition{Position: Position{Lat: lat, Lon: lon, AltAMSL: 42, AltRel: 40}})
	w.f.Vehicles()
}

// battery sets drone id's battery.
func (w *inspectWorld) battery(id VehicleID, pct Reading) {
	observe(w.f, id, BatteryUpdate{Battery: Battery{Voltage: Unknown, Current: Unknown, Remaining: pct, ConsumedMAh: Unknown}})
	w.f.Vehicles()
}

// boat puts target id at lat, lon now, heading course (degrees) at speed
// m/s.
func (w *inspectWorld) boat(id VesselID, lat, lon float64, course, speed Reading) {
	now := w.clk.now()
	w.tgts.set(Target{ID: id, Status: TargetAIS, Lat: lat, Lon: lon, At: now, LastSeen: now, Course: course, Speed: speed})
}

// step makes session id take one step now.
func (w *inspectWorld) step(t *testing.T, id string) InspectSession {
	t.Helper()
	w.insp.stepNow(id)
	s, err := w.insp.Session(id)
	require.NoError(t, err)
	return s
}

// distance is the metres between two positions.
func distance(a, b Position) float64 { return distanceM(latLon{a.Lat, a.Lon}, latLon{b.Lat, b.Lon}) }
