package maritime

import (
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// testLand is land north of 36.2° (a box to 36.3°, 5.5°W to 5.3°W), and
// the test harbour's outline as a built shore.
func testLand(z *Zones) *gcs.Land {
	box := orb.Polygon{{{-5.5, 36.2}, {-5.3, 36.2}, {-5.3, 36.3}, {-5.5, 36.3}, {-5.5, 36.2}}}
	return gcs.NewLand([]gcs.LandArea{{Polygon: box}}, []orb.Ring{z.All()[0].Polygons[0][0]})
}

// Places of the test zones and open sea.
const (
	seaLat, seaLon       = 36.10, -5.40
	harbourLat, harbourL = 36.125, -5.445
	anchorLat, anchorLon = 36.13, -5.38
)

type ruleCase struct {
	name   string
	tracks []*Track
	watch  func(lat, lon float64) bool
	set    func(*Settings)
	want   []string
	// sev and text check the first finding.
	sev  gcs.IncidentSeverity
	text string
}

// runRules evaluates each case and checks its keys and explanations.
func runRules(t *testing.T, cases []ruleCase) {
	t.Helper()
	z := testZones(t)
	land := testLand(z)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			set := DefaultSettings()
			if c.set != nil {
				c.set(&set)
			}
			require.NoError(t, set.Check())
			s := &Situation{Now: t0, Tracks: c.tracks, Zones: z, Land: land, Watch: c.watch}
			got := Evaluate(s, &set)
			require.Equal(t, c.want, keys(got))
			for _, f := range got {
				require.NotEmpty(t, f.Title, f.Key)
				require.NotEmpty(t, f.Text, f.Key)
				require.NotEmpty(t, f.Targets, f.Key)
				require.True(t, knownSeverity(f.Severity), f.Key)
				require.False(t, f.Since.IsZero(), f.Key)
				require.False(t, f.Since.After(t0), f.Key)
				require.True(t, validPosition(f.Lat, f.Lon), f.Key)
				t.Logf("%s [%s] %s: %s (since %s, area %q)", f.Key, f.Severity, f.Title, f.Text, clock(f.Since), f.Area)
			}
			if c.sev != "" {
				require.Equal(t, c.sev, got[0].Severity)
			}
			if c.text != "" {
				require.Contains(t, got[0].Text, c.text)
			}
		})
	}
}

func still(lat, lon float64, minutes int) []gcs.TrackPoint {
	return circling(lat, lon, 20, minutes*6+1, 10*time.Second, t0)
}

func TestRuleDark(t *testing.T) {
	notHere := func(lat, lon float64) bool { return lat > 36.15 }
	runRules(t, []ruleCase{
		{name: "seen 90 s without AIS", tracks: []*Track{moving(dark("v7", path(seaLat, seaLon, 90, 3, 10, 10*time.Second, t0)), 6, 90)},
			want: []string{"dark_vessel:contact:v7"}, sev: gcs.IncidentMedium, text: "for 1m30s with no AIS matching it (rule: no AIS for 1m0s)"},
		{name: "seen 30 s", tracks: []*Track{dark("v7", path(seaLat, seaLon, 90, 3, 4, 10*time.Second, t0))}},
		{name: "in a berth", tracks: []*Track{dark("v7", still(harbourLat, harbourL, 5))}},
		{name: "outside the watched area", tracks: []*Track{dark("v7", still(seaLat, seaLon, 5))}, watch: notHere},
		{name: "identified", tracks: []*Track{seen(ais(224000001, "A", still(seaLat, seaLon, 1)), "v7")}},
		{name: "disabled", tracks: []*Track{dark("v7", still(seaLat, seaLon, 5))}, set: func(s *Settings) { s.Dark.Enabled = false }},
	})
}

// silent makes an AIS target silent since minutes before now: its
// history and its AIS stop then.
func silent(mmsi uint32, lat, lon, kn float64, minutes int, navStatus *uint8) *Track {
	quiet := t0.Add(-time.Duration(minutes) * time.Minute)
	h := path(lat, lon, 0, kn*knot, 30, 10*time.Second, quiet)
	tr := ais(mmsi, "SILENT", h)
	sog := kn
	tr.Target.AIS.SOG = &sog
	tr.Target.AIS.NavStatus = navStatus
	return tr
}

