package maritime

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// testClock is a settable testClock.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// memStore is an in-memory gcs.IncidentStore that can be made to fail.
type memStore struct {
	mu    sync.Mutex
	incs  map[string]gcs.Incident
	files map[string][]byte
	fail  error
}

func newMemStore() *memStore {
	return &memStore{incs: map[string]gcs.Incident{}, files: map[string][]byte{}}
}

func (m *memStore) SaveIncident(_ context.Context, inc *gcs.Incident) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	if old, ok := m.incs[inc.ID]; ok && old.Version > inc.Version {
		return gcs.ErrIncidentState
	}
	m.incs[inc.ID] = *clone(inc)
	return nil
}

func (m *memStore) Incidents(_ context.Context, f gcs.IncidentFilter) ([]gcs.Incident, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []gcs.Incident
	for _, inc := range m.incs {
		if selects(f, &inc) {
			out = append(out, inc)
		}
	}
	return out, nil
}

func (m *memStore) Incident(_ context.Context, id string) (gcs.Incident, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	inc, ok := m.incs[id]
	if !ok {
		return inc, gcs.ErrNoIncident
	}
	return inc, nil
}

func (m *memStore) PutFile(_ context.Context, data []byte) (string, error) {
	return "", errors.ErrUnsupported
}
func (m *memStore) File(_ context.Context, hash string) ([]byte, error) { return nil, os.ErrNotExist }

// newPicture starts a picture on a fresh stream with a settable testClock that
// evaluates only when asked.
func newPicture(t *testing.T, st gcs.IncidentStore) (*Picture, *gcs.Events, *testClock) {
	t.Helper()
	c := &testClock{t: t0}
	ev := &gcs.Events{}
	p := &Picture{Events: ev, Now: c.now, Tick: -1}
	if st != nil {
		p.Store = st
	}
	require.NoError(t, p.Initialize())
	t.Cleanup(p.Close)
	return p, ev, c
}

func f64(v float64) *float64 { return &v }

// aisAt is an AIS vessel under way at (lat, lon) reported at t.
func aisAt(mmsi uint32, lat, lon, sogKn, cog float64, t time.Time) *gcs.AISVessel {
	return &gcs.AISVessel{MMSI: mmsi, Class: "A", AISStatic: gcs.AISStatic{Name: "TEST"},
		Position: &gcs.AISPosition{Lat: lat, Lon: lon, Time: t}, SOG: f64(sogKn), COG: f64(cog),
		FirstHeard: t, LastHeard: t, Reports: 1}
}

// contactAt is a camera contact at (lat, lon) seen at t.
func contactAt(id string, lat, lon, speed, course float64, t time.Time) *gcs.Vessel {
	return &gcs.Vessel{ID: gcs.VesselID(id), Lat: lat, Lon: lon, ErrorM: 8, Course: gcs.Reading(course),
		Speed: gcs.Reading(speed), Length: gcs.Unknown, FirstSeen: t, LastSeen: t}
}

func targetsByID(t *testing.T, p *Picture) map[gcs.VesselID]gcs.Target {
	t.Helper()
	require.NoError(t, p.Evaluate(context.Background()))
	ts, err := p.Targets(context.Background())
	require.NoError(t, err)
	out := map[gcs.VesselID]gcs.Target{}
	for _, tg := range ts {
		out[tg.ID] = tg
	}
	return out
}

