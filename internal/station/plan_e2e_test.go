package station_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/mission"
	"skerry/mission/mavlink"
	"skerry/mission/planfile"
	"skerry/sim"
	"skerry/telemetry"
)

func readPlanFile(t *testing.T, name string) *mission.Plan {
	t.Helper()
	data, err := os.ReadFile("../../mission/testdata/" + name)
	require.NoError(t, err)
	p, issues, err := planfile.ReadQGCPlan(bytes.NewReader(data))
	require.NoError(t, err)
	require.False(t, issues.HasErrors(), issues)
	return p
}

// portPlan is QGroundControl's port perimeter plan with the fence radius
// the pilot gives it: a .plan file cannot carry one, and ArduCopter's own
// circle fence (300 m) would stop the patrol (TestUploadKeepsTheCopters
// CircleFence).
func portPlan(t *testing.T) *mission.Plan {
	p := readPlanFile(t, "port_perimeter.plan")
	r := 3000.0
	p.Fence.Radius = &r
	return p
}

// TestQGCPlanFliesToCompletionAndDownloadsBack uploads a plan saved by
// QGroundControl (mission, fence, rally), flies it in AUTO to the end and
// reads it back from the vehicle.
func TestQGCPlanFliesToCompletionAndDownloadsBack(t *testing.T) {
	w := startWorld(t, worldOpts{vehicles: 2, links: 1, speedup: 20})
	waitFor(t, 30*time.Second, "vehicles ready", w.ready(2))
	const id = gcs.VehicleID("l1-2") // starts at Isla Verde, inside the plan's fence
	ctx := context.Background()
	plan := portPlan(t)
	rep, err := w.st.Missions.Upload(ctx, id, plan, nil)
	require.NoError(t, err, rep.Issues)
	require.Equal(t, len(plan.Mission)+1, rep.Mission, "ArduPilot counts home as item 0")

	got, _, err := w.st.Missions.Download(ctx, id, nil)
	require.NoError(t, err)
	samePlan(t, plan, got)

	r := w.st.Commander.Do(ctx, []gcs.VehicleID{id}, gcs.Command{Kind: gcs.CmdMissionStart})
	require.True(t, r[0].OK, r[0].Error)
	waitFor(t, 20*time.Second, "mission active", func() bool {
		v, _ := w.st.Fleet.Vehicle(id)
		return v.Mode == "AUTO" && v.Armed
	})
	last := len(plan.Mission) // MAVLink seq of the last item (home is 0)
	waitFor(t, 180*time.Second, "mission flown, landed and disarmed", func() bool {
		v, _ := w.st.Fleet.Vehicle(id)
		return !v.Armed && v.Mission.Reached == last
	})
	v, _ := w.st.Fleet.Vehicle(id)
	land := plan.Mission[len(plan.Mission)-1].(mission.Land)
	require.Less(t, metres(v.Position, gcs.Position{Lat: land.Pos.Lat(), Lon: land.Pos.Lon()}), 5.0, "landed where the plan says")
	for _, a := range w.st.Fleet.Alerts() {
		require.NotContains(t, a.Kind, "fence", "no fence alert along a lawful route: %s", a.Message)
	}
}

// samePlan compares what a vehicle gives back with what was sent, float
// round-off (float32, 1e-7 degrees) aside.
func samePlan(t *testing.T, want, got *mission.Plan) {
	t.Helper()
	wi, _ := mavlink.MissionItems(nil, want.Mission, mavlink.PX4)
	gi, _ := mavlink.MissionItems(nil, got.Mission, mavlink.PX4)
	require.Len(t, gi, len(wi))
	for i := range wi {
		a, b := wi[i], gi[i]
		require.Equal(t, a.Command, b.Command, "item %d", i)
		require.InDelta(t, a.X, b.X, 1, "item %d lat", i)
		require.InDelta(t, a.Y, b.Y, 1, "item %d lon", i)
		require.InDelta(t, a.Z, b.Z, 0.01, "item %d alt", i)
		if a.Command != 16 { // ArduCopter keeps no acceptance radius
			require.InDelta(t, a.Param1, b.Param1, 1e-3, "item %d param1", i)
		}
	}
	require.Len(t, got.Fence.Zones, len(want.Fence.Zones))
	for i, z := range want.Fence.Zones {
		g := got.Fence.Zones[i]
		require.Equal(t, z.Inclusion, g.Inclusion, "zone %d", i)
		require.Equal(t, z.Circle != nil, g.Circle != nil, "zone %d", i)
		if z.Circle != nil {
			require.InDelta(t, z.Circle.Radius, g.Circle.Radius, 0.01)
			continue
		}
		require.Len(t, g.Polygon, len(z.Polygon))
		for j := range z.Polygon {
			require.InDelta(t, z.Polygon[j][0], g.Polygon[j][0], 1e-6)
			require.InDelta(t, z.Polygon[j][1], g.Polygon[j][1], 1e-6)
		}
	}
	if want.Fence.Radius != nil {
		require.NotNil(t, got.Fence.Radius, "the radius comes back from FENCE_RADIUS")
		require.InDelta(t, *want.Fence.Radius, *got.Fence.Radius, 0.01)
	}
	require.Len(t, got.Rally, len(want.Rally))
	for i := range want.Rally {
		require.InDelta(t, want.Rally[i].Pos.Lat(), got.Rally[i].Pos.Lat(), 1e-6)
		require.InDelta(t, want.Rally[i].Pos.Alt.M, got.Rally[i].Pos.Alt.M, 0.01)
	}
}

