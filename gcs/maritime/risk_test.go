package maritime

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

func TestScore(t *testing.T) {
	h := path(seaLat, seaLon, 0, 3, 30, 10*time.Second, t0)
	pleasure := func(mmsi uint32) *Track {
		tr := ais(mmsi, "LADY M", h)
		tr.Target.AIS.ShipType = 37
		return tr
	}
	find := func(typ gcs.IncidentType, key string) *Finding {
		return &Finding{Type: typ, Key: key, Title: string(typ) + " title"}
	}
	noStatic := ais(224000010, "", h)
	noStatic.Target.AIS.ShipType = 0
	noStatic.Target.AIS.FirstHeard = t0.Add(-20 * time.Minute)
	noStatic.Target.AIS.Reports = 10 // 20 min at 10 s: 120 expected
	badMMSI := ais(12345, "X", h)
	for _, c := range []struct {
		name     string
		track    *Track
		findings []*Finding
		past     int
		mids     []int
		want     float64
		factors  []string
		text     string
	}{
		{name: "nothing known", track: dark("v1", h)},
		{name: "a pleasure craft of a flag of interest, met at sea, twice reported", track: pleasure(319012345),
			findings: []*Finding{find(gcs.IncidentRendezvous, "rendezvous:a|b")}, past: 2, mids: []int{319},
			want: 35 + 20 + 10 + 15, factors: []string{"rendezvous", "past_incidents", "type", "flag"},
			text: "MMSI 319012345: flag Cayman Islands (MID 319) is of interest"},
		{name: "flags not of interest add nothing", track: pleasure(319012345), mids: []int{224},
			want: 10, factors: []string{"type"}},
		{name: "past incidents capped", track: dark("v1", h), past: 9, want: 30, factors: []string{"past_incidents"},
			text: "9 past incident(s) (10 points each, at most 30)"},
		{name: "one weight per rule, the highest", track: dark("v1", h),
			findings: []*Finding{
				find(gcs.IncidentZoneEntry, "zone_entry:contact:v1:protected:Reserve"),
				find(gcs.IncidentZoneEntry, "zone_entry:contact:v1:restricted:Jetty"),
			}, want: 30, factors: []string{"zone"}, text: "zone_entry title; zone_entry title"},
		{name: "a protected area", track: dark("v1", h),
			findings: []*Finding{find(gcs.IncidentZoneEntry, "zone_entry:contact:v1:protected:Reserve")}, want: 10, factors: []string{"zone"}},
		{name: "AIS history: no static data, sparse", track: noStatic, want: 15, factors: []string{"ais_history"},
			text: "no name or type in 20m0s of reports; 10 reports in 20m0s where ITU-R M.1371 expects about 120 (one per 10s)"},
		{name: "AIS history: no ship station's MMSI", track: badMMSI, want: 10, factors: []string{"ais_history"},
			text: "MMSI 12345 is no ship station's"},
		{name: "capped at 100", track: pleasure(319012345), past: 3, mids: []int{319},
			findings: []*Finding{
				find(gcs.IncidentRendezvous, "r"), find(gcs.IncidentAISGap, "g"), find(gcs.IncidentFastApproach, "f"),
			}, want: 100, factors: []string{"rendezvous", "ais_gap", "fast_approach", "past_incidents", "type", "flag", "cap"},
			text: "the reasons sum to 145: capped at 100"},
	} {
		t.Run(c.name, func(t *testing.T) {
			set := DefaultSettings()
			set.Risk.MIDs = c.mids
			require.NoError(t, set.Check())
			r := Score(c.track, c.findings, c.past, &set)
			require.Equal(t, c.want, r.Score)
			var sum float64
			var factors []string
			var text string
			for _, x := range r.Reasons {
				sum += x.Points
				factors = append(factors, x.Factor)
				require.NotEmpty(t, x.Text, x.Factor)
				text += x.Text + "\n"
				t.Logf("%s %+g: %s", x.Factor, x.Points, x.Text)
			}
			require.InDelta(t, r.Score, sum, 1e-9, "the reasons sum to the score")
			require.Equal(t, c.factors, factors)
			require.Contains(t, text, c.text)
		})
	}
}

func TestMID(t *testing.T) {
	for mmsi, want := range map[uint32]int{224123456: 224, 319012345: 319, 12345: 0, 111224000: 0, 970123456: 0, 1000000000: 0, 201000000: 201, 775999999: 775} {
		require.Equal(t, want, MID(mmsi), "%d", mmsi)
	}
}

// TestScoreWithEvaluate: the scene's targets score from their findings.
func TestScoreWithEvaluate(t *testing.T) {
	z := testZones(t)
	set := DefaultSettings()
	tracks := scene(t0)
	fs := Evaluate(&Situation{Now: t0, Tracks: tracks, Zones: z, Land: testLand(z)}, &set)
	by := map[gcs.VesselID][]*Finding{}
	for i := range fs {
		for _, id := range fs[i].Targets {
			by[id] = append(by[id], &fs[i])
		}
	}
	rib := Score(tracks[3], by[tracks[3].Target.ID], 0, &set)
	require.Equal(t, 60.0, rib.Score) // dark 30 + fast approach 30
	lady := Score(tracks[1], by[tracks[1].Target.ID], 0, &set)
	require.Equal(t, 35.0, lady.Score)
}