func TestFusionPairsDarkAndAISOnly(t *testing.T) {
	p, ev, c := newPicture(t, nil)
	// An AIS vessel reported 5 s ago at 5 m/s north: dead-reckoned 25 m
	// on, where a camera sees a boat.
	lat, lon := 36.10, -5.40
	dlat, _ := destination(lat, lon, 0, 25)
	ev.Publish(gcs.AISEvent{MMSI: 224000001, Vessel: aisAt(224000001, lat, lon, 5/knot, 0, t0.Add(-5*time.Second))})
	ev.Publish(gcs.VesselEvent{Vessel: contactAt("v1", dlat, lon, 5, 2, t0)})
	// A boat 2 km off, with no AIS; and an AIS vessel no camera sees.
	ev.Publish(gcs.VesselEvent{Vessel: contactAt("v2", lat+0.018, lon, 3, 90, t0)})
	ev.Publish(gcs.AISEvent{MMSI: 224000002, Vessel: aisAt(224000002, 36.2, -5.3, 10, 180, t0)})
	ts := targetsByID(t, p)
	require.Len(t, ts, 3)
	require.Equal(t, gcs.TargetIdentified, ts["v1"].Status)
	require.Equal(t, uint32(224000001), ts["v1"].MMSI)
	require.Equal(t, []string{gcs.SourceCamera, gcs.SourceAIS}, ts["v1"].Sources)
	require.Equal(t, gcs.TargetDark, ts["v2"].Status)
	require.Zero(t, ts["v2"].MMSI)
	a := ts[AISTargetID(224000002)]
	require.Equal(t, gcs.TargetAIS, a.Status)
	require.InDelta(t, 10*knot, float64(a.Speed), 1e-9)
	_ = c
}

func TestFusionRefusesOppositeCourse(t *testing.T) {
	p, ev, _ := newPicture(t, nil)
	ev.Publish(gcs.AISEvent{MMSI: 224000001, Vessel: aisAt(224000001, 36.10, -5.40, 10, 0, t0)})
	ev.Publish(gcs.VesselEvent{Vessel: contactAt("v1", 36.10, -5.40, 5, 180, t0)})
	ts := targetsByID(t, p)
	require.Equal(t, gcs.TargetDark, ts["v1"].Status, "a boat heading south is not the AIS vessel heading north at the same place")
}

func TestFusionKeepsIdentityThroughAMeeting(t *testing.T) {
	p, ev, c := newPicture(t, nil)
	lat, lon := 36.10, -5.40
	ev.Publish(gcs.AISEvent{MMSI: 224000001, Vessel: aisAt(224000001, lat, lon, 0.2, 0, t0)})
	ev.Publish(gcs.VesselEvent{Vessel: contactAt("v1", lat, lon, 0.1, 0, t0)})
	require.Equal(t, uint32(224000001), targetsByID(t, p)["v1"].MMSI)
	// A dark boat comes alongside, 15 m off: the identity stays.
	for s := 1; s <= 10; s++ {
		c.add(time.Second)
		ev.Publish(gcs.AISEvent{MMSI: 224000001, Vessel: aisAt(224000001, lat, lon, 0.2, 0, c.now())})
		ev.Publish(gcs.VesselEvent{Vessel: contactAt("v1", lat, lon, 0.1, 0, c.now())})
		ev.Publish(gcs.VesselEvent{Vessel: contactAt("v9", lat+0.000135, lon, 0.1, 0, c.now())})
		ts := targetsByID(t, p)
		require.Equal(t, uint32(224000001), ts["v1"].MMSI, "second %d", s)
		require.Equal(t, gcs.TargetDark, ts["v9"].Status, "second %d", s)
	}
}

func TestFusionFlagsInconsistentAIS(t *testing.T) {
	p, ev, c := newPicture(t, nil)
	lat, lon := 36.10, -5.40
	ev.Publish(gcs.AISEvent{MMSI: 224000001, Vessel: aisAt(224000001, lat, lon, 0.2, 0, t0)})
	ev.Publish(gcs.VesselEvent{Vessel: contactAt("v1", lat, lon, 0.1, 0, t0)})
	require.Equal(t, gcs.TargetIdentified, targetsByID(t, p)["v1"].Status)
	// Its AIS now says 3 km away while the cameras still see it here.
	c.add(5 * time.Second)
	ev.Publish(gcs.AISEvent{MMSI: 224000001, Vessel: aisAt(224000001, lat+0.027, lon, 0.2, 0, c.now())})
	ev.Publish(gcs.VesselEvent{Vessel: contactAt("v1", lat, lon, 0.1, 0, c.now())})
	v1 := targetsByID(t, p)["v1"]
	require.Equal(t, gcs.TargetInconsistent, v1.Status)
	require.Contains(t, v1.Inconsistency, "MMSI 224000001")
	require.Regexp(t, `30\d\d m from`, v1.Inconsistency)
}

