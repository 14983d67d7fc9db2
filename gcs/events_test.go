package gcs

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestEventsAreLosslessAndInOrder(t *testing.T) {
	var e Events
	fast, slow := e.Subscribe(), e.Subscribe()
	for i := range 1000 {
		e.Publish(OrderEvent{ID: string(rune('a' + i%26)), Kind: CmdHold})
		if i%10 == 0 {
			<-fast.C()
			require.NotEmpty(t, fast.Next())
		}
	}
	got := slow.Next()
	require.Len(t, got, 1000, "a subscriber that falls behind loses nothing")
	require.Equal(t, "a", got[0].(OrderEvent).ID)
	require.Equal(t, string(rune('a'+999%26)), got[999].(OrderEvent).ID)
	require.Equal(t, 1000, slow.Backlog())
	slow.Cancel()
	e.Publish(OperationEvent{})
	require.Empty(t, slow.Next())
	var none *Events
	none.Publish(OperationEvent{}) // a station without events drops them
}

func TestOrderPublishesItsOutcome(t *testing.T) {
	f, _ := newTestFleet(t)
	observe(f, "a-1", Identity{})
	e := &Events{}
	sub := e.Subscribe()
	c := &Commander{Fleet: f, Uplink: &fakeUplink{}, Events: e}
	out, err := c.Order(context.Background(), []VehicleID{"a-1"}, Command{Kind: CmdHold}, "")
	require.NoError(t, err)
	evs := sub.Next()
	require.Len(t, evs, 1)
	require.Equal(t, out, evs[0])
	_, err = c.Order(context.Background(), nil, Command{Kind: CmdHold}, "")
	require.ErrorIs(t, err, ErrConfirmRequired)
	require.Empty(t, sub.Next(), "an order not given is not announced")
}
