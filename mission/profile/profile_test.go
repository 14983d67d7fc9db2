package profile

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/mission"
)

func TestBuiltinNumbersAndSources(t *testing.T) {
	cases := []struct {
		name      string
		height    float64
		ref       HeightRef
		vlos      bool
		rng, obs  float64
		speed     float64
		perPilot  int
		builtUp   float64
		margin    float64
		night     Night
		sourceHas map[string]string // rule ID -> substring of its source ref
	}{
		{"state", 150, RefSurface, false, 0, 0, 0, 4, 0, 20, NightWithLights, map[string]string{"scope": "2018/1139 Art. 2(3)(a)", RuleMaxHeight: "Operator-set"}},
		{"eu-sts-02", 120, RefSurface, false, 1000, 2000, 50, 1, 0, 10, NightWithLights, map[string]string{RuleRange: "UAS.STS-02", RuleMaxSpeed: "Part 17"}},
		{"eu-open-a3", 120, RefSurface, true, 0, 0, 0, 1, 150, 0, NightWithLights, map[string]string{RuleDistBuiltUp: "UAS.OPEN.040", RuleMaxHeight: "Art. 4(1)(e)"}},
		{"faa-107", 121.92, RefSurface, true, 0, 0, 44.704, 1, 0, 0, NightWithLights, map[string]string{RuleMaxHeight: "107.51", RuleAircraftPerPilot: "107.35", RuleNight: "107.29", RuleVLOS: "107.31"}},
		{"uk-caa", 120, RefSurface, true, 0, 0, 0, 1, 0, 0, NightWithLights, map[string]string{"frz": "94A", RuleMaxHeight: "2019/947"}},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			p, err := Get(ca.name)
			require.NoError(t, err)
			require.Empty(t, p.Validate())
			require.Equal(t, ca.name, p.Name)
			require.InDelta(t, ca.height, p.MaxHeight, 1e-9)
			require.Equal(t, ca.ref, p.HeightRef)
			require.Equal(t, ca.vlos, p.VLOS)
			require.Equal(t, ca.rng, p.MaxRangeFromPilot)
			require.Equal(t, ca.obs, p.MaxRangeWithObservers)
			require.InDelta(t, ca.speed, p.MaxSpeed, 1e-9)
			require.Equal(t, ca.perPilot, p.MaxAircraftPerPilot)
			require.Equal(t, ca.builtUp, p.MinDistanceBuiltUp)
			require.Equal(t, ca.margin, p.ContingencyMargin)
			require.Equal(t, ca.night, p.Night)
			for id, want := range ca.sourceHas {
				r, ok := p.Rule(id)
				require.True(t, ok, id)
				require.Contains(t, r.Source.Ref, want)
				require.NotEmpty(t, r.Source.URL)
			}
			require.Len(t, p.Report(), len(p.Rules))
		})
	}
	require.Equal(t, []string{"eu-open-a3", "eu-specific", "eu-sts-02", "faa-107", "state", "uk-caa"}, Names())
	_, err := Get("nope")
	require.Error(t, err)
}

func TestFAAUnitsMatchTheRegulation(t *testing.T) {
	p, _ := Get("faa-107")
	require.InDelta(t, 400*0.3048, p.MaxHeight, 1e-9)    // 400 ft
	require.InDelta(t, 100*0.44704, p.MaxSpeed, 1e-9)    // 100 mph
	require.InDelta(t, 87*1852.0/3600, p.MaxSpeed, 0.06) // 87 kn
}

func TestGetReturnsCopies(t *testing.T) {
	a, _ := Get("state")
	a.Rules[0].Text = "changed"
	b, _ := Get("state")
	require.NotEqual(t, "changed", b.Rules[0].Text)
}