// TestPushedBreachIsPredictedThenReported pushes a vehicle out of its
// fence: the station warns first, then the autopilot reports the breach
// (FENCE_STATUS), returns, and the station raises its alerts.
func TestPushedBreachIsPredictedThenReported(t *testing.T) {
	w := startWorld(t, worldOpts{vehicles: 2, links: 1, speedup: 5})
	waitFor(t, 30*time.Second, "vehicles ready", w.ready(2))
	const id = gcs.VehicleID("l1-2")
	ctx := context.Background()
	_, err := w.st.Missions.Upload(ctx, id, portPlan(t), nil)
	require.NoError(t, err)
	v, _ := w.st.Fleet.Vehicle(id)
	require.True(t, v.Watch.Watching)

	sub := w.st.Events.Subscribe()
	defer sub.Cancel()
	r := w.st.Commander.Do(ctx, []gcs.VehicleID{id}, gcs.Command{Kind: gcs.CmdTakeoff, Altitude: 30})
	require.True(t, r[0].OK, r[0].Error)
	waitFor(t, 30*time.Second, "at 30 m", func() bool {
		v, _ := w.st.Fleet.Vehicle(id)
		return v.Position.AltRel > 29
	})
	// Hover 150 m south of the fence's northern edge (36.13), then a
	// violent gust pushes the vehicle north across it.
	r = w.st.Commander.Do(ctx, []gcs.VehicleID{id}, gcs.Command{Kind: gcs.CmdGoTo, Lat: 36.13 - 150/111195.0, Lon: -5.434, Altitude: 30})
	require.True(t, r[0].OK, r[0].Error)
	waitFor(t, 60*time.Second, "near the edge", func() bool {
		v, _ := w.st.Fleet.Vehicle(id)
		return math.Abs(v.Position.Lat-(36.13-150/111195.0)) < 5/111195.0 && v.GroundSpeed < 0.5
	})
	require.Empty(t, activeKinds(w.st.Fleet.Alerts(), id), "hovering inside: no alert")
	w.sim.Push(1, 300, 0)
	var raised []string
	waitFor(t, 60*time.Second, "breach reported by autopilot and station, vehicle returning", func() bool {
		for _, ev := range sub.Next() {
			if a, ok := ev.(gcs.AlertEvent); ok && a.Alert.Vehicle == id && a.Alert.Active {
				raised = append(raised, a.Alert.Kind)
			}
		}
		v, _ := w.st.Fleet.Vehicle(id)
		return v.Fence.Breached && v.Mode == "RTL" && contains(raised, "fence_breach") && contains(raised, "fence_autopilot")
	})
	require.Equal(t, "fence_warning", firstOf(raised, "fence_warning", "fence_breach"), "warned before the breach: %v", raised)
	v, _ = w.st.Fleet.Vehicle(id)
	require.Equal(t, "boundary", v.Fence.Type)
	require.GreaterOrEqual(t, v.Fence.Count, 1)
}

// firstOf returns whichever of a and b comes first in list.
func firstOf(list []string, a, b string) string {
	for _, s := range list {
		if s == a || s == b {
			return s
		}
	}
	return ""
}