func TestRuleAISGap(t *testing.T) {
	anchored := uint8(1)
	runRules(t, []ruleCase{
		{name: "class A under way, silent 6 min", tracks: []*Track{silent(224000001, seaLat, seaLon, 12, 6, nil)},
			want: []string{"ais_gap:mmsi:224000001"}, sev: gcs.IncidentMedium,
			text: "class A at 12 kn: ITU-R M.1371 expects a report every 10s (rule: silent for more than max(5m0s, 3 × 10s) = 5m0s)"},
		{name: "a camera still sees it", tracks: []*Track{seen(silent(224000001, seaLat, seaLon, 12, 6, nil), "v3")},
			want: []string{"ais_gap:mmsi:224000001"}, sev: gcs.IncidentHigh, text: "a camera still sees it (v3)"},
		{name: "heard once", tracks: []*Track{func() *Track {
			tr := silent(224000001, seaLat, seaLon, 12, 6, nil)
			tr.Target.AIS.Reports = 1
			return tr
		}()}},
		{name: "silent 2 min", tracks: []*Track{silent(224000001, seaLat, seaLon, 12, 2, nil)}},
		{name: "at anchor, silent 6 min (3 × 3 min not reached)", tracks: []*Track{silent(224000001, seaLat, seaLon, 0, 6, &anchored)}},
		{name: "at anchor, silent 10 min", tracks: []*Track{silent(224000001, seaLat, seaLon, 0, 10, &anchored)},
			want: []string{"ais_gap:mmsi:224000001"}, text: "= 9m0s"},
		{name: "last heard in an anchorage", tracks: []*Track{silent(224000001, anchorLat, anchorLon, 12, 6, nil)}},
		{name: "last heard in a berth", tracks: []*Track{silent(224000001, harbourLat, harbourL, 12, 6, nil)}},
		{name: "last heard outside the watched area", tracks: []*Track{silent(224000001, seaLat, seaLon, 12, 6, nil)},
			watch: func(lat, lon float64) bool { return lat > 36.15 }},
	})
}

func TestRuleZoneEntry(t *testing.T) {
	inZone := func(mmsi uint32, lat, lon float64, st uint8) *Track {
		tr := ais(mmsi, "", path(lat, lon, 0, 2, 30, 10*time.Second, t0))
		tr.Target.AIS.ShipType = st
		return tr
	}
	runRules(t, []ruleCase{
		{name: "restricted", tracks: []*Track{inZone(224000001, 36.175, -5.395, 70)},
			want: []string{"zone_entry:mmsi:224000001:restricted:Refinery jetty security zone"}, sev: gcs.IncidentHigh,
			text: `inside the restricted zone "Refinery jetty security zone" since 11:55:30 (4m30s)`},
		{name: "protected, the zone's own severity", tracks: []*Track{inZone(224000001, 36.065, -5.425, 70)},
			want: []string{"zone_entry:mmsi:224000001:protected:Punta Carnero reserve"}, sev: gcs.IncidentMedium},
		{name: "law enforcement is exempt", tracks: []*Track{inZone(224000001, 36.175, -5.395, 55)}},
		{name: "a berth is no restricted zone", tracks: []*Track{inZone(224000001, harbourLat, harbourL, 70)}},
	})
}

func TestRuleLoitering(t *testing.T) {
	fishing := func(tr *Track) *Track { tr.Target.AIS.ShipType = 30; return tr }
	atAnchor := func(tr *Track) *Track { n := uint8(1); tr.Target.AIS.NavStatus = &n; return tr }
	circle := func(lat, lon, r float64, minutes int) []gcs.TrackPoint {
		return circling(lat, lon, r, minutes*6+1, 10*time.Second, t0)
	}
	runRules(t, []ruleCase{
		{name: "within 150 m for 12 min", tracks: []*Track{dark("v9", circle(seaLat, seaLon, 150, 12))},
			want: []string{"dark_vessel:contact:v9", "loitering:contact:v9"}},
		{name: "explained", tracks: []*Track{ais(224000002, "WAITER", circle(seaLat, seaLon, 150, 12))},
			want: []string{"loitering:mmsi:224000002"}, sev: gcs.IncidentMedium, text: "for 12m0s (rule: 300 m for 10m0s)"},
		{name: "only 8 min", tracks: []*Track{ais(224000002, "", circle(seaLat, seaLon, 150, 8))}},
		{name: "under way at 6 kn", tracks: []*Track{ais(224000002, "", path(seaLat, seaLon, 45, 3, 73, 10*time.Second, t0))}},
		{name: "wider than 300 m", tracks: []*Track{ais(224000002, "", circle(seaLat, seaLon, 500, 12))}},
		{name: "in a berth", tracks: []*Track{ais(224000002, "", circle(harbourLat, harbourL, 150, 12))}},
		{name: "in an anchorage", tracks: []*Track{ais(224000002, "", circle(anchorLat, anchorLon, 150, 12))}},
		{name: "says it is at anchor", tracks: []*Track{atAnchor(ais(224000002, "", circle(seaLat, seaLon, 150, 12)))}},
		{name: "fishing boat", tracks: []*Track{fishing(ais(224000002, "", circle(seaLat, seaLon, 150, 12)))},
			want: []string{"loitering:mmsi:224000002"}, sev: gcs.IncidentLow, text: "a fishing vessel"},
	})
}

