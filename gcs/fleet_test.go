package gcs

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// fakeClock is a settable clock for tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newTestFleet(t *testing.T) (*Fleet, *fakeClock) {
	clk := &fakeClock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
	f := &Fleet{Now: clk.now, TickPeriod: time.Hour, Events: &Events{}}
	require.NoError(t, f.Initialize())
	t.Cleanup(f.Close)
	return f, clk
}

func observe(f *Fleet, id VehicleID, u Update) {
	f.Observe(Observation{Vehicle: id, Link: "l1", SystemID: 1, At: time.Now(), Update: u})
}

func TestFleetCreatesVehiclesOnlyFromIdentity(t *testing.T) {
	f, _ := newTestFleet(t)
	observe(f, "l1-1", GlobalPosition{Position: Position{Lat: 36.1, Lon: -5.4}})
	observe(f, "l1-2", Identity{Type: "quadrotor", Autopilot: "ardupilot", Mode: "STABILIZE", SystemStatus: "standby"})
	observe(f, "l1-2", GlobalPosition{Position: Position{Lat: 36.1, Lon: -5.4, AltRel: 12}})
	vs := f.Vehicles()
	require.Len(t, vs, 1)
	require.Equal(t, VehicleID("l1-2"), vs[0].ID)
	require.True(t, vs[0].HasPosition)
	require.Equal(t, 12.0, vs[0].Position.AltRel)
	require.False(t, vs[0].Battery.Remaining.Known(), "no battery report yet")
}

func TestVehicleCopiesAreIndependent(t *testing.T) {
	f, _ := newTestFleet(t)
	observe(f, "a-1", Identity{Mode: "GUIDED"})
	observe(f, "a-1", TextUpdate{Text: StatusText{At: time.Now(), Severity: 6, Text: "hello"}})
	v, ok := f.Vehicle("a-1")
	require.True(t, ok)
	v.Messages[0].Text = "changed"
	w, _ := f.Vehicle("a-1")
	require.Equal(t, "hello", w.Messages[0].Text)
}

func TestFleetStatesCoalesceAndSubscriptionStartsWithSnapshot(t *testing.T) {
	f, _ := newTestFleet(t)
	observe(f, "a-1", Identity{Mode: "LOITER"})
	f.Vehicles() // a round trip: every observation before it is on the stream
	s := f.Events.Subscribe()
	defer s.Cancel()
	<-s.C()
	evs := s.Next()
	require.Len(t, evs, 1)
	snap := evs[0].(SnapshotEvent)
	require.Len(t, snap.Vehicles, 1)
	require.Equal(t, "LOITER", snap.Vehicles[0].Mode)
	for i := range 100 {
		observe(f, "a-1", GlobalPosition{Position: Position{Lat: 36, Lon: -5, AltRel: float64(i)}})
	}
	f.Vehicles()
	<-s.C()
	vs, _ := split(s.Next())
	require.Len(t, vs, 1, "100 changes of one vehicle arrive as one")
	require.Equal(t, 99.0, vs[0].Position.AltRel)
}

// split sorts a read of the stream into vehicle states and alerts.
func split(evs []Event) (vs []*Vehicle, alerts []Alert) {
	for _, ev := range evs {
		switch e := ev.(type) {
		case VehicleEvent:
			vs = append(vs, e.Vehicle)
		case AlertEvent:
			alerts = append(alerts, e.Alert)
		}
	}
	return vs, alerts
}

func TestAlertsRaiseOnceAndClear(t *testing.T) {
	f, _ := newTestFleet(t)
	s := f.Events.Subscribe()
	defer s.Cancel()
	observe(f, "a-1", Identity{Mode: "GUIDED", SystemStatus: "active"})
	for range 5 {
		observe(f, "a-1", BatteryUpdate{Battery: Battery{Remaining: 25, Voltage: 14.8}})
	}
	observe(f, "a-1", BatteryUpdate{Battery: Battery{Remaining: 31, Voltage: 15.1}}) // inside hysteresis: stays
	f.Vehicles()
	_, alerts := split(s.Next())
	require.Len(t, alerts, 1)
	require.Equal(t, "battery_low", alerts[0].Kind)
	require.True(t, alerts[0].Active)
	require.Equal(t, VehicleID("a-1"), alerts[0].Vehicle)

	observe(f, "a-1", BatteryUpdate{Battery: Battery{Remaining: 10}})
	f.Vehicles()
	_, alerts = split(s.Next())
	require.Len(t, alerts, 2)
	require.Equal(t, "battery_critical", alerts[0].Kind)
	require.Equal(t, "battery_low", alerts[1].Kind)
	require.False(t, alerts[1].Active, "low clears when critical takes over")
}

func TestLinkAndStatusTextAlerts(t *testing.T) {
	f, clk := newTestFleet(t)
	observe(f, "a-1", Identity{Mode: "AUTO", SystemStatus: "active"})
	observe(f, "a-1", LinkUpdate{Lost: true})
	observe(f, "a-1", TextUpdate{Text: StatusText{At: time.Now(), Severity: 2, Text: "Radio Failsafe"}})
	active := activeKinds(f.Alerts())
	require.ElementsMatch(t, []string{"link_lost", "statustext"}, active)

	observe(f, "a-1", LinkUpdate{Lost: false})
	clk.advance(time.Minute)
	f.do(context.Background(), func(st *fleetState) { f.notify(st, st.alerts.tick(clk.now()), nil) })
	require.Empty(t, activeKinds(f.Alerts()))
	require.Len(t, f.Alerts(), 2, "cleared alerts stay in the history")
}

func activeKinds(as []Alert) []string {
	var out []string
	for _, a := range as {
		if a.Active {
			out = append(out, a.Kind)
		}
	}
	return out
}

func TestPrearmAlertCarriesText(t *testing.T) {
	f, _ := newTestFleet(t)
	observe(f, "a-1", Identity{Mode: "STABILIZE", SystemStatus: "standby"})
	observe(f, "a-1", TextUpdate{Text: StatusText{At: time.Now(), Severity: 6, Text: "PreArm: GPS: No fix"}})
	observe(f, "a-1", SystemHealth{Health: Health{PrearmKnown: true, PrearmOK: false}, Battery: Battery{Remaining: 90}})
	as := f.Alerts()
	require.Len(t, as, 1)
	require.Equal(t, "pre-arm check failing: PreArm: GPS: No fix", as[0].Message)
}
