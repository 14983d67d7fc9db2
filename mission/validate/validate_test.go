package validate_test

import (
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/mission"
	"skerry/mission/airspace"
	"skerry/mission/profile"
	"skerry/mission/validate"
)

// Bay of Algeciras, over the water east of the port.
var (
	homePt = orb.Point{-5.400, 36.150}
	wp1Pt  = orb.Point{-5.400, 36.152}
	wp2Pt  = orb.Point{-5.397, 36.152}
	noon   = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC) // a Monday
)

// basePlan: take-off, two waypoints, RTL; about 800 m in all.
func basePlan() *mission.Plan {
	home := mission.Position{Point: homePt, Alt: mission.AMSL(2)}
	return &mission.Plan{
		Name: "bay", VehicleType: mission.VehicleQuadrotor, HoverSpeed: 10, Home: &home,
		Mission: []mission.Item{
			mission.Takeoff{Pos: mission.Position{Alt: mission.Rel(40)}},
			mission.Waypoint{Pos: mission.Position{Point: wp1Pt, Alt: mission.Rel(60)}},
			mission.Waypoint{Pos: mission.Position{Point: wp2Pt, Alt: mission.Rel(60)}},
			mission.RTL{},
		},
	}
}

func baseOp(t testing.TB, name string) validate.Operation {
	p, err := profile.Get(name)
	require.NoError(t, err)
	pilot := homePt
	return validate.Operation{
		Profile: p, Pilot: &pilot, When: noon, Aircraft: 1, Pilots: 1,
		Vehicle: validate.Vehicle{CruiseSpeed: 10, Endurance: 20 * time.Minute},
		Surface: profile.Surface{Water: true},
	}
}

// zone returns a circular zone on the leg wp1→wp2.
func zone(id string, r airspace.Restriction) airspace.Zone {
	return airspace.Zone{
		ID: id, Name: "Test " + id, Restriction: r, Conditions: []string{"Stay above 50 m"},
		Authorities: []airspace.Authority{{Name: "APBA", Email: "seguridad@apba.example"}},
		Volumes: []airspace.Volume{{
			Circle: &airspace.Circle{Center: orb.Point{-5.3985, 36.1520}, Radius: 15},
			Lower:  airspace.Limit{Ref: airspace.AGL}, Upper: airspace.Limit{Unlimited: true},
		}},
		Source: "test",
	}
}

func withZones(zs ...airspace.Zone) func(*mission.Plan, *validate.Operation) {
	return func(_ *mission.Plan, op *validate.Operation) { op.Zones = airspace.NewIndex(zs) }
}