// pair is two tracks moving together (gap metres apart, side by side)
// for minutes, having met from far apart.
func pair(a, b func(h []gcs.TrackPoint) *Track, lat, lon, gap float64, minutes int) []*Track {
	n := 60
	ha := path(lat, lon, 90, 2, n, 10*time.Second, t0)
	hb := make([]gcs.TrackPoint, n)
	met := n - 1 - minutes*6
	for i := range ha {
		sep := gap
		if i < met {
			sep = gap + float64(met-i)*50
		}
		blat, blon := offset(ha[i].Lat, ha[i].Lon, sep, 0)
		hb[i] = gcs.TrackPoint{At: ha[i].At, Lat: blat, Lon: blon, ErrorM: 10}
	}
	return []*Track{a(ha), b(hb)}
}

func TestRuleRendezvous(t *testing.T) {
	darkV7 := func(h []gcs.TrackPoint) *Track { return dark("v7", h) }
	lady := func(h []gcs.TrackPoint) *Track { return seen(ais(319012345, "LADY M", h), "v8") }
	ladyUnseen := func(h []gcs.TrackPoint) *Track { return ais(319012345, "LADY M", h) }
	pilot := func(h []gcs.TrackPoint) *Track {
		tr := ais(224000050, "PILOT", h)
		tr.Target.AIS.ShipType = 50
		return tr
	}
	other := func(h []gcs.TrackPoint) *Track { return ais(224000003, "OTHER", h) }
	noDark := func(s *Settings) { s.Dark.Enabled = false }
	reversed := pair(darkV7, lady, seaLat, seaLon, 30, 3)
	reversed[0], reversed[1] = reversed[1], reversed[0]
	lagging := pair(darkV7, lady, seaLat, seaLon, 30, 3)
	lagging[1].History = lagging[1].History[:len(lagging[1].History)-2] // its last report 20 s old
	runRules(t, []ruleCase{
		{name: "an AIS track whose last report is 20 s old", tracks: lagging, set: noDark,
			want: []string{"rendezvous:contact:v7|mmsi:319012345"}},
		{name: "a dark boat alongside Lady M for 3 min", tracks: pair(darkV7, lady, seaLat, seaLon, 30, 3), set: noDark,
			want: []string{"rendezvous:contact:v7|mmsi:319012345"}, sev: gcs.IncidentHigh,
			text: "within 100 m of each other for 3m10s, 30 m apart now, closest 30 m (rule: 100 m for 2m0s)"},
		{name: "the same pair the other way round", tracks: reversed, set: noDark,
			want: []string{"rendezvous:contact:v7|mmsi:319012345"}},
		{name: "two AIS vessels", tracks: pair(other, ladyUnseen, seaLat, seaLon, 50, 4), set: noDark,
			want: []string{"rendezvous:mmsi:224000003|mmsi:319012345"}},
		{name: "only 1 min", tracks: pair(darkV7, lady, seaLat, seaLon, 30, 1), set: noDark},
		{name: "150 m apart", tracks: pair(darkV7, lady, seaLat, seaLon, 150, 5), set: noDark},
		{name: "one vessel twice: a camera contact beside its unpaired AIS", tracks: pair(darkV7, ladyUnseen, seaLat, seaLon, 30, 5), set: noDark},
		{name: "unless asked", tracks: pair(darkV7, ladyUnseen, seaLat, seaLon, 30, 5),
			set: func(s *Settings) { noDark(s); s.Rendezvous.Unpaired = true }, want: []string{"rendezvous:contact:v7|mmsi:319012345"}},
		{name: "in a berth", tracks: pair(darkV7, lady, harbourLat, harbourL, 30, 5), set: noDark},
		{name: "in an anchorage", tracks: pair(other, ladyUnseen, anchorLat, anchorLon, 30, 5), set: noDark},
		{name: "a pilot boat", tracks: pair(pilot, ladyUnseen, seaLat, seaLon, 30, 5), set: noDark},
	})
}

