package gcs

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// memInspectJournal is a journal in memory, as the store's settings are on disk.
type memInspectJournal struct {
	mu sync.Mutex
	v  map[string]json.RawMessage
}

func (j *memInspectJournal) Get(_ context.Context, name string) (json.RawMessage, bool, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	v, ok := j.v[name]
	return v, ok, nil
}

func (j *memInspectJournal) Put(_ context.Context, name string, value json.RawMessage, _ string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.v == nil {
		j.v = map[string]json.RawMessage{}
	}
	j.v[name] = append(json.RawMessage(nil), value...)
	return nil
}

func (j *memInspectJournal) running(t *testing.T) []InspectSession {
	t.Helper()
	raw, ok, _ := j.Get(context.Background(), inspectJournalKey)
	require.True(t, ok, "journalled")
	var out []InspectSession
	require.NoError(t, json.Unmarshal(raw, &out))
	return out
}

// restarted is a station's inspector started again on journal j.
func restarted(t *testing.T, j InspectJournal) (*Inspector, *recUplink, *EventSub) {
	t.Helper()
	f, clk := newTestFleet(t)
	sub := f.Events.Subscribe()
	t.Cleanup(sub.Cancel)
	up := &recUplink{}
	insp := &Inspector{Fleet: f, Commander: &Commander{Fleet: f, Uplink: up, Now: clk.now, Events: f.Events}, Targets: &fakeTargets{},
		Events: f.Events, Now: clk.now, Period: time.Hour, Journal: j}
	require.NoError(t, insp.Initialize())
	t.Cleanup(insp.Close)
	return insp, up, sub
}

// A station that stops without ending its inspections (a crash) lists
// them, once restarted, as interrupted, naming the drones it had sent and
// not given back; one that ends them first lists none.
func TestInspectJournalTellsOfInspectionsACrashInterrupted(t *testing.T) {
	j := &memInspectJournal{}
	w := newInspectWorld(t, nil)
	w.insp.Journal = j
	w.boat("v1", boatLat, boatLon, Unknown, Unknown)
	w.drone("a-1", boatLat, boatLon-0.01, 90, false)
	ctx := context.Background()
	s, err := w.insp.Start(ctx, InspectRequest{Target: "v1", Vehicle: "a-1", Confirm: true, By: "ana"})
	require.NoError(t, err)
	running := j.running(t)
	require.Len(t, running, 1, "journalled before the drone is sent")
	require.Equal(t, s.ID, running[0].ID)
	require.Equal(t, VehicleID("a-1"), running[0].Vehicle)

	// The station dies (the first inspector is never closed) and starts
	// again on the same journal.
	again, up, sub := restarted(t, j)
	list := again.Sessions()
	require.Len(t, list, 1)
	got := list[0]
	require.Equal(t, s.ID, got.ID)
	require.False(t, got.Active())
	require.True(t, strings.HasPrefix(got.EndReason, InspectEndInterrupted+":"), got.EndReason)
	require.Contains(t, got.EndReason, "a-1")
	require.Equal(t, "left as it is", got.Then)
	require.Empty(t, up.kinds("a-1"), "no order to a drone the restarted station does not hold")
	require.Empty(t, j.running(t), "told once")
	var told bool
	for _, ev := range sub.Next() {
		if ie, ok := ev.(InspectEvent); ok && ie.Session.ID == s.ID {
			told = true
		}
	}
	require.True(t, told, "the consoles are told")

	// Ended by the pilot (or by a clean stop), nothing is left to tell.
	_, err = w.insp.End(ctx, s.ID, "ana")
	require.NoError(t, err)
	require.Empty(t, j.running(t))
	third, _, _ := restarted(t, j)
	require.Empty(t, third.Sessions())
}
