package maritime

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// scene is a picture at now in which every rule has a cause that lasts:
// a dark boat meets Lady M offshore, a boat loiters, a RIB runs for the
// beach, a ship sits in a restricted zone, one has fallen silent, one
// jumps.
func scene(now time.Time) []*Track {
	el := now.Sub(t0).Seconds()
	step := 10 * time.Second
	// The pair: east at 2 m/s, 30 m apart.
	lat, lon := destination(seaLat, seaLon, 90, 2*el)
	ha := path(lat, lon, 90, 2, 60, step, now)
	hb := make([]gcs.TrackPoint, len(ha))
	for i, p := range ha {
		hb[i] = p
		hb[i].Lat, hb[i].Lon = offset(p.Lat, p.Lon, 30, 0)
	}
	pairDark := dark("v7", ha)
	pairLady := seen(ais(319012345, "LADY M", hb), "v8")
	loiter := ais(224000002, "WAITER", circling(36.05, -5.35, 120, 80, step, now))
	rlat, rlon := destination(36.15, -5.46, 0, 15*el)
	rib := moving(dark("v5", path(rlat, rlon, 0, 15, 30, 5*time.Second, now)), 15/knot, 0)
	zone := ais(224000001, "", path(36.175, -5.395, 0, 0.5, 30, step, now))
	gone := silent(224000009, 36.08, -5.30, 12, 6+int(el/60), nil)
	jumpy := ais(224000005, "JUMPY", path(36.02, -5.45, 0, 3, 60, step, now))
	jumpy.History[40].Lat += 0.05
	return []*Track{pairDark, pairLady, loiter, rib, zone, gone, jumpy}
}

// TestEvaluateKeysStable: while causes last, the keys do not change, with
// time passing and with the tracks in any order.
func TestEvaluateKeysStable(t *testing.T) {
	z := testZones(t)
	set := DefaultSettings()
	want := []string{
		"ais_gap:mmsi:224000009",
		"ais_inconsistency:mmsi:224000005",
		"dark_vessel:contact:v5",
		"dark_vessel:contact:v7",
		"fast_approach:contact:v5",
		"loitering:mmsi:224000002",
		"rendezvous:contact:v7|mmsi:319012345",
		"zone_entry:mmsi:224000001:restricted:Refinery jetty security zone",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, after := range []time.Duration{0, 10 * time.Second, time.Minute, 100 * time.Second} {
		now := t0.Add(after)
		tracks := scene(now)
		rng.Shuffle(len(tracks), func(i, j int) { tracks[i], tracks[j] = tracks[j], tracks[i] })
		got := Evaluate(&Situation{Now: now, Tracks: tracks, Zones: z, Land: testLand(z)}, &set)
		require.Equal(t, want, keys(got), "after %s", after)
	}
}

// TestEvaluateEmpty: nothing to judge is no finding and no crash.
func TestEvaluateEmpty(t *testing.T) {
	set := DefaultSettings()
	require.Empty(t, Evaluate(nil, &set))
	require.Empty(t, Evaluate(&Situation{Now: t0}, nil))
	bad := track("x", []gcs.TrackPoint{{At: t0}})
	bad.Target.Lat = 1e9
	empty := &Track{Target: gcs.Target{ID: "y", Status: gcs.TargetDark, Contact: "y", FirstSeen: t0.Add(-time.Hour)}}
	require.Empty(t, Evaluate(&Situation{Now: t0, Tracks: []*Track{nil, bad}}, &set))
	require.Equal(t, []string{"dark_vessel:contact:y"}, keys(Evaluate(&Situation{Now: t0, Tracks: []*Track{empty}}, &set)))
}

// benchSituation is 5,000 AIS vessels and 200 camera contacts (half of
// them also on AIS) spread over about 50 km × 50 km off Algeciras, each
// with 60 points of history 15 s apart (a quarter of an hour: longer
// than the loitering rule's ten minutes), with the test zones and land.
func benchSituation(b testing.TB) *Situation {
	z := testZones(b)
	rng := rand.New(rand.NewPCG(14, 14))
	var tracks []*Track
	pathAt := func(speed, course float64) []gcs.TrackPoint {
		lat, lon := 35.95+rng.Float64()*0.45, -5.65+rng.Float64()*0.55
		return path(lat, lon, course, speed, 60, 15*time.Second, t0)
	}
	randPath := func() []gcs.TrackPoint {
		speed := rng.Float64() * 10 // m/s
		if rng.IntN(4) == 0 {
			speed = 0.2 // a quarter lie still
		}
		return pathAt(speed, rng.Float64()*360)
	}
	for i := range 5000 {
		tr := ais(uint32(224000000+i), "", randPath())
		tr = moving(tr, rng.Float64()*25, rng.Float64()*360)
		if i < 100 {
			tr = seen(tr, "v"+itoa(uint32(i)))
		}
		tracks = append(tracks, tr)
	}
	for i := range 100 {
		// the dark boats' tracks agree with their speed and course (the
		// fast approach wants both)
		kn, course := rng.Float64()*35, rng.Float64()*360
		tracks = append(tracks, moving(dark("d"+itoa(uint32(i)), pathAt(kn*knot, course)), kn, course))
	}
	return &Situation{Now: t0, Tracks: tracks, Zones: z, Land: testLand(z)}
}

// BenchmarkEvaluate: every rule over 5,000 AIS vessels and 200 camera
// contacts, one evaluation per op.
func BenchmarkEvaluate(b *testing.B) {
	s := benchSituation(b)
	set := DefaultSettings()
	var n int
	for b.Loop() {
		n = len(Evaluate(s, &set))
	}
	b.ReportMetric(float64(n), "findings")
}

// BenchmarkScore: the risk of every target of the benchmark's picture.
func BenchmarkScore(b *testing.B) {
	s := benchSituation(b)
	set := DefaultSettings()
	fs := Evaluate(s, &set)
	by := map[gcs.VesselID][]*Finding{}
	for i := range fs {
		for _, id := range fs[i].Targets {
			by[id] = append(by[id], &fs[i])
		}
	}
	for b.Loop() {
		for _, t := range s.Tracks {
			Score(t, by[t.Target.ID], 1, &set)
		}
	}
}

// TestBenchSituation: the benchmark's picture finds some of everything
// it can (a benchmark of nothing found would measure little).
func TestBenchSituation(t *testing.T) {
	s := benchSituation(t)
	set := DefaultSettings()
	types := map[gcs.IncidentType]int{}
	for _, f := range Evaluate(s, &set) {
		types[f.Type]++
	}
	t.Logf("%v", types)
	for _, want := range []gcs.IncidentType{gcs.IncidentDark, gcs.IncidentLoitering, gcs.IncidentRendezvous, gcs.IncidentFastApproach, gcs.IncidentZoneEntry} {
		require.Contains(t, types, want)
	}
}
