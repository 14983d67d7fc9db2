package live

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/live/livetest"
)

func TestReportStatesGoToTheConsoles(t *testing.T) {
	e := newHubEnv(t, envOptions{})
	c := livetest.Dial(t, e.ws, nil, false)
	require.Equal(t, MsgSnapshot, c.Next().Type)

	r := &gcs.Report{ID: "r1", Unit: "cutter-a", Incident: "i1", Version: 2, Kind: gcs.ReportUpdate, Seq: 7,
		Created: seenAt, Status: gcs.ReportFailing, Attempts: 2, LastError: "unit answered 503",
		NextAttempt: seenAt.Add(time.Minute), ContentType: "application/cap+xml", Body: []byte("<alert>secret body</alert>")}
	e.hub.Events.Publish(gcs.ReportEvent{Report: nil}, gcs.ReportEvent{Report: r})
	m := c.Next()
	require.Equal(t, MsgReport, m.Type)
	require.NotContains(t, string(m.Data), "secret body")
	require.NotContains(t, string(m.Data), "content_type")
	var got map[string]any
	require.NoError(t, json.Unmarshal(m.Data, &got))
	require.Equal(t, "r1", got["id"])
	require.Equal(t, "cutter-a", got["unit"])
	require.Equal(t, "i1", got["incident"])
	require.Equal(t, "Update", got["kind"])
	require.EqualValues(t, 7, got["seq"])
	require.Equal(t, "failing", got["status"])
	require.EqualValues(t, 2, got["attempts"])
	require.Equal(t, "unit answered 503", got["last_error"])
	require.NotContains(t, got, "acked_by")

	acked := *r
	acked.Status, acked.Delivered, acked.Acked, acked.AckedBy, acked.LastError = gcs.ReportAcknowledged, seenAt, seenAt.Add(time.Second), "cutter-a", ""
	e.hub.Events.Publish(gcs.ReportEvent{Report: &acked})
	m = c.Next()
	require.Equal(t, MsgReport, m.Type)
	rep := livetest.Decode[gcs.Report](t, m.Data)
	require.Equal(t, gcs.ReportAcknowledged, rep.Status)
	require.Equal(t, "cutter-a", rep.AckedBy)
	require.True(t, rep.Acked.Equal(seenAt.Add(time.Second)))
	require.Nil(t, rep.Body)

	// Snapshots do not carry them: the console reads GET /api/reports.
	c2 := livetest.Dial(t, e.ws, nil, false)
	m = c2.Next()
	require.Equal(t, MsgSnapshot, m.Type)
	require.NotContains(t, string(m.Data), `"r1"`)
}
