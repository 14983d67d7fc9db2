package gcs_test

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/gcstest"
	"skerry/mission"
	"skerry/mission/airspace"
)

func testPlan() *mission.Plan {
	rel := func(m float64) mission.Altitude { return mission.Altitude{M: m, Ref: mission.AltRelative} }
	ceiling := rel(90)
	home := mission.At(36.13, -5.43, mission.Altitude{M: 3, Ref: mission.AltAMSL})
	return &mission.Plan{
		Home: &home,
		Mission: []mission.Item{
			mission.Takeoff{Pos: mission.At(36.13, -5.43, rel(30)), Yaw: math.NaN()},
			mission.Waypoint{Pos: mission.At(36.131, -5.431, rel(40))},
			mission.RTL{},
		},
		Fence: mission.Fence{
			Zones:   []mission.Zone{mission.InclusionPolygon(orb.Ring{{-5.44, 36.125}, {-5.42, 36.125}, {-5.42, 36.135}, {-5.44, 36.135}})},
			Ceiling: &ceiling,
		},
		Rally: []mission.RallyPoint{{Pos: mission.At(36.128, -5.428, rel(20))}},
	}
}

func newMissions(t *testing.T) (*gcs.Missions, *gcstest.PlanLink, *gcs.Fleet) {
	clk := &gcstest.Clock{}
	f := &gcs.Fleet{Now: clk.Now, TickPeriod: time.Hour}
	require.NoError(t, f.Initialize())
	t.Cleanup(f.Close)
	f.Observe(gcs.Observation{Vehicle: "a-1", Link: "l1", SystemID: 1, At: clk.Now(),
		Update: gcs.Identity{Autopilot: "ardupilot", Type: "quadrotor", Mode: "STABILIZE"}})
	link := &gcstest.PlanLink{}
	return &gcs.Missions{Fleet: f, Link: link, Now: clk.Now}, link, f
}

func TestUploadPutsTheWholePlanAndWatchesTheFence(t *testing.T) {
	m, link, f := newMissions(t)
	var parts []mission.Part
	rep, err := m.Upload(context.Background(), "a-1", testPlan(), func(p mission.Part, done, total int) { parts = append(parts, p) })
	require.NoError(t, err)
	require.Equal(t, []int{3, 1, 1}, []int{rep.Mission, rep.Fence, rep.Rally})
	require.Equal(t, mission.Parts, parts, "progress names each part")
	require.Len(t, link.Plan("a-1").Mission, 3)
	v, _ := f.Vehicle("a-1")
	require.True(t, v.Watch.Watching)

	plan, _, err := m.Download(context.Background(), "a-1", nil)
	require.NoError(t, err)
	require.Len(t, plan.Mission, 3)

	_, err = m.Clear(context.Background(), "a-1", mission.PartFence)
	require.NoError(t, err)
	v, _ = f.Vehicle("a-1")
	require.False(t, v.Watch.Watching)
	require.True(t, link.Plan("a-1").Fence.IsEmpty())
	require.Len(t, link.Plan("a-1").Mission, 3, "only the fence was cleared")
}

func TestUploadRefusesAnInvalidPlanOrAnUnknownVehicle(t *testing.T) {
	m, link, _ := newMissions(t)
	p := testPlan()
	p.Mission = append(p.Mission, mission.Waypoint{Pos: mission.At(95, 0, mission.Altitude{M: 10, Ref: mission.AltRelative})})
	rep, err := m.Upload(context.Background(), "a-1", p, nil)
	require.ErrorIs(t, err, gcs.ErrInvalidPlan)
	require.True(t, rep.Issues.HasErrors())
	require.Zero(t, link.Writes("a-1"))

	_, err = m.Upload(context.Background(), "zz-1", testPlan(), nil)
	require.ErrorIs(t, err, gcs.ErrUnknownVehicle)
}

func TestUploadRefusesAnUnlawfulPlanWithItsViolations(t *testing.T) {
	m, link, _ := newMissions(t)
	zone := airspace.Zone{ID: "NOFLY", Name: "closed for the test", Restriction: airspace.Prohibited,
		Volumes: []airspace.Volume{{Circle: &airspace.Circle{Center: orb.Point{-5.431, 36.131}, Radius: 50},
			Lower: airspace.Limit{Ref: airspace.AGL}, Upper: airspace.Limit{Unlimited: true}}}}
	op, err := gcs.NewOperation(gcs.Operation{Zones: []airspace.Zone{zone}})
	require.NoError(t, err)
	m.Operation = &gcs.OperationStore{}
	m.Operation.Set(op)

	rep, err := m.Upload(context.Background(), "a-1", testPlan(), nil)
	require.True(t, errors.Is(err, gcs.ErrUnlawfulPlan), "%v", err)
	require.Contains(t, err.Error(), "NOFLY")
	require.NotNil(t, rep.Check)
	require.False(t, rep.Check.Lawful)
	require.Zero(t, link.Writes("a-1"), "nothing reached the vehicle")

	op.Zones[0].Restriction = airspace.ReqAuthorisation
	op.Authorisations = []string{"NOFLY"}
	op, err = gcs.NewOperation(*op)
	require.NoError(t, err)
	m.Operation.Set(op)
	rep, err = m.Upload(context.Background(), "a-1", testPlan(), nil)
	require.NoError(t, err, "an authorisation held for a REQ_AUTHORISATION zone")
	require.True(t, rep.Check.Lawful)
	require.Equal(t, 1, link.Writes("a-1"))
}

