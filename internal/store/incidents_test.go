package store

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

var raised0 = time.Date(2026, 12, 7, 1, 0, 0, 250_000_000, time.UTC)

// sampleIncident is an incident raised at raised0+offset with its
// evidence and history.
func sampleIncident(id string, typ gcs.IncidentType, offset time.Duration) *gcs.Incident {
	at := raised0.Add(offset)
	ais := &gcs.AISVessel{MMSI: 224123456, Class: "A", FirstHeard: at, LastHeard: at, Reports: 3,
		Position: &gcs.AISPosition{Lat: 36.1, Lon: -5.4, Time: at}}
	return &gcs.Incident{
		ID: id, Type: typ, Severity: gcs.IncidentHigh, State: gcs.IncidentNew, Key: string(typ) + "/t1",
		Title: "Dark vessel", Summary: "no AIS for 10 min", Lat: 36.12, Lon: -5.41, Area: "Port",
		Raised: at, Observed: at, Updated: at,
		Vessels: []gcs.IncidentVessel{{Target: "t1", Contact: "v1", Status: gcs.TargetStatus("dark")}},
		Evidence: []gcs.Evidence{{Kind: gcs.EvidenceTrack, At: at, Vessel: "v1", Track: []gcs.TrackPoint{{At: at, Lat: 36.12, Lon: -5.41, ErrorM: 8}}},
			{Kind: gcs.EvidenceAIS, At: at, AIS: ais}},
		History: []gcs.IncidentChange{{At: at, By: "station", To: gcs.IncidentNew}},
		Version: 1,
	}
}

func TestIncidentsRoundTripAcrossReopening(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	is := s.Incidents()
	inc := sampleIncident("i1", gcs.IncidentDark, 0)
	require.NoError(t, is.SaveIncident(ctx, inc))
	inc.State, inc.Version, inc.Updated = gcs.IncidentAcknowledged, 2, raised0.Add(time.Minute)
	inc.History = append(inc.History, gcs.IncidentChange{At: inc.Updated, By: "ana", From: gcs.IncidentNew, To: gcs.IncidentAcknowledged, Note: "seen"})
	require.NoError(t, is.SaveIncident(ctx, inc))
	require.NoError(t, s.Close())

	s2, err := Open(path)
	require.NoError(t, err)
	defer s2.Close()
	got, err := s2.Incidents().Incident(ctx, "i1")
	require.NoError(t, err)
	require.Equal(t, *inc, got)

	_, err = s2.Incidents().Incident(ctx, "nope")
	require.ErrorIs(t, err, gcs.ErrNoIncident)
}

func TestIncidentsListsAreNeverNil(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	is := s.Incidents()
	inc := sampleIncident("bare", gcs.IncidentManual, 0)
	inc.Vessels, inc.History, inc.Evidence = nil, nil, nil
	require.NoError(t, is.SaveIncident(ctx, inc))
	got, err := is.Incident(ctx, "bare")
	require.NoError(t, err)
	require.NotNil(t, got.Vessels)
	require.NotNil(t, got.History)
	list, err := is.Incidents(ctx, gcs.IncidentFilter{State: gcs.IncidentClosed})
	require.NoError(t, err)
	require.NotNil(t, list)
	require.Empty(t, list)
}

func TestSaveIncidentRefusesWhatIsNotAStepForward(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	is := s.Incidents()
	inc := sampleIncident("i1", gcs.IncidentDark, 0)
	inc.Version, inc.State = 5, gcs.IncidentDispatched
	require.NoError(t, is.SaveIncident(ctx, inc))

	older := *inc
	older.Version = 4
	require.ErrorIs(t, is.SaveIncident(ctx, &older), gcs.ErrIncidentState)
	back := *inc
	back.Version, back.State = 6, gcs.IncidentAcknowledged
	require.ErrorIs(t, is.SaveIncident(ctx, &back), gcs.ErrIncidentState)
	same := *inc
	same.Summary = "again"
	require.NoError(t, is.SaveIncident(ctx, &same), "the same version again replaces it")

	got, err := is.Incident(ctx, "i1")
	require.NoError(t, err)
	require.Equal(t, 5, got.Version)
	require.Equal(t, gcs.IncidentDispatched, got.State)
	require.Equal(t, "again", got.Summary)

	for name, bad := range map[string]func(*gcs.Incident){
		"no id":         func(i *gcs.Incident) { i.ID = "" },
		"long id":       func(i *gcs.Incident) { i.ID = strings.Repeat("x", 300) },
		"unknown state": func(i *gcs.Incident) { i.State = "lost" },
		"NaN position":  func(i *gcs.Incident) { i.Lat = math.NaN() },
		"inf position":  func(i *gcs.Incident) { i.Lon = math.Inf(1) },
		"evidence file": func(i *gcs.Incident) {
			i.Evidence = append(i.Evidence, gcs.Evidence{Kind: gcs.EvidenceSnapshot, File: "../../etc/passwd"})
		},
	} {
		t.Run(name, func(t *testing.T) {
			i := sampleIncident("i2", gcs.IncidentDark, 0)
			bad(i)
			require.Error(t, is.SaveIncident(ctx, i))
		})
	}
	require.Error(t, is.SaveIncident(ctx, nil))
	all, err := is.Incidents(ctx, gcs.IncidentFilter{})
	require.NoError(t, err)
	require.Len(t, all, 1, "nothing refused was kept")
}