func TestFusionHandsIdentityToTheBoatWhereAISSays(t *testing.T) {
	p, ev, c := newPicture(t, nil)
	lat, lon := 36.10, -5.40
	ev.Publish(gcs.AISEvent{MMSI: 224000001, Vessel: aisAt(224000001, lat, lon, 0.2, 0, t0)})
	ev.Publish(gcs.VesselEvent{Vessel: contactAt("v1", lat, lon, 0.1, 0, t0)})
	require.Equal(t, uint32(224000001), targetsByID(t, p)["v1"].MMSI)
	// The AIS moves on 1 km, where another contact is: the first pairing
	// was the wrong boat, not spoofing.
	c.add(5 * time.Second)
	ev.Publish(gcs.AISEvent{MMSI: 224000001, Vessel: aisAt(224000001, lat+0.009, lon, 0.2, 0, c.now())})
	ev.Publish(gcs.VesselEvent{Vessel: contactAt("v1", lat, lon, 0.1, 0, c.now())})
	ev.Publish(gcs.VesselEvent{Vessel: contactAt("v2", lat+0.009, lon, 0.1, 0, c.now())})
	require.NoError(t, p.Evaluate(context.Background())) // unpairs v1
	ts := targetsByID(t, p)                              // pairs v2
	require.Equal(t, gcs.TargetDark, ts["v1"].Status)
	require.Equal(t, uint32(224000001), ts["v2"].MMSI)
}

func TestTargetsLeaveThePicture(t *testing.T) {
	p, ev, c := newPicture(t, nil)
	sub := ev.Subscribe()
	defer sub.Cancel()
	ev.Publish(gcs.VesselEvent{Vessel: contactAt("v1", 36.1, -5.4, 1, 0, t0)})
	ev.Publish(gcs.AISEvent{MMSI: 224000002, Vessel: aisAt(224000002, 36.2, -5.3, 10, 180, t0)})
	require.Len(t, targetsByID(t, p), 2)
	c.add(3 * time.Minute) // the contact is not seen again
	ev.Publish(gcs.AISEvent{MMSI: 224000002})
	require.Empty(t, targetsByID(t, p))
	gone := map[gcs.VesselID]bool{}
	for _, e := range sub.Next() {
		if te, ok := e.(gcs.TargetEvent); ok && te.Target == nil {
			gone[te.ID] = true
		}
	}
	require.Equal(t, map[gcs.VesselID]bool{"v1": true, AISTargetID(224000002): true}, gone)
}

func TestManualIncidentLifecycle(t *testing.T) {
	st := newMemStore()
	p, ev, c := newPicture(t, st)
	ctx := context.Background()
	ev.Publish(gcs.VesselEvent{Vessel: contactAt("v1", 36.1, -5.4, 1, 0, t0)})
	require.NoError(t, p.Evaluate(ctx))

	_, err := p.RaiseIncident(ctx, gcs.ManualIncident{Target: "v404", Title: "x"})
	require.ErrorIs(t, err, gcs.ErrNoTarget)
	_, err = p.RaiseIncident(ctx, gcs.ManualIncident{Title: "x"})
	require.ErrorIs(t, err, gcs.ErrIncidentState)
	_, err = p.RaiseIncident(ctx, gcs.ManualIncident{Title: "x", Lat: f64(91), Lon: f64(0)})
	require.ErrorIs(t, err, gcs.ErrIncidentState)

	inc, err := p.RaiseIncident(ctx, gcs.ManualIncident{Target: "v1", Title: "Boat alongside the quay", Note: "seen from tower", By: "ana"})
	require.NoError(t, err)
	require.Equal(t, gcs.IncidentManual, inc.Type)
	require.Equal(t, gcs.IncidentMedium, inc.Severity)
	require.Equal(t, "v1", string(inc.Vessels[0].Target))
	require.Equal(t, "ana", inc.History[0].By)

	c.add(time.Minute)
	ack, err := p.StepIncident(ctx, inc.ID, gcs.IncidentAcknowledged, "ana", "looking")
	require.NoError(t, err)
	require.Equal(t, 2, ack.Version)
	_, err = p.StepIncident(ctx, inc.ID, gcs.IncidentNew, "ana", "")
	require.ErrorIs(t, err, gcs.ErrIncidentState, "no step back")
	_, err = p.StepIncident(ctx, "I-nope", gcs.IncidentClosed, "ana", "")
	require.ErrorIs(t, err, gcs.ErrNoIncident)

	// A store that fails refuses the step: the operator is not told of a
	// change a crash could lose.
	st.mu.Lock()
	st.fail = errors.New("disk full")
	st.mu.Unlock()
	_, err = p.StepIncident(ctx, inc.ID, gcs.IncidentDispatched, "ana", "")
	require.ErrorContains(t, err, "disk full")
	got, err := p.Incident(ctx, inc.ID)
	require.NoError(t, err)
	require.Equal(t, gcs.IncidentAcknowledged, got.State)
	st.mu.Lock()
	st.fail = nil
	st.mu.Unlock()

	_, err = p.StepIncident(ctx, inc.ID, gcs.IncidentClosed, "ben", "nothing found")
	require.NoError(t, err)
	stored, err := st.Incident(ctx, inc.ID)
	require.NoError(t, err)
	require.Equal(t, gcs.IncidentClosed, stored.State)
	require.Len(t, stored.History, 3)
	require.Equal(t, "ben", stored.History[2].By)
	require.Equal(t, gcs.IncidentAcknowledged, stored.History[2].From)

	// A new picture on the same store knows it.
	p2, _, _ := newPicture(t, st)
	list, err := p2.Incidents(ctx, gcs.IncidentFilter{})
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.Equal(t, gcs.IncidentClosed, list[0].State)
}