func TestFailedTransferIsJournalled(t *testing.T) {
	m, link, _ := newMissions(t)
	j := &gcstest.Journal{}
	m.Journal = j
	link.Fail = func(gcs.VehicleID) error { return gcs.ErrTransfer }
	_, err := m.Upload(context.Background(), "a-1", testPlan(), nil)
	require.ErrorIs(t, err, gcs.ErrTransfer)
	recs, err := j.Recent(context.Background(), 10, false)
	require.NoError(t, err)
	require.Len(t, recs, 1)
	require.Equal(t, gcs.CmdUpload, recs[0].Command.Kind)
	require.False(t, recs[0].OK)
	require.Contains(t, recs[0].Error, "mission transfer failed")
}

// TestUploadIsCheckedAgainstTheFenceTheVehicleKeeps: a vehicle that keeps
// its own 100 m circle fence would return half-way through a plan that
// goes 140 m from home, so the upload is refused with the reason, before
// anything is written; no override lifts it. With the plan's own radius
// it goes, and the fleet watches the fence the vehicle enforces.
func TestUploadIsCheckedAgainstTheFenceTheVehicleKeeps(t *testing.T) {
	m, link, f := newMissions(t)
	f.Observe(gcs.Observation{Vehicle: "a-1", Link: "l1", SystemID: 1, At: time.Now(),
		Update: gcs.GlobalPosition{Position: gcs.Position{Lat: 36.13, Lon: -5.43, AltAMSL: 3}}})
	hundred := 100.0
	link.Kept = gcs.VehicleFence{KeptRadius: &hundred, Changes: []gcs.SettingChange{{Name: "FENCE_ENABLE", To: 1}}}
	rep, err := m.UploadOverride(context.Background(), "a-1", testPlan(), nil, &gcs.Override{By: "Ana", Reason: "test"})
	require.ErrorIs(t, err, gcs.ErrFenceCutsRoute)
	require.Contains(t, err.Error(), "vehicle-fence")
	require.Contains(t, err.Error(), "beyond the fence radius of 100 m")
	require.Zero(t, link.Writes("a-1"), "nothing reached the vehicle")
	require.NotNil(t, rep.VehicleFence, "the pilot sees what the vehicle keeps and what would change")
	require.Equal(t, "FENCE_ENABLE", rep.VehicleFence.Changes[0].Name)
	require.NotNil(t, rep.Check)
	require.False(t, rep.Check.Lawful)

	p := testPlan()
	r := 400.0
	p.Fence.Radius = &r
	_, err = m.Upload(context.Background(), "a-1", p, nil)
	require.NoError(t, err, "the plan sets its own radius")
	require.Equal(t, 400.0, *f.Fence("a-1").Radius)

	link.Kept = gcs.VehicleFence{KeptRadius: &hundred}
	_, err = m.Upload(context.Background(), "a-1", p, nil)
	require.NoError(t, err)
	p.Fence.Radius = nil
	p.Mission[1] = mission.Waypoint{Pos: mission.At(36.1302, -5.4302, mission.Altitude{M: 40, Ref: mission.AltRelative})}
	_, err = m.Upload(context.Background(), "a-1", p, nil)
	require.NoError(t, err, "a plan that stays inside what the vehicle keeps")
	require.Equal(t, 100.0, *f.Fence("a-1").Radius, "the watch holds the kept circle")
}

// An upload both unlawful and cut short by the vehicle's fence says both,
// and an override does not send it.
func TestUnlawfulAndCutShortSaysBoth(t *testing.T) {
	m, link, f := newMissions(t)
	f.Observe(gcs.Observation{Vehicle: "a-1", Link: "l1", SystemID: 1, At: time.Now(),
		Update: gcs.GlobalPosition{Position: gcs.Position{Lat: 36.13, Lon: -5.43, AltAMSL: 3}}})
	zone := airspace.Zone{ID: "NOFLY", Name: "closed for the test", Restriction: airspace.Prohibited,
		Volumes: []airspace.Volume{{Circle: &airspace.Circle{Center: orb.Point{-5.431, 36.131}, Radius: 50},
			Lower: airspace.Limit{Ref: airspace.AGL}, Upper: airspace.Limit{Unlimited: true}}}}
	op, err := gcs.NewOperation(gcs.Operation{Zones: []airspace.Zone{zone}})
	require.NoError(t, err)
	m.Operation = &gcs.OperationStore{}
	m.Operation.Set(op)
	hundred := 100.0
	link.Kept = gcs.VehicleFence{KeptRadius: &hundred}
	_, err = m.UploadOverride(context.Background(), "a-1", testPlan(), nil, &gcs.Override{By: "Ana", Reason: "test"})
	require.ErrorIs(t, err, gcs.ErrUnlawfulPlan)
	require.ErrorIs(t, err, gcs.ErrFenceCutsRoute)
	require.Zero(t, link.Writes("a-1"))
}