func TestIncidentsFilter(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	is := s.Incidents()
	// i0..i5 raised a minute apart; i1 and i4 closed later; i2 is a
	// loitering.
	for k := range 6 {
		inc := sampleIncident(fmt.Sprintf("i%d", k), gcs.IncidentDark, time.Duration(k)*time.Minute)
		if k == 2 {
			inc.Type = gcs.IncidentLoitering
		}
		require.NoError(t, is.SaveIncident(ctx, inc))
	}
	for _, k := range []int{1, 4} {
		inc := sampleIncident(fmt.Sprintf("i%d", k), gcs.IncidentDark, time.Duration(k)*time.Minute)
		inc.State, inc.Version, inc.Updated = gcs.IncidentClosed, 2, raised0.Add(time.Hour+time.Duration(k)*time.Second)
		require.NoError(t, is.SaveIncident(ctx, inc))
	}
	ids := func(list []gcs.Incident, err error) []string {
		require.NoError(t, err)
		out := []string{}
		for _, i := range list {
			out = append(out, i.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		f    gcs.IncidentFilter
		want []string
	}{
		{"all, most recently updated first", gcs.IncidentFilter{}, []string{"i4", "i1", "i5", "i3", "i2", "i0"}},
		{"closed", gcs.IncidentFilter{State: gcs.IncidentClosed}, []string{"i4", "i1"}},
		{"new", gcs.IncidentFilter{State: gcs.IncidentNew}, []string{"i5", "i3", "i2", "i0"}},
		{"type", gcs.IncidentFilter{Type: gcs.IncidentLoitering}, []string{"i2"}},
		{"since", gcs.IncidentFilter{Since: raised0.Add(3 * time.Minute)}, []string{"i4", "i1", "i5", "i3"}},
		{"state and type", gcs.IncidentFilter{State: gcs.IncidentClosed, Type: gcs.IncidentLoitering}, []string{}},
		{"limit", gcs.IncidentFilter{Limit: 2}, []string{"i4", "i1"}},
		{"new since with limit", gcs.IncidentFilter{State: gcs.IncidentNew, Since: raised0.Add(2 * time.Minute), Limit: 2}, []string{"i5", "i3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, ids(is.Incidents(ctx, tc.f)))
		})
	}
	require.Equal(t, []string{"i5", "i3", "i2", "i0"}, ids(is.Open(ctx)))
	_, err := is.Incidents(ctx, gcs.IncidentFilter{Limit: -1})
	require.Error(t, err)

	// Raised after its Updated (a caller's slip): Since still finds it by
	// when it was raised.
	odd := sampleIncident("odd", gcs.IncidentManual, 2*time.Hour)
	odd.Updated = time.Time{}
	require.NoError(t, is.SaveIncident(ctx, odd))
	require.Equal(t, []string{"odd"}, ids(is.Incidents(ctx, gcs.IncidentFilter{Since: raised0.Add(90 * time.Minute)})))
}

// TestIncidentsByStateUseTheIndex: the engine reloads the open incidents
// at start and the console lists by state; neither scans the table.
func TestIncidentsByStateUseTheIndex(t *testing.T) {
	s, _ := openTemp(t)
	for _, q := range []string{
		`SELECT incident FROM incidents WHERE state = 'new' ORDER BY updated DESC, id`,
		`SELECT incident FROM incidents WHERE state IN ('new', 'acknowledged', 'dispatched') ORDER BY updated DESC, id`,
		`SELECT incident FROM incidents ORDER BY updated DESC, id LIMIT 50`,
		`SELECT incident FROM incidents WHERE state = 'closed' AND updated >= '2026' ORDER BY updated DESC, id LIMIT 10000`,
	} {
		rows, err := s.db.Query(`EXPLAIN QUERY PLAN ` + q)
		require.NoError(t, err)
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			require.NoError(t, rows.Scan(&id, &parent, &unused, &detail))
			plan = append(plan, detail)
		}
		require.NoError(t, rows.Err())
		rows.Close()
		require.Contains(t, strings.Join(plan, "\n"), "USING INDEX incidents_", q)
	}
}
