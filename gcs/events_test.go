package gcs

import (
	"context"
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
	e := &Events{}
	sub := subscribed(t, e)
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
