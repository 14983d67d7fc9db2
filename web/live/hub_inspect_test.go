package live

import (
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/live/livetest"
)

func TestInspectionsGoToTheConsoles(t *testing.T) {
	e := newHubEnv(t, envOptions{})
	c := livetest.Dial(t, e.ws, nil, false)
	require.Equal(t, MsgSnapshot, c.Next().Type)

	s := &gcs.InspectSession{ID: "in1", Vehicle: "l1-2", Target: "ais-224765432", Phase: gcs.InspectOrbit,
		Radius: 150, Altitude: 50, Distance: 148, Laps: 1.5, Battery: 71, Started: seenAt, Updated: seenAt}
	e.hub.Events.Publish(gcs.InspectEvent{Session: nil}, gcs.InspectEvent{Session: s})
	m := c.Next()
	require.Equal(t, MsgInspect, m.Type)
	got := livetest.Decode[gcs.InspectSession](t, m.Data)
	require.Equal(t, "in1", got.ID)
	require.Equal(t, gcs.VehicleID("l1-2"), got.Vehicle)
	require.Equal(t, gcs.InspectOrbit, got.Phase)
	require.InDelta(t, 1.5, got.Laps, 1e-9)

	ended := *s
	ended.Phase, ended.EndReason, ended.Then = gcs.InspectEnded, "pilot: ended by ana", "resume"
	e.hub.Events.Publish(gcs.InspectEvent{Session: &ended})
	m = c.Next()
	require.Equal(t, MsgInspect, m.Type)
	got = livetest.Decode[gcs.InspectSession](t, m.Data)
	require.Equal(t, gcs.InspectEnded, got.Phase)
	require.Equal(t, "resume", got.Then)

	// Snapshots do not carry them: the console reads GET /api/inspect.
	c2 := livetest.Dial(t, e.ws, nil, false)
	m = c2.Next()
	require.Equal(t, MsgSnapshot, m.Type)
	require.NotContains(t, string(m.Data), `"in1"`)
}