func TestEUSpecificNeedsAuthorisation(t *testing.T) {
	p, _ := Get("eu-specific")
	is := p.Validate()
	require.True(t, is.HasErrors())
	require.Contains(t, is.Err().Error(), "Art. 12")
	_, _, err := p.Tighten(p.Limits)
	require.Error(t, err)

	_, _, err = p.Authorise(Authorisation{Number: "ES-OAT-1", Authority: "AESA", URL: "doc.pdf"})
	require.ErrorContains(t, err, "area")

	a := Authorisation{Number: "ES-OAT-1", Authority: "AESA", URL: "ES-OAT-1.pdf",
		Area: ringAround(), MaxHeight: 90, BVLOS: true, MaxAircraftPerPilot: 3, Night: NightWithLights}
	q, is, err := p.Authorise(a)
	require.NoError(t, err)
	require.Empty(t, q.Validate())
	require.False(t, q.VLOS)
	require.Equal(t, 90.0, q.MaxHeight)
	r, _ := q.Rule(RuleAircraftPerPilot)
	require.Contains(t, r.Source.Ref, "ES-OAT-1")
	require.Contains(t, is[len(is)-1].Message, "ES-OAT-1")

	// Beyond the authorisation: refused.
	next := q.Limits
	next.MaxHeight = 100
	_, _, err = q.Tighten(next)
	require.ErrorContains(t, err, RuleMaxHeight)
	require.Empty(t, q.CheckFleet(3, 1).Err())
	require.True(t, q.CheckFleet(4, 1).HasErrors())
}

func TestTighten(t *testing.T) {
	type mod func(*Limits)
	cases := []struct {
		name    string
		profile string
		mod     mod
		wantErr string // rule ID named in the error, "" = allowed
	}{
		{"lower height", "eu-open-a3", func(l *Limits) { l.MaxHeight = 60 }, ""},
		{"raise height", "eu-open-a3", func(l *Limits) { l.MaxHeight = 150 }, RuleMaxHeight},
		{"raise built-up distance", "eu-open-a3", func(l *Limits) { l.MinDistanceBuiltUp = 300 }, ""},
		{"lower built-up distance", "eu-open-a3", func(l *Limits) { l.MinDistanceBuiltUp = 100 }, RuleDistBuiltUp},
		{"VLOS to BVLOS", "eu-open-a3", func(l *Limits) { l.VLOS = false }, RuleVLOS},
		{"BVLOS to VLOS", "state", func(l *Limits) { l.VLOS = true }, ""},
		{"fewer aircraft", "state", func(l *Limits) { l.MaxAircraftPerPilot = 2 }, ""},
		{"more aircraft", "state", func(l *Limits) { l.MaxAircraftPerPilot = 6 }, RuleAircraftPerPilot},
		{"raise margins", "state", func(l *Limits) { l.ContingencyMargin, l.ContingencyHeight = 50, 20 }, ""},
		{"lower margin", "state", func(l *Limits) { l.ContingencyMargin = 5 }, RuleContingency},
		{"set a speed where none", "state", func(l *Limits) { l.MaxSpeed = 15 }, ""},
		{"lower speed", "faa-107", func(l *Limits) { l.MaxSpeed = 20 }, ""},
		{"remove speed limit", "faa-107", func(l *Limits) { l.MaxSpeed = 0 }, RuleMaxSpeed},
		{"shorter range", "eu-sts-02", func(l *Limits) { l.MaxRangeFromPilot = 500 }, ""},
		{"longer range", "eu-sts-02", func(l *Limits) { l.MaxRangeFromPilot = 1500 }, RuleRange},
		{"forbid night", "faa-107", func(l *Limits) { l.Night = NightForbidden }, ""},
		{"night without lights", "faa-107", func(l *Limits) { l.Night = NightAllowed }, RuleNight},
		{"operator wind limit", "faa-107", func(l *Limits) { l.MaxWind = 10 }, ""},
		{"change height ref", "faa-107", func(l *Limits) { l.HeightRef = RefAMSL }, RuleMaxHeight},
		{"zero height", "faa-107", func(l *Limits) { l.MaxHeight = 0 }, RuleMaxHeight},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			p, err := Get(ca.profile)
			require.NoError(t, err)
			next := p.Limits
			ca.mod(&next)
			q, is, err := p.Tighten(next)
			if ca.wantErr != "" {
				require.ErrorContains(t, err, ca.wantErr)
				require.True(t, is.HasErrors())
				return
			}
			require.NoError(t, err)
			require.Equal(t, next, q.Limits)
			require.NotEmpty(t, is)
			require.Equal(t, mission.SeverityInfo, is[0].Severity)
		})
	}
}

