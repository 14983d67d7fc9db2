package live

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/live/livetest"
)

func target(id gcs.VesselID, risk float64, status gcs.TargetStatus) *gcs.Target {
	return &gcs.Target{ID: id, Status: status, Sources: []string{gcs.SourceCamera}, Lat: 36.1, Lon: -5.4, Course: 90, Speed: 3,
		Length: gcs.Unknown, Risk: gcs.Risk{Score: risk, Reasons: []gcs.RiskReason{{Factor: "zone", Points: risk, Text: "why"}}},
		LastSeen: seenAt}
}

func incident(id string, st gcs.IncidentState, updated int) *gcs.Incident {
	at := seenAt.Add(time.Duration(updated) * time.Second)
	return &gcs.Incident{ID: id, Type: gcs.IncidentDark, Severity: gcs.IncidentHigh, State: st, Title: "Dark vessel", Raised: seenAt, Updated: at,
		Evidence: []gcs.Evidence{{Kind: gcs.EvidenceTrack, Vessel: "v1", Track: []gcs.TrackPoint{{At: seenAt, Lat: 1, Lon: 2}}},
			{Kind: gcs.EvidenceSnapshot, File: "ab", MIME: "image/jpeg"}}}
}

// mirrored waits until the hub holds n targets and m incidents.
func mirrored(t *testing.T, e *hubEnv, n, m int) {
	t.Helper()
	require.Eventually(t, func() bool {
		var a, b int
		e.hub.do(func() { a, b = len(e.hub.targets), len(e.hub.incidents) })
		return a == n && b == m
	}, 10*time.Second, time.Millisecond)
}

type maritimeSnap struct {
	Targets   []gcs.Target
	Incidents []gcs.Incident
}

func TestSnapshotCarriesTargetsAndIncidents(t *testing.T) {
	e := newHubEnv(t, envOptions{})
	c := livetest.Dial(t, e.ws, nil, false)
	m := c.Next()
	require.Equal(t, MsgSnapshot, m.Type)
	var raw map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(m.Data, &raw))
	require.JSONEq(t, `[]`, string(raw["targets"]), "none yet: an empty list")
	require.JSONEq(t, `[]`, string(raw["incidents"]))
	require.Contains(t, raw, "vehicles", "the rest of the snapshot is there")

	tracked := incident("i1", gcs.IncidentNew, 1)
	e.hub.Events.Publish(gcs.TargetEvent{ID: "v1", Target: target("v1", 10, gcs.TargetIdentified)},
		gcs.TargetEvent{ID: "v2", Target: target("v2", 80, gcs.TargetDark)},
		gcs.TargetEvent{ID: "ais-1", Target: target("ais-1", 40, gcs.TargetAIS)},
		gcs.IncidentEvent{Incident: tracked}, gcs.IncidentEvent{Incident: incident("i2", gcs.IncidentClosed, 2)})
	mirrored(t, e, 3, 2)

	c2 := livetest.Dial(t, e.ws, nil, false)
	m = c2.Next()
	var snap maritimeSnap
	require.NoError(t, json.Unmarshal(m.Data, &snap))
	require.Len(t, snap.Targets, 3)
	require.Equal(t, []gcs.VesselID{"v2", "ais-1", "v1"}, []gcs.VesselID{snap.Targets[0].ID, snap.Targets[1].ID, snap.Targets[2].ID}, "by risk")
	require.Equal(t, "why", snap.Targets[0].Risk.Reasons[0].Text)
	require.Len(t, snap.Incidents, 2)
	require.Equal(t, "i2", snap.Incidents[0].ID, "most recently updated first")
	require.Empty(t, snap.Incidents[1].Evidence[0].Track, "the feed leaves tracks' points out")
	require.Equal(t, "ab", snap.Incidents[1].Evidence[1].File)
	require.Len(t, tracked.Evidence[0].Track, 1, "the announced incident is not changed")
}