func TestCheck(t *testing.T) {
	t0, t1 := noon.Add(-48*time.Hour), noon.Add(-24*time.Hour)
	expired := zone("OLD", airspace.Prohibited)
	expired.Applicability = []airspace.Applicability{{Start: &t0, End: &t1}}
	later := zone("LATER", airspace.Prohibited) // from 12:10 UTC daily: inside the flight window only with a long flight
	later.Applicability = []airspace.Applicability{{Schedule: []airspace.Daily{{Start: 12*time.Hour + 10*time.Minute, End: 13 * time.Hour}}}}
	high := zone("HIGH", airspace.Prohibited)
	high.Volumes[0].Lower = airspace.Limit{M: 150, Ref: airspace.AMSL}

	cases := []struct {
		name     string
		profile  string
		edit     func(*mission.Plan, *validate.Operation)
		lawful   bool
		rule     string // a violation with this rule and severity is expected
		severity mission.Severity
		leg      [2]int // expected leg when not zero
		contains string // expected in the message
	}{
		{name: "lawful state", profile: "state", lawful: true},
		{name: "lawful eu-open-a3", profile: "eu-open-a3", lawful: true},
		{name: "lawful faa-107", profile: "faa-107", lawful: true},
		{name: "too high", profile: "eu-open-a3", edit: func(p *mission.Plan, _ *validate.Operation) {
			p.Mission[2] = mission.Waypoint{Pos: mission.Position{Point: wp2Pt, Alt: mission.Rel(125)}}
		}, rule: profile.RuleMaxHeight, severity: mission.SeverityError, contains: "exceeds 120 m"},
		{name: "too high AMSL state", profile: "state", edit: func(p *mission.Plan, _ *validate.Operation) {
			p.Mission[1] = mission.Waypoint{Pos: mission.Position{Point: wp1Pt, Alt: mission.AMSL(160)}}
		}, rule: profile.RuleMaxHeight, severity: mission.SeverityError},
		{name: "too fast", profile: "faa-107", edit: func(p *mission.Plan, _ *validate.Operation) {
			p.Mission = append([]mission.Item{mission.SpeedChange{Type: mission.SpeedGround, Speed: 50, Throttle: -1}}, p.Mission...)
		}, rule: profile.RuleMaxSpeed, severity: mission.SeverityError, contains: "14 CFR"},
		{name: "beyond visual range", profile: "eu-open-a3", edit: func(p *mission.Plan, _ *validate.Operation) {
			p.Mission[2] = mission.Waypoint{Pos: mission.Position{Point: orb.Point{-5.390, 36.152}, Alt: mission.Rel(60)}}
		}, rule: profile.RuleVLOS, severity: mission.SeverityError, contains: "500 m range"},
		{name: "beyond STS-02 range", profile: "eu-sts-02", edit: func(p *mission.Plan, _ *validate.Operation) {
			p.Mission[2] = mission.Waypoint{Pos: mission.Position{Point: orb.Point{-5.380, 36.152}, Alt: mission.Rel(60)}}
		}, rule: profile.RuleRange, severity: mission.SeverityError},
		{name: "STS-02 range with observer", profile: "eu-sts-02", lawful: true, edit: func(p *mission.Plan, op *validate.Operation) {
			p.Mission[2] = mission.Waypoint{Pos: mission.Position{Point: orb.Point{-5.380, 36.152}, Alt: mission.Rel(60)}}
			op.Observers = []orb.Point{{-5.385, 36.151}}
		}},
		{name: "no pilot", profile: "faa-107", lawful: true, edit: func(_ *mission.Plan, op *validate.Operation) { op.Pilot = nil },
			rule: validate.RuleNotChecked, severity: mission.SeverityInfo},
		{name: "prohibited zone", profile: "state", edit: withZones(zone("PROH1", airspace.Prohibited)),
			rule: validate.RuleAirspace, severity: mission.SeverityError, leg: [2]int{1, 2}, contains: "PROH1"},
		{name: "authorisation missing", profile: "state", edit: withZones(zone("AUTH1", airspace.ReqAuthorisation)),
			rule: validate.RuleAirspace, severity: mission.SeverityError, contains: "seguridad@apba.example"},
		{name: "authorisation held", profile: "state", lawful: true, edit: func(p *mission.Plan, op *validate.Operation) {
			withZones(zone("AUTH1", airspace.ReqAuthorisation))(p, op)
			op.Authorisations = airspace.Operation{Authorisations: []string{"apba"}}
		}, rule: validate.RuleAirspace, severity: mission.SeverityInfo},
		{name: "conditional zone", profile: "state", lawful: true, edit: withZones(zone("COND1", airspace.Conditional)),
			rule: validate.RuleAirspace, severity: mission.SeverityWarning, contains: "Stay above 50 m"},
		{name: "zone not active", profile: "state", lawful: true, edit: withZones(expired)},
		{name: "zone active later in window", profile: "state", edit: func(p *mission.Plan, op *validate.Operation) {
			withZones(later)(p, op)
			p.Mission[1] = mission.Loiter{Pos: mission.Position{Point: wp1Pt, Alt: mission.Rel(60)}, Mode: mission.LoiterTime, Seconds: 900}
		}, rule: validate.RuleAirspace, severity: mission.SeverityError, contains: "LATER"},
		{name: "zone above the leg", profile: "state", lawful: true, edit: withZones(high)},
		{name: "endurance ok without wind", profile: "state", lawful: true, edit: func(_ *mission.Plan, op *validate.Operation) {
			op.Vehicle.Endurance = 3 * time.Minute
		}},
		{name: "endurance exceeded with headwind", profile: "state", edit: func(_ *mission.Plan, op *validate.Operation) {
			op.Vehicle.Endurance = 3 * time.Minute
			op.Wind = validate.Wind{Speed: 8, Direction: 0}
		}, rule: validate.RuleEndurance, severity: mission.SeverityError, contains: "endurance exceeded"},
		{name: "wind above vehicle limit", profile: "state", edit: func(_ *mission.Plan, op *validate.Operation) {
			op.Vehicle.MaxWind = 10
			op.Wind = validate.Wind{Speed: 12, Direction: 270}
		}, rule: profile.RuleMaxWind, severity: mission.SeverityError},
		{name: "fleet of 3", profile: "eu-open-a3", edit: func(_ *mission.Plan, op *validate.Operation) { op.Aircraft = 3 },
			rule: profile.RuleAircraftPerPilot, severity: mission.SeverityError, contains: "need at least 3 pilots"},
		{name: "outside area", profile: "state", edit: func(_ *mission.Plan, op *validate.Operation) {
			op.Area = orb.Polygon{{{-5.402, 36.149}, {-5.398, 36.149}, {-5.398, 36.154}, {-5.402, 36.154}, {-5.402, 36.149}}}
		}, rule: validate.RuleArea, severity: mission.SeverityError, contains: "outside the operation area"},
		{name: "inside area", profile: "state", lawful: true, edit: func(_ *mission.Plan, op *validate.Operation) {
			op.Area = orb.Polygon{{{-5.402, 36.149}, {-5.395, 36.149}, {-5.395, 36.154}, {-5.402, 36.154}, {-5.402, 36.149}}}
		}},
		{name: "waypoint on the area's edge", profile: "state", edit: func(_ *mission.Plan, op *validate.Operation) {
			op.Area = orb.Polygon{{{-5.402, 36.149}, {-5.397, 36.149}, {-5.397, 36.154}, {-5.402, 36.154}, {-5.402, 36.149}}}
		}, rule: validate.RuleArea, severity: mission.SeverityError, contains: "2 at 36.15200, -5.39700 is outside the operation area"},
		{name: "leg touching a corner of the area", profile: "state", edit: func(_ *mission.Plan, op *validate.Operation) {
			op.Area = orb.Polygon{{{-5.402, 36.149}, {-5.395, 36.149}, {-5.395, 36.154}, {-5.398, 36.154}, {-5.3985, 36.152}, {-5.399, 36.154}, {-5.402, 36.154}, {-5.402, 36.149}}}
		}, rule: validate.RuleArea, severity: mission.SeverityError, leg: [2]int{1, 2}, contains: "leg leaves the operation area"},
		{name: "fence exclusion", profile: "state", edit: func(p *mission.Plan, _ *validate.Operation) {
			p.Fence.Zones = []mission.Zone{mission.ExclusionCircle(orb.Point{-5.3985, 36.1520}, 20)}
		}, rule: validate.RuleFence, severity: mission.SeverityError, leg: [2]int{1, 2}},
		{name: "fence inclusion too small", profile: "state", edit: func(p *mission.Plan, _ *validate.Operation) {
			p.Fence.Zones = []mission.Zone{mission.InclusionCircle(homePt, 250)}
		}, rule: validate.RuleFence, severity: mission.SeverityError, contains: "boundary"},
		{name: "fence radius too small", profile: "state", edit: func(p *mission.Plan, _ *validate.Operation) {
			r := 250.0
			p.Fence.Radius = &r
		}, rule: validate.RuleFence, severity: mission.SeverityError, contains: "beyond the fence radius of 250 m"},
		{name: "fence radius holds the route", profile: "state", lawful: true, edit: func(p *mission.Plan, _ *validate.Operation) {
			r := 2000.0
			p.Fence.Radius = &r
		}},
		{name: "vehicle keeps its 300 m circle", profile: "state", edit: func(_ *mission.Plan, op *validate.Operation) {
			r := 300.0
			op.VehicleFence.Radius = &r
		}, rule: validate.RuleVehicleFence, severity: mission.SeverityError, contains: "the vehicle's own fence, which the upload keeps"},
		{name: "vehicle keeps its 50 m ceiling", profile: "state", edit: func(_ *mission.Plan, op *validate.Operation) {
			op.VehicleFence.Ceiling = &mission.Altitude{M: 50, Ref: mission.AltRelative}
		}, rule: validate.RuleVehicleFence, severity: mission.SeverityError, contains: "max_alt"},
		{name: "structure", profile: "state", edit: func(p *mission.Plan, _ *validate.Operation) {
			p.Mission = append(p.Mission, mission.Jump{Target: 99})
		}, rule: validate.RuleStructure, severity: mission.SeverityError},
		{name: "night forbidden", profile: "state", edit: func(_ *mission.Plan, op *validate.Operation) {
			op.Profile.Night = profile.NightForbidden
			op.When = time.Date(2026, 3, 2, 23, 0, 0, 0, time.UTC)
		}, rule: profile.RuleNight, severity: mission.SeverityError},
		{name: "night with lights", profile: "faa-107", lawful: true, edit: func(_ *mission.Plan, op *validate.Operation) {
			op.When = time.Date(2026, 3, 2, 23, 0, 0, 0, time.UTC)
		}, rule: profile.RuleNight, severity: mission.SeverityInfo},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			plan, op := basePlan(), baseOp(t, ca.profile)
			if ca.edit != nil {
				ca.edit(plan, &op)
			}
			r := validate.Check(plan, op)
			require.Equal(t, ca.lawful, r.Lawful, "%v", r.Violations)
			require.Equal(t, ca.lawful, len(r.Errors()) == 0)
			if ca.rule == "" {
				for _, v := range r.Violations {
					require.NotEqual(t, mission.SeverityError, v.Severity, v.String())
				}
				return
			}
			found := false
			for _, v := range r.Violations {
				if v.Rule == ca.rule && v.Severity == ca.severity && strings.Contains(v.String(), ca.contains) &&
					(ca.leg == [2]int{} || v.Leg == ca.leg) {
					require.NotEmpty(t, v.Source, v.String())
					found = true
				}
			}
			require.True(t, found, "want %s %s %q in %v", ca.severity, ca.rule, ca.contains, r.Violations)
		})
	}
}

// TestCheckFencesAloneNeedsNoOperation: with no operation's rules to
// apply, an upload is still checked against the fences the autopilot
// will enforce, the plan's and the one the vehicle keeps.
func TestCheckFencesAloneNeedsNoOperation(t *testing.T) {
	r := 300.0
	rep := validate.CheckFences(basePlan(), validate.Operation{VehicleFence: mission.Fence{Radius: &r}})
	require.False(t, rep.Lawful)
	require.Equal(t, validate.RuleVehicleFence, rep.Errors()[0].Rule)
	require.NotNil(t, rep.Errors()[0].At, "located on the map")
	rep = validate.CheckFences(basePlan(), validate.Operation{})
	require.True(t, rep.Lawful, "%v", rep.Violations)
}