func TestWaivers(t *testing.T) {
	p, _ := Get("faa-107")
	w51 := Waiver{Section: "107.51", Certificate: "107W-2025-001", MaxHeight: 152.4, MaxSpeed: 44.704}
	w31 := Waiver{Section: "107.31", Certificate: "107W-2025-002", MaxRangeFromPilot: 3000}
	w35 := Waiver{Section: "107.35", Certificate: "107W-2025-003", MaxAircraftPerPilot: 3}
	w29 := Waiver{Section: "107.29", Certificate: "107W-2025-004"}
	q, is, err := p.Waive(w51, w31, w35, w29)
	require.NoError(t, err)
	require.InDelta(t, 152.4, q.MaxHeight, 1e-9)
	require.False(t, q.VLOS)
	require.Equal(t, 3000.0, q.MaxRangeFromPilot)
	require.Equal(t, 3, q.MaxAircraftPerPilot)
	require.Equal(t, NightAllowed, q.Night)
	all := joined(is)
	for _, c := range []string{"107W-2025-001", "107W-2025-002", "107W-2025-003", "107W-2025-004"} {
		require.Contains(t, all, c)
	}
	r, _ := q.Rule(RuleMaxHeight)
	require.Contains(t, r.Text, "waiver 107.51")
	require.True(t, q.CheckFleet(4, 1).HasErrors())
	require.False(t, q.CheckFleet(3, 1).HasErrors())

	// A declared waiver allows up to its value, no more.
	p.Waivers = []Waiver{w51}
	next := p.Limits
	next.MaxHeight = 140
	_, is, err = p.Tighten(next)
	require.NoError(t, err)
	require.Contains(t, joined(is), "under waiver 107.51")
	next.MaxHeight = 200
	_, _, err = p.Tighten(next)
	require.ErrorContains(t, err, RuleMaxHeight)
	// ...and only what its section covers.
	next = p.Limits
	next.VLOS = false
	_, _, err = p.Tighten(next)
	require.ErrorContains(t, err, RuleVLOS)

	// Waivers are FAA only and need a known section and a certificate.
	s, _ := Get("eu-open-a3")
	_, _, err = s.Waive(w51)
	require.ErrorContains(t, err, "107")
	_, _, err = p.Waive(Waiver{Section: "107.99"})
	require.Error(t, err)
}

func TestCheckFleet(t *testing.T) {
	cases := []struct {
		profile   string
		n, pilots int
		sev       mission.Severity
		none      bool
	}{
		{"eu-open-a3", 1, 1, 0, true},
		{"eu-open-a3", 3, 1, mission.SeverityError, false},
		{"eu-open-a3", 3, 3, 0, true},
		{"faa-107", 2, 1, mission.SeverityError, false},
		{"eu-sts-02", 5, 2, mission.SeverityError, false},
		{"state", 4, 1, mission.SeverityInfo, false},
		{"state", 9, 2, mission.SeverityError, false},
		{"state", 2, 0, mission.SeverityError, false},
	}
	for _, ca := range cases {
		p, _ := Get(ca.profile)
		is := p.CheckFleet(ca.n, ca.pilots)
		if ca.none {
			require.Empty(t, is, "%+v", ca)
			continue
		}
		require.Len(t, is, 1, "%+v", ca)
		require.Equal(t, ca.sev, is[0].Severity, "%+v", ca)
		require.Equal(t, RuleAircraftPerPilot, is[0].Field)
	}
	p, _ := Get("faa-107")
	msg := p.CheckFleet(10, 1)[0].Message
	require.Contains(t, msg, "14 CFR 107.35")
	require.Contains(t, msg, "need at least 10 pilots")
}

func joined(is mission.Issues) string {
	var b strings.Builder
	for _, i := range is {
		b.WriteString(i.String())
		b.WriteString("\n")
	}
	return b.String()
}