func TestTargetsAndIncidentsGoThroughTheFeed(t *testing.T) {
	e := newHubEnv(t, envOptions{})
	c := livetest.Dial(t, e.ws, nil, false)
	require.Equal(t, MsgSnapshot, c.Next().Type)

	e.hub.Events.Publish(gcs.AISEvent{MMSI: 244123456, Vessel: &gcs.AISVessel{MMSI: 244123456}},
		gcs.TargetEvent{ID: "v1", Target: target("v1", 10, gcs.TargetDark)})
	m := c.Next()
	require.Equal(t, MsgTarget, m.Type, "AIS vessels are not sent: they arrive as targets")
	tg := livetest.Decode[gcs.Target](t, m.Data)
	require.Equal(t, gcs.TargetDark, tg.Status)

	e.hub.Events.Publish(gcs.TargetEvent{ID: "v1", Target: target("v1", 10, gcs.TargetDark)}, // the same: nothing
		gcs.TargetEvent{ID: "v9"}, // never shown: nothing
		gcs.TargetEvent{ID: "v1", Target: target("v1", 55, gcs.TargetInconsistent)})
	m = c.Next()
	require.Equal(t, MsgTarget, m.Type)
	require.Equal(t, 55.0, livetest.Decode[gcs.Target](t, m.Data).Risk.Score)

	e.hub.Events.Publish(gcs.TargetEvent{ID: "v1"})
	m = c.Next()
	require.Equal(t, MsgTargetRemoved, m.Type)
	require.JSONEq(t, `{"id":"v1"}`, string(m.Data))
	mirrored(t, e, 0, 0)

	inc := incident("i1", gcs.IncidentNew, 0)
	e.hub.Events.Publish(gcs.IncidentEvent{Incident: inc}, gcs.IncidentEvent{Incident: nil})
	m = c.Next()
	require.Equal(t, MsgIncident, m.Type)
	got := livetest.Decode[gcs.Incident](t, m.Data)
	require.Equal(t, gcs.IncidentNew, got.State)
	require.NotNil(t, got.History, "lists never null")

	acked := *inc
	acked.State = gcs.IncidentAcknowledged
	acked.History = []gcs.IncidentChange{{At: seenAt, By: "Ana", From: gcs.IncidentNew, To: gcs.IncidentAcknowledged}}
	e.hub.Events.Publish(gcs.IncidentEvent{Incident: &acked})
	m = c.Next()
	require.Equal(t, MsgIncident, m.Type)
	require.Equal(t, gcs.IncidentAcknowledged, livetest.Decode[gcs.Incident](t, m.Data).State)
	mirrored(t, e, 0, 1)
}

func TestRestartReplacesTheMaritimePicture(t *testing.T) {
	e := newHubEnv(t, envOptions{})
	e.hub.Events.Publish(gcs.TargetEvent{ID: "v1", Target: target("v1", 10, gcs.TargetDark)},
		gcs.IncidentEvent{Incident: incident("i1", gcs.IncidentNew, 0)})
	mirrored(t, e, 1, 1)
	c := livetest.Dial(t, e.ws, nil, false)
	require.Equal(t, MsgSnapshot, c.Next().Type)

	e.hub.do(func() {
		e.hub.handle([]gcs.Event{gcs.SnapshotEvent{Targets: []*gcs.Target{target("v2", 5, gcs.TargetAIS), nil},
			Incidents: []*gcs.Incident{incident("i2", gcs.IncidentDispatched, 0)}}})
	})
	m := c.Next()
	require.Equal(t, MsgSnapshot, m.Type)
	var snap maritimeSnap
	require.NoError(t, json.Unmarshal(m.Data, &snap))
	require.Len(t, snap.Targets, 1)
	require.Equal(t, gcs.VesselID("v2"), snap.Targets[0].ID)
	require.Len(t, snap.Incidents, 1)
	require.Equal(t, "i2", snap.Incidents[0].ID)
}

func TestClosedIncidentsAreBounded(t *testing.T) {
	e := newHubEnv(t, envOptions{})
	n := 2*gcs.PictureClosed + 1
	evs := make([]gcs.Event, 0, n+1)
	for i := range n {
		evs = append(evs, gcs.IncidentEvent{Incident: incident("c"+itoa(i), gcs.IncidentClosed, i)})
	}
	evs = append(evs, gcs.IncidentEvent{Incident: incident("open", gcs.IncidentNew, -1)})
	e.hub.Events.Publish(evs...)
	mirrored(t, e, 0, gcs.PictureClosed+1)
	c := livetest.Dial(t, e.ws, nil, false)
	var snap maritimeSnap
	require.NoError(t, json.Unmarshal(c.Next().Data, &snap))
	require.Len(t, snap.Incidents, gcs.PictureClosed+1)
	require.Equal(t, "c"+itoa(n-1), snap.Incidents[0].ID, "the most recently closed kept")
	require.Equal(t, "open", snap.Incidents[len(snap.Incidents)-1].ID, "open ones always kept")
}

func TestTargetRemovalTakesThePlaceOfAPendingState(t *testing.T) {
	h := &Hub{Events: &gcs.Events{}}
	require.NoError(t, h.Initialize())
	t.Cleanup(h.Close)
	o := newOutbox(8, 0)
	now := time.Now()
	h.do(func() {
		o.pushVehicles([]*outEntry{h.targetChanged(gcs.TargetEvent{ID: "v1", Target: target("v1", 5, gcs.TargetDark)}, now),
			h.targetChanged(gcs.TargetEvent{ID: "v2", Target: target("v2", 5, gcs.TargetAIS)}, now)})
		o.pushVehicles([]*outEntry{h.targetChanged(gcs.TargetEvent{ID: "v1"}, now)})
	})
	var got []string
	for {
		e, _, _, _ := o.pop(now)
		if e == nil {
			break
		}
		got = append(got, e.typ+" "+string(e.payload()))
	}
	require.Len(t, got, 2)
	require.Equal(t, MsgTargetRemoved+` {"id":"v1"}`, got[0], "in the place of v1's state, before v2's")
	require.Contains(t, got[1], `"id":"v2"`)
}
