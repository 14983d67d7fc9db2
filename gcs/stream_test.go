package gcs

import (
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"
)

// state is a published state of vehicle id at altitude alt.
func state(id VehicleID, alt float64) VehicleEvent {
	return VehicleEvent{Vehicle: &Vehicle{ID: id, Position: Position{AltRel: alt}}}
}

func order(id string) OrderEvent { return OrderEvent{ID: id, Kind: CmdHold} }

// describe names each event of a read: "a@2" for a state, "o1" for an
// order, "alert x" for an alert...
func describe(evs []Event) []string {
	var out []string
	for _, ev := range evs {
		switch e := ev.(type) {
		case VehicleEvent:
			out = append(out, fmt.Sprintf("%s@%g", e.Vehicle.ID, e.Vehicle.Position.AltRel))
		case OrderEvent:
			out = append(out, e.ID)
		case AlertEvent:
			out = append(out, "alert "+e.Alert.ID)
		case OperationEvent:
			out = append(out, "operation")
		case PlansEvent:
			out = append(out, "plans")
		case SnapshotEvent:
			out = append(out, fmt.Sprintf("snapshot lost %d", e.Lost))
		}
	}
	return out
}

func TestStreamKeepsEventsInOrderAmongCoalescedStates(t *testing.T) {
	var e Events
	s := subscribed(t, &e)
	e.Publish(state("a", 1), order("o1"), state("b", 1))
	e.Publish(state("a", 2), AlertEvent{Alert: Alert{ID: "b/battery_low", Active: true}}, OperationEvent{})
	e.Publish(state("b", 2), order("o2"), state("c", 1))
	<-s.C()
	require.Equal(t, []string{"a@2", "o1", "b@2", "alert b/battery_low", "operation", "o2", "c@1"}, describe(s.Next()),
		"a state takes the place of its vehicle's first change, with the latest state; events keep theirs")

	// Lossless up to the bound, however many states come between.
	var want []string
	for i := range DefaultQueueSize {
		id := fmt.Sprint("o", i)
		e.Publish(state(VehicleID(fmt.Sprint("v", i%3)), float64(i)), order(id))
		want = append(want, id)
	}
	got := s.Next()
	require.Len(t, got, DefaultQueueSize+3)
	var orders []string
	for _, ev := range got {
		if o, ok := ev.(OrderEvent); ok {
			orders = append(orders, o.ID)
		}
	}
	require.Equal(t, want, orders)
	require.Equal(t, []string{"v0@1023", "o0", "v1@1021", "o1", "v2@1022"}, describe(got)[:5])
	require.Empty(t, s.Next())
}

func TestStreamCoalescesToTheLatestStateOncePerRead(t *testing.T) {
	var e Events
	s1, s2 := subscribed(t, &e), subscribed(t, &e)
	for i := range 100 {
		e.Publish(state("a", float64(i)))
	}
	got := s1.Next()
	require.Equal(t, []string{"a@99"}, describe(got))
	e.Publish(state("a", 100))
	require.Equal(t, []string{"a@100"}, describe(s1.Next()), "a change after a read is read again")
	later := s2.Next()
	require.Equal(t, []string{"a@100"}, describe(later), "each subscriber coalesces on its own")
	require.Same(t, later[0].(VehicleEvent).Vehicle, e.Subscribe().Next()[0].(SnapshotEvent).Vehicles[0],
		"a state is one copy, shared")
}

func TestStreamBoundReportsWhatWasLostAndStartsAgainFromASnapshot(t *testing.T) {
	e := Events{QueueSize: 4}
	slow, fast := subscribed(t, &e), subscribed(t, &e)
	var fastGot []string
	publish := func(evs ...Event) {
		e.Publish(evs...)
		fastGot = append(fastGot, describe(fast.Next())...)
	}
	publish(state("a", 1), AlertEvent{Alert: Alert{ID: "a/link_lost", Active: true}}, order("o1"), order("o2"))
	publish(order("o3"))
	publish(order("o4"), state("a", 2), order("o5")) // o4 is one too many for slow
	require.Equal(t, []string{"a@1", "alert a/link_lost", "o1", "o2", "o3", "o4", "a@2", "o5"}, fastGot,
		"a subscriber that keeps up loses nothing")

	got := slow.Next()
	require.Equal(t, []string{"snapshot lost 5", "a@2", "o5"}, describe(got),
		"the queue gives way to a snapshot that says what was lost; what follows it is newer")
	snap := got[0].(SnapshotEvent)
	require.Len(t, snap.Vehicles, 1)
	require.Equal(t, 1.0, snap.Vehicles[0].Position.AltRel)
	require.Len(t, snap.Alerts, 1, "the lost alert's effect is in the snapshot")

	// Two gaps before a read add up; after the read the count starts again.
	for i := range 10 {
		e.Publish(order(fmt.Sprint("p", i)))
	}
	require.Equal(t, []string{"snapshot lost 10"}, describe(slow.Next()))
	for i := range 5 {
		e.Publish(order(fmt.Sprint("q", i)))
	}
	require.Equal(t, []string{"snapshot lost 5"}, describe(slow.Next()))
}

