package gcs

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestOrderNeedsConfirmationForTheFleetAndFalls: the confirmation rule is
// the core's, for every front end: the demo script and the command line
// as for the console.
func TestOrderNeedsConfirmationForTheFleetAndFalls(t *testing.T) {
	f, _ := newTestFleet(t)
	observe(f, "a-1", Identity{Armed: true})
	observe(f, "a-1", LandedUpdate{Landed: "in_air"})
	observe(f, "a-2", Identity{})
	up := &fakeUplink{}
	c := &Commander{Fleet: f, Uplink: up}
	ctx := context.Background()
	var need *ConfirmRequiredError

	_, err := c.Order(ctx, nil, Command{Kind: CmdHold}, "")
	require.True(t, errors.As(err, &need))
	require.Equal(t, "fleet", need.Need)
	rs, err := c.Order(ctx, nil, Command{Kind: CmdHold}, "fleet")
	require.NoError(t, err)
	require.Len(t, rs.Results, 2)

	_, err = c.Order(ctx, []VehicleID{"a-1", "a-2"}, Command{Kind: CmdDisarm}, "")
	require.ErrorIs(t, err, ErrConfirmRequired)
	require.True(t, errors.As(err, &need))
	require.Equal(t, "a-1", need.Need, "only the one that may be flying")
	_, err = c.Order(ctx, []VehicleID{"a-1", "a-2"}, Command{Kind: CmdDisarm}, "a-1,a-9")
	require.ErrorIs(t, err, ErrConfirmRequired, "a vehicle the order does not act on")
	rs, err = c.Order(ctx, []VehicleID{"a-1", "a-2"}, Command{Kind: CmdDisarm}, "a-1")
	require.NoError(t, err)
	require.True(t, rs.Results[0].OK && rs.Results[1].OK)

	_, err = c.Order(ctx, nil, Command{Kind: CmdTerminate}, "fleet")
	require.ErrorIs(t, err, ErrInvalidCommand, "never the whole fleet")
	rs, err = c.Order(ctx, []VehicleID{"a-2", "a-2"}, Command{Kind: CmdTerminate}, "a-2")
	require.NoError(t, err)
	require.Len(t, rs.Results, 1)
	require.True(t, rs.Results[0].OK, rs.Results[0].Error)
	require.Equal(t, "a-2", up.got["a-2"].Confirm, "the vehicle's own id, as the commander's check wants")
}