func TestRuleSettingsStrict(t *testing.T) {
	p, _, _ := newPicture(t, nil)
	ctx := context.Background()
	_, err := p.SetRuleSettings(ctx, []byte(`{"no_such_rule":1}`), "ana")
	require.ErrorIs(t, err, ErrBadSettings)
	_, err = p.SetRuleSettings(ctx, []byte(`not json`), "ana")
	require.ErrorIs(t, err, ErrBadSettings)
	raw, err := p.RuleSettings(ctx)
	require.NoError(t, err)
	_, err = p.SetRuleSettings(ctx, raw, "ana")
	require.NoError(t, err, "the settings as given back are accepted")
}

// clipper is a gcs.Clipper that records what it was asked.
type clipper struct {
	mu    sync.Mutex
	asked []string
}

func (c *clipper) Clip(_ context.Context, vehicle gcs.VehicleID, stream string, from, to time.Time) ([]byte, string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.asked = append(c.asked, string(vehicle)+"/"+stream+" "+to.Sub(from).String())
	if vehicle == "none" {
		return nil, "", gcs.ErrNoClip
	}
	return []byte("mp4 of " + string(vehicle)), "video/mp4", nil
}

// TestEvidenceHasTheClipOfTheLatestSighting: an incident's evidence holds
// the video of the cameras' latest sighting, kept as a file.
func TestEvidenceHasTheClipOfTheLatestSighting(t *testing.T) {
	c := &testClock{t: t0}
	ev := &gcs.Events{}
	clips := &clipper{}
	p := &Picture{Events: ev, Now: c.now, Tick: -1, Clips: clips}
	require.NoError(t, p.Initialize())
	defer p.Close()
	ctx := context.Background()
	v := contactAt("v1", 36.1, -5.4, 1, 0, t0)
	v.SeenBy = []gcs.Sighting{{Vehicle: "old", Stream: "c1", At: t0.Add(-time.Minute)}, {Vehicle: "l1-1", Stream: "c100s1", At: t0}}
	ev.Publish(gcs.VesselEvent{Vessel: v})
	require.NoError(t, p.Evaluate(ctx))
	inc, err := p.RaiseIncident(ctx, gcs.ManualIncident{Target: "v1", Title: "look"})
	require.NoError(t, err)
	require.Equal(t, []string{"l1-1/c100s1 15s"}, clips.asked)
	var clip *gcs.Evidence
	for i := range inc.Evidence {
		if inc.Evidence[i].Kind == gcs.EvidenceClip {
			clip = &inc.Evidence[i]
		}
	}
	require.NotNil(t, clip)
	require.Equal(t, "video/mp4", clip.MIME)
	b, err := p.IncidentFile(ctx, clip.File)
	require.NoError(t, err)
	require.Equal(t, "mp4 of l1-1", string(b))
}
