package maritime

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/report"
)

// outbox is an in-memory gcs.Outbox over memStore.
type outbox struct {
	*memStore
	mu      sync.Mutex
	reports []gcs.Report
}

func (o *outbox) SaveIncidentWithReports(ctx context.Context, inc *gcs.Incident, rs []gcs.Report) error {
	if err := o.SaveIncident(ctx, inc); err != nil {
		return err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.reports = append(o.reports, rs...)
	return nil
}

func (o *outbox) Latest(_ context.Context, incident string) (map[gcs.UnitID]gcs.Report, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := map[gcs.UnitID]gcs.Report{}
	for _, r := range o.reports {
		if r.Incident == incident {
			out[r.Unit] = r
		}
	}
	return out, nil
}

func (o *outbox) Pending(context.Context, gcs.UnitID, int) ([]gcs.Report, error) { return nil, nil }
func (o *outbox) MarkAttempt(context.Context, string, gcs.ReportStatus, string, time.Time) error {
	return nil
}
func (o *outbox) MarkDelivered(context.Context, string, time.Time) error     { return nil }
func (o *outbox) MarkAcked(context.Context, string, time.Time, string) error { return nil }
func (o *outbox) Reports(context.Context, gcs.UnitID, string, int) ([]gcs.Report, error) {
	return nil, nil
}

type units []gcs.Unit

func (u units) Units(context.Context) ([]gcs.Unit, error)    { return u, nil }
func (u units) PutUnit(context.Context, gcs.Unit) error      { return nil }
func (u units) DeleteUnit(context.Context, gcs.UnitID) error { return nil }

// TestMaterialChangesAreReported: raising an incident and each lifecycle
// step make CAP reports to the unit whose area holds it (an alert, then
// updates, then a cancel when closed), stored with the change and
// announced; mere observations make none.
func TestMaterialChangesAreReported(t *testing.T) {
	ob := &outbox{memStore: newMemStore()}
	c := &testClock{t: t0}
	ev := &gcs.Events{}
	sub := ev.Subscribe()
	defer sub.Cancel()
	us := units{
		{ID: "cutter", Name: "Cutter Rio Tinto", Webhook: "https://unit.example/in", Area: &gcs.UnitArea{Lat: 36.1, Lon: -5.4, RadiusM: 20_000}},
		{ID: "far", Name: "Far away", Webhook: "https://far.example/in", Area: &gcs.UnitArea{Lat: 43.0, Lon: -8.0, RadiusM: 20_000}},
	}
	p := &Picture{Events: ev, Now: c.now, Tick: -1, Store: ob.memStore, Outbox: ob, Units: us,
		ReportConfig: report.Config{Sender: "skerry@test", BaseURL: "https://gcs.example/"}}
	require.NoError(t, p.Initialize())
	defer p.Close()
	ctx := context.Background()
	lat, lon := 36.1, -5.4
	inc, err := p.RaiseIncident(ctx, gcs.ManualIncident{Lat: &lat, Lon: &lon, Title: "Transfer at sea", By: "ana"})
	require.NoError(t, err)
	c.add(time.Minute)
	_, err = p.StepIncident(ctx, inc.ID, gcs.IncidentAcknowledged, "ana", "")
	require.NoError(t, err)
	c.add(time.Minute)
	_, err = p.StepIncident(ctx, inc.ID, gcs.IncidentClosed, "ana", "nothing found")
	require.NoError(t, err)

	require.Len(t, ob.reports, 3)
	var kinds []gcs.ReportKind
	for _, r := range ob.reports {
		require.Equal(t, gcs.UnitID("cutter"), r.Unit)
		require.Equal(t, report.ContentTypeCAP, r.ContentType)
		require.True(t, strings.Contains(string(r.Body), "<headline>Transfer at sea</headline>"), string(r.Body))
		kinds = append(kinds, r.Kind)
	}
	require.Equal(t, []gcs.ReportKind{gcs.ReportAlert, gcs.ReportUpdate, gcs.ReportCancel}, kinds)
	announced := 0
	for _, e := range sub.Next() {
		if re, ok := e.(gcs.ReportEvent); ok {
			require.Nil(t, re.Report.Body, "the stream carries states, not bodies")
			announced++
		}
	}
	require.Equal(t, 3, announced)
}