// TestTransfersSurviveTwentyPercentLoss moves 20 missions of 100 items up
// and back down through a simulated link that loses 20% of the frames in
// each direction, one per vehicle, all at once, with the default retry
// budget.
//
// Time is compressed only twice: the simulator runs 2 times faster
// (ArduPilot re-requests an item after 1 s of its time and gives up after
// 8 s) and the station's timeouts are QGroundControl's in simulated time.
// Compression shortens the protocol's timers but not the round trip
// through the scheduler, which under -race on a loaded machine reaches a
// good part of 100 ms: at 10 times (25 ms item timeout, re-requests every
// 100 ms) late answers counted as losses and used up the budget. The link
// timeout only catches a hang: it is not what is tested.
func TestTransfersSurviveTwentyPercentLoss(t *testing.T) {
	const (
		speedup  = 2
		vehicles = 20
		trips    = 1 // round trips per vehicle
	)
	timing := telemetry.MissionTiming{MissionAckTimeout: 1500 * time.Millisecond / speedup, MissionItemTimeout: 250 * time.Millisecond / speedup}
	w := startWorld(t, worldOpts{vehicles: vehicles, links: 1, speedup: speedup, timing: timing, timeout: 10 * time.Second})
	waitFor(t, 30*time.Second, "20 vehicles", func() bool { return len(w.st.Fleet.IDs()) == vehicles })
	w.sim.SetFaults(0, 0, sim.Faults{DropOut: 0.2, DropIn: 0.2})
	ids := w.st.Fleet.IDs()
	errs := make(chan error, vehicles*trips)
	for i, id := range ids {
		go func() {
			for j := range trips {
				errs <- roundTrip(context.Background(), w, id, patrolItems(100, i*trips+j))
			}
		}()
	}
	for range vehicles * trips {
		require.NoError(t, <-errs)
	}
}

// roundTrip uploads items and checks that the download gives them back.
func roundTrip(ctx context.Context, w *world, id gcs.VehicleID, items []mavlink.MAVItem) error {
	if err := w.st.Telemetry.Upload(ctx, id, mavlink.TypeMission, items, nil); err != nil {
		return err
	}
	got, err := w.st.Telemetry.Download(ctx, id, mavlink.TypeMission, nil)
	if err != nil {
		return err
	}
	if len(got) != len(items) {
		return fmt.Errorf("%s: %d items back, %d sent", id, len(got), len(items))
	}
	for i := 1; i < len(items); i++ { // seq 0 is the vehicle's home
		if got[i].X != items[i].X || got[i].Y != items[i].Y || got[i].Z != items[i].Z {
			return fmt.Errorf("%s: item %d changed on the round trip", id, i)
		}
	}
	return nil
}

// patrolItems is home plus n-1 waypoints, different for every k.
func patrolItems(n, k int) []mavlink.MAVItem {
	items := make([]mavlink.MAVItem, n)
	for i := range items {
		x, _ := mavlink.DegE7(36.12 + float64(i)*1e-4 + float64(k)*1e-6)
		y, _ := mavlink.DegE7(-5.43 - float64(i%7)*1e-4)
		items[i] = mavlink.MAVItem{Seq: uint16(i), Frame: 3, Command: 16, Autocontinue: 1, X: x, Y: y, Z: float32(20 + i%30)}
	}
	return items
}

// TestPauseResumeAndJump drives a mission from the station: pause holds
// the vehicle, resume continues, jump makes another item current.
func TestPauseResumeAndJump(t *testing.T) {
	w := startWorld(t, worldOpts{vehicles: 2, links: 1, speedup: 10})
	waitFor(t, 30*time.Second, "vehicles ready", w.ready(2))
	const id = gcs.VehicleID("l1-2")
	ctx := context.Background()
	_, err := w.st.Missions.Upload(ctx, id, portPlan(t), nil)
	require.NoError(t, err)
	do := func(c gcs.Command) {
		t.Helper()
		r := w.st.Commander.Do(ctx, []gcs.VehicleID{id}, c)
		require.True(t, r[0].OK, "%s: %s", c.Kind, r[0].Error)
	}
	vehicle := func() gcs.Vehicle { v, _ := w.st.Fleet.Vehicle(id); return v }
	do(gcs.Command{Kind: gcs.CmdMissionStart})
	waitFor(t, 30*time.Second, "at item 2", func() bool { return vehicle().Mission.Current >= 2 })
	do(gcs.Command{Kind: gcs.CmdPause})
	waitFor(t, 10*time.Second, "paused and holding", func() bool {
		v := vehicle()
		return (v.Mode == "BRAKE" || v.Mode == "LOITER") && v.GroundSpeed < 0.3
	})
	held := vehicle()
	do(gcs.Command{Kind: gcs.CmdJump, Seq: 4})
	do(gcs.Command{Kind: gcs.CmdResume})
	waitFor(t, 10*time.Second, "resumed at item 4", func() bool {
		v := vehicle()
		return v.Mode == "AUTO" && v.Mission.Current == 4
	})
	waitFor(t, 30*time.Second, "moving again", func() bool { return metres(vehicle().Position, held.Position) > 20 })
}