func TestSnapshotKeepsTheActiveAndRecentClearedAlerts(t *testing.T) {
	e := Events{RecentAlerts: 2}
	at := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	e.Publish(AlertEvent{Alert: Alert{ID: "a/link_lost", Active: true, Raised: at}})
	for i := range 10 {
		cleared := at.Add(time.Duration(i) * time.Second)
		id := fmt.Sprint("b/text", i)
		e.Publish(AlertEvent{Alert: Alert{ID: id, Active: true, Raised: at}})
		e.Publish(AlertEvent{Alert: Alert{ID: id, Raised: at, Cleared: &cleared}})
	}
	snap := e.Subscribe().Next()[0].(SnapshotEvent)
	var ids []string
	for _, a := range snap.Alerts {
		ids = append(ids, a.ID)
	}
	require.Equal(t, []string{"a/link_lost", "b/text9", "b/text8"}, ids)
	require.LessOrEqual(t, len(e.pic.alerts), 1+2*2, "the picture forgets old cleared alerts")
}

func TestCancelledSubscriptionGetsNothing(t *testing.T) {
	var e Events
	s := e.Subscribe()
	s.Cancel()
	s.Cancel()
	e.Publish(order("o1"), state("a", 1))
	require.Nil(t, s.Next())
	require.Empty(t, e.subs)
	var none *Events
	none.Publish(order("o1")) // a component without a stream drops its events
}

func TestFleetAnnouncesAStateBeforeTheAlertItRaised(t *testing.T) {
	f, _ := newTestFleet(t)
	s := subscribed(t, f.Events)
	observe(f, "a-1", Identity{Mode: "GUIDED", SystemStatus: "active"})
	observe(f, "a-1", BatteryUpdate{Battery: Battery{Remaining: 25, Voltage: 14.8}})
	f.Vehicles()
	got := s.Next()
	require.Equal(t, []string{"a-1@0", "alert a-1/battery_low"}, describe(got))
	require.Equal(t, Reading(25), got[0].(VehicleEvent).Vehicle.Battery.Remaining,
		"the console sees the battery that raised the alert")
}

// TestNoGoroutineLeftAfterCloseAndCancel runs a fleet, a commander and a
// subscription in a bubble: synctest fails the test if any goroutine is
// left blocked once they are closed.
func TestNoGoroutineLeftAfterCloseAndCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		events := &Events{}
		f := &Fleet{Events: events}
		require.NoError(t, f.Initialize())
		s := events.Subscribe()
		observe(f, "a-1", Identity{Mode: "GUIDED"})
		c := &Commander{Fleet: f, Uplink: &fakeUplink{}, Events: events}
		c.Do(t.Context(), []VehicleID{"a-1"}, Command{Kind: CmdHold})
		require.NotEmpty(t, s.Next())
		s.Cancel()
		f.Close()
		require.Empty(t, events.subs)
	})
}

// BenchmarkEventsStates measures publishing vehicle states to one
// subscriber that reads after each round of 250 vehicles.
func BenchmarkEventsStates(b *testing.B) {
	var e Events
	s := e.Subscribe()
	defer s.Cancel()
	vs := make([]VehicleEvent, 250)
	for i := range vs {
		vs[i] = state(VehicleID(fmt.Sprint("b1-", i)), 0)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		e.Publish(vs[i%len(vs)])
		if i%len(vs) == len(vs)-1 {
			s.Next()
		}
	}
}
