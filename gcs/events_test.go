package gcs

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// subscribed subscribes to e and takes the first snapshot away.
func subscribed(t *testing.T, e *Events) *EventSub {
	s := e.Subscribe()
	t.Cleanup(s.Cancel)
	evs := s.Next()
	require.Len(t, evs, 1)
	require.IsType(t, SnapshotEvent{}, evs[0])
	return s
}

func TestOrderPublishesItsOutcome(t *testing.T) {
	f, _ := newTestFleet(t)
	observe(f, "a-1", Identity{})
	f.Vehicles() // the vehicle is announced before the subscription starts
	sub := subscribed(t, f.Events)
	c := &Commander{Fleet: f, Uplink: &fakeUplink{}, Events: f.Events}
	out, err := c.Order(context.Background(), []VehicleID{"a-1"}, Command{Kind: CmdHold}, "")
	require.NoError(t, err)
	evs := sub.Next()
	require.Len(t, evs, 1)
	require.Equal(t, out, evs[0])
	_, err = c.Order(context.Background(), nil, Command{Kind: CmdHold}, "")
	require.ErrorIs(t, err, ErrConfirmRequired)
	require.Empty(t, sub.Next(), "an order not given is not announced")
}

func TestOperationStoreAndPlansAnnounce(t *testing.T) {
	var e Events
	sub := subscribed(t, &e)
	ops := &OperationStore{Events: &e}
	op, err := NewOperation(Operation{Name: "harbour"})
	require.NoError(t, err)
	ops.Set(op)
	plans := AnnouncePlans(&fakePlans{}, &e)
	saved, err := plans.Save(context.Background(), StoredPlan{Name: "east"})
	require.NoError(t, err)

	evs := sub.Next()
	require.Len(t, evs, 3)
	require.Equal(t, OperationEvent{Operation: op}, evs[0])
	first := evs[1].(PlansEvent)
	require.Equal(t, PlanChange{}, first.Change, "the plans as they were when announcing began")
	require.NotNil(t, first.Plans, "listed, and none saved")
	require.Empty(t, first.Plans)
	then := evs[2].(PlansEvent)
	require.Equal(t, saved.ID, then.Change.ID)
	require.Len(t, then.Plans, 1)

	snap := e.Subscribe().Next()[0].(SnapshotEvent)
	require.Same(t, op, snap.Operation, "a late subscriber starts from the operation")
	require.Len(t, snap.Plans, 1)
}

// fakePlans is a plan store in memory; List returns nil when empty, as a
// store may.
type fakePlans struct{ plans []StoredPlan }

func (p *fakePlans) List(context.Context) ([]StoredPlan, error) { return p.plans, nil }

func (p *fakePlans) Get(_ context.Context, id string) (StoredPlan, error) {
	for _, sp := range p.plans {
		if sp.ID == id {
			return sp, nil
		}
	}
	return StoredPlan{}, ErrPlanNotFound
}

func (p *fakePlans) Save(_ context.Context, sp StoredPlan) (StoredPlan, error) {
	sp.ID, sp.Version = fmt.Sprint("p", len(p.plans)+1), 1
	p.plans = append(p.plans, sp)
	return sp, nil
}

func (p *fakePlans) Delete(context.Context, string, int64) error { return nil }