// TestClearedFenceLeavesAVehicleThatArms clears a plan with a polygon fence:
// the station undoes the FENCE_TYPE and FENCE_ENABLE it set, so ArduPilot
// does not refuse to arm with "Fences enabled, but none selected".
func TestClearedFenceLeavesAVehicleThatArms(t *testing.T) {
	w := startWorld(t, worldOpts{vehicles: 2, links: 1, speedup: 5})
	waitFor(t, 30*time.Second, "vehicles ready", w.ready(2))
	const id = gcs.VehicleID("l1-2")
	ctx := context.Background()
	_, err := w.st.Missions.Upload(ctx, id, portPlan(t), nil)
	require.NoError(t, err)
	issues, err := w.st.Missions.Clear(ctx, id)
	require.NoError(t, err)
	var said []string
	for _, i := range issues {
		said = append(said, i.Message)
	}
	require.Contains(t, said, "restores FENCE_ENABLE = 0, as before the upload", "the pilot is told what changed")
	require.Contains(t, said, "restores FENCE_RADIUS = 300, as before the upload")
	requireParams(t, w, id, map[string]float64{"FENCE_ENABLE": 0, "FENCE_TYPE": 7, "FENCE_RADIUS": 300}, "as the copter had it")

	r := w.st.Commander.Do(ctx, []gcs.VehicleID{id}, gcs.Command{Kind: gcs.CmdArm})
	require.True(t, r[0].OK, "arming after the clear: %s", r[0].Error)
}

// TestUploadKeepsTheCoptersCircleFence: ArduCopter out of the box has
// FENCE_TYPE 7 (ceiling, circle, polygon), 100 m and 300 m. Uploading a
// polygon keeps that (before, the station set FENCE_TYPE 4 and switched
// the copter's own ceiling and circle off). QGroundControl's port plan
// patrols farther than 300 m from home, so the copter would turn back:
// the upload is refused with the reason and what it would have changed,
// before anything is written; with a radius in the plan it goes.
func TestUploadKeepsTheCoptersCircleFence(t *testing.T) {
	w := startWorld(t, worldOpts{vehicles: 2, links: 1, speedup: 5})
	waitFor(t, 30*time.Second, "vehicles ready", w.ready(2))
	file, err := os.ReadFile("../../mission/testdata/port_perimeter.plan")
	require.NoError(t, err)
	var refused struct {
		OK           bool   `json:"ok"`
		Error        string `json:"error"`
		VehicleFence struct {
			KeptRadius  *float64 `json:"kept_radius"`
			KeptCeiling *float64 `json:"kept_ceiling"`
			Changes     []struct {
				Name string  `json:"name"`
				From float64 `json:"from"`
				To   float64 `json:"to"`
			} `json:"changes"`
		} `json:"vehicle_fence"`
	}
	code := api(t, w.st, "PUT", "/api/vehicles/l1-2/plan", string(file), &refused)
	require.Equal(t, 422, code, refused.Error)
	require.Contains(t, refused.Error, "beyond the fence radius of 300 m")
	require.Equal(t, 300.0, *refused.VehicleFence.KeptRadius)
	require.Equal(t, 100.0, *refused.VehicleFence.KeptCeiling)
	require.Equal(t, "FENCE_ENABLE", refused.VehicleFence.Changes[0].Name)
	ctx := context.Background()
	requireParams(t, w, "l1-2", map[string]float64{"FENCE_ENABLE": 0, "FENCE_TYPE": 7}, "untouched")

	rep, err := w.st.Missions.Upload(ctx, "l1-2", portPlan(t), nil)
	require.NoError(t, err)
	var changes []string
	for _, c := range rep.VehicleFence.Changes {
		changes = append(changes, c.String())
	}
	require.Equal(t, []string{"FENCE_RADIUS 300 → 3000 (the plan's radius from home)", "FENCE_ENABLE 0 → 1 (so that the autopilot enforces the fence)"}, changes)
	requireParams(t, w, "l1-2", map[string]float64{"FENCE_ENABLE": 1, "FENCE_TYPE": 7, "FENCE_RADIUS": 3000, "FENCE_ALT_MAX": 100}, "after the upload")
}

// requireParams reads parameters from vehicle id and compares them.
func requireParams(t *testing.T, w *world, id gcs.VehicleID, want map[string]float64, when string) {
	t.Helper()
	for name, v := range want {
		got, err := w.st.Telemetry.ReadParam(context.Background(), id, name)
		require.NoError(t, err)
		require.Equal(t, v, got, "%s %s", name, when)
	}
}