func TestRuleFastApproach(t *testing.T) {
	run := func(lat, lon, kn, course float64) *Track {
		return moving(dark("v5", path(lat, lon, course, kn*knot, 30, 5*time.Second, t0)), kn, course)
	}
	noDark := func(s *Settings) { s.Dark.Enabled = false }
	// noisy: 3 kn towards the beach, its latest fix 150 m ahead of the
	// rest, which made the tracker's speed 30 kn for a moment.
	noisy := func() *Track {
		tr := run(36.173, -5.42, 3, 0)
		last := &tr.History[len(tr.History)-1]
		last.Lat, last.Lon = destination(last.Lat, last.Lon, 0, 150)
		tr.Target.Speed = gcs.Reading(30 * knot)
		return tr
	}
	// brief: a boat that set off at 30 kn 10 s ago.
	brief := func() *Track {
		tr := run(36.173, -5.42, 30, 0)
		tr.History = tr.History[len(tr.History)-3:]
		return tr
	}
	runRules(t, []ruleCase{
		{name: "30 kn at the beach 3 km ahead", tracks: []*Track{run(36.173, -5.42, 30, 0)}, set: noDark,
			want: []string{"fast_approach:contact:v5"}, sev: gcs.IncidentHigh,
			text: "at 30 kn on course 0°, 3 km from the shore ahead: reaches it in 3m15s (rule: above 20 kn, shore within 10m0s)"},
		{name: "at an angle", tracks: []*Track{run(36.173, -5.42, 30, 30)}, set: noDark, want: []string{"fast_approach:contact:v5"}},
		{name: "slow boat heading for the shore", tracks: []*Track{run(36.173, -5.42, 8, 0)}, set: noDark},
		{name: "25 kn along the coast", tracks: []*Track{run(36.19, -5.45, 25, 90)}, set: noDark},
		{name: "30 kn out to sea", tracks: []*Track{run(36.173, -5.42, 30, 180)}, set: noDark},
		{name: "shore beyond the horizon", tracks: []*Track{run(36.0, -5.40, 30, 0)}, set: noDark},
		{name: "an AIS vessel into a harbour", tracks: []*Track{moving(ais(224000007, "FERRY", path(36.11, -5.445, 0, 30*knot, 30, 5*time.Second, t0)), 30, 0)}},
		{name: "a dark boat into a harbour", tracks: []*Track{run(36.11, -5.445, 30, 0)}, set: noDark, want: []string{"fast_approach:contact:v5"}},
		{name: "a drifting boat one noisy fix made fast", tracks: []*Track{noisy()}, set: noDark},
		{name: "fast for 10 s only", tracks: []*Track{brief()}, set: noDark},
	})
}

func TestRuleInconsistent(t *testing.T) {
	spoof := seen(ais(224000004, "SPOOF", path(seaLat, seaLon, 0, 3, 30, 10*time.Second, t0)), "v4")
	spoof.Target.Status = gcs.TargetInconsistent
	spoof.Target.Inconsistency = "its AIS position is 2.1 km from where the cameras see it"
	jumpy := ais(224000005, "JUMPY", path(seaLat, seaLon, 0, 3, 30, 10*time.Second, t0))
	jumpy.History[20].Lat += 0.05 // 5.6 km away for one report
	darkJump := dark("v6", path(seaLat, seaLon, 0, 3, 30, 10*time.Second, t0))
	darkJump.History[20].Lat += 0.05
	runRules(t, []ruleCase{
		{name: "the fusion's verdict", tracks: []*Track{spoof}, want: []string{"ais_inconsistency:mmsi:224000004"}, sev: gcs.IncidentHigh,
			text: "its AIS contradicts the cameras: its AIS position is 2.1 km from where the cameras see it"},
		{name: "a jump", tracks: []*Track{jumpy}, want: []string{"ais_inconsistency:mmsi:224000005"}, sev: gcs.IncidentMedium,
			text: "its track jumped 5.6 km in 10s"},
		{name: "a steady track", tracks: []*Track{ais(224000005, "", path(seaLat, seaLon, 0, 15, 30, 10*time.Second, t0))}},
		{name: "a camera contact's jump is no AIS inconsistency", tracks: []*Track{darkJump}, set: func(s *Settings) { s.Dark.Enabled = false }},
	})
}
