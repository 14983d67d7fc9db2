package gcs

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The session flies to the vessel, then circles it as it moves, every
// go-to at the radius round where the vessel is reckoned, the camera at
// it; the pilot ends it and the drone goes home.
func TestInspectSessionFollowsAMovingVessel(t *testing.T) {
	w := newInspectWorld(t, nil)
	sub := w.f.Events.Subscribe()
	defer sub.Cancel()
	east := Reading(90)
	w.boat("v1", boatLat, boatLon, east, 4) // 4 m/s east
	w.drone("a-1", boatLat, boatLon-0.01, 90, false)
	ctx := context.Background()
	s, err := w.insp.Start(ctx, InspectRequest{Target: "v1", Vehicle: "a-1", Confirm: true, By: "ana"})
	require.NoError(t, err)
	require.Equal(t, InspectTransit, s.Phase)
	require.Equal(t, "ana", s.By)

	// The first step: a go-to to the near side of the orbit.
	s = w.step(t, s.ID)
	require.Equal(t, InspectTransit, s.Phase)
	gt, ok := w.up.last("a-1", CmdGoTo)
	require.True(t, ok)
	require.InDelta(t, 150, distance(Position{Lat: gt.Lat, Lon: gt.Lon}, Position{Lat: boatLat, Lon: boatLon}), 2)
	require.Less(t, gt.Lon, boatLon, "on the drone's side")
	require.Equal(t, 50.0, gt.Altitude)
	look, ok := w.up.last("a-1", CmdLookAt)
	require.True(t, ok)
	require.InDelta(t, boatLat, look.Lat, 1e-6)

	// The boat sails on; the drone arrives and circles it.
	var laps []float64
	for k := range 12 {
		w.clk.advance(5 * time.Second)
		now := w.clk.now()
		at := around(latLon{boatLat, boatLon}, 4*float64(k+1)*5, 90)
		if k%2 == 0 { // a report every other step: dead reckoning in between
			w.tgts.set(Target{ID: "v1", Lat: at.Lat, Lon: at.Lon, At: now, LastSeen: now, Course: east, Speed: 4})
		}
		if gt, ok := w.up.last("a-1", CmdGoTo); ok { // the drone got where it was sent
			w.move("a-1", gt.Lat, gt.Lon)
		}
		s = w.step(t, s.ID)
		laps = append(laps, s.Laps)
		require.InDelta(t, 0, distance(s.Vessel, Position{Lat: at.Lat, Lon: at.Lon}), 1, "reckoned where it is")
		gt, _ := w.up.last("a-1", CmdGoTo)
		require.InDelta(t, s.Radius, distance(Position{Lat: gt.Lat, Lon: gt.Lon}, s.Vessel), 2, "every aim on the orbit round the vessel")
		look, _ := w.up.last("a-1", CmdLookAt)
		require.InDelta(t, 0, distance(Position{Lat: look.Lat, Lon: look.Lon}, s.Vessel), 1, "the camera at the vessel")
	}
	require.Equal(t, InspectOrbit, s.Phase)
	require.Greater(t, s.Laps, 0.3, "it goes round: %v", laps)
	require.Equal(t, 0, s.Refused)

	// The pilot ends it: the camera freed, home (it flew no mission).
	s, err = w.insp.End(ctx, s.ID, "ana")
	require.NoError(t, err)
	require.Equal(t, InspectEnded, s.Phase)
	require.Equal(t, "pilot: ended by ana", s.EndReason)
	require.Equal(t, "return", s.Then)
	kinds := w.up.kinds("a-1")
	require.Equal(t, []CommandKind{CmdLookFree, CmdReturn}, kinds[len(kinds)-2:])
	require.False(t, s.Ended.IsZero())

	// Ending again is harmless; the consoles heard every state.
	again, err := w.insp.End(ctx, s.ID, "ana")
	require.NoError(t, err)
	require.Equal(t, s.EndReason, again.EndReason)
	var states []*InspectSession
	for len(states) == 0 || states[len(states)-1].Active() {
		select {
		case <-sub.C():
		case <-time.After(10 * time.Second):
			t.Fatal("no ended state announced")
		}
		for _, ev := range sub.Next() {
			if ie, ok := ev.(InspectEvent); ok {
				states = append(states, ie.Session)
			}
		}
	}
	require.Greater(t, len(states), 10)
	_, err = w.insp.End(ctx, "nope", "ana")
	require.ErrorIs(t, err, ErrNoInspection)
}

// A drone on its mission is taken, and given back: the pilot's end
// resumes the mission; the battery's sends it home.
func TestInspectEndsOnBatteryOrPilotAndGivesTheDroneBack(t *testing.T) {
	for _, tc := range []struct {
		name, reason string
		then         CommandKind
	}{{"pilot", InspectEndPilot, CmdResume}, {"battery", InspectEndBattery, CmdReturn}} {
		t.Run(tc.name, func(t *testing.T) {
			w := newInspectWorld(t, nil)
			w.boat("v1", boatLat, boatLon, Unknown, Unknown)
			w.drone("a-1", boatLat, boatLon-0.01, 90, false)
			observe(w.f, "a-1", Identity{Type: "quadrotor", Autopilot: "ardupilot", Mode: "AUTO", Armed: true})
			observe(w.f, "a-1", MissionProgress{Current: 3, Total: 8, State: "active"})
			w.f.Vehicles()
			plan, err := w.insp.Plan(context.Background(), InspectRequest{Target: "v1"})
			require.NoError(t, err)
			require.Equal(t, TaskMission, plan.Task)
			require.Contains(t, strings.Join(plan.Warnings, " "), "resumes it afterwards")
			s, err := w.insp.Start(context.Background(), InspectRequest{Target: "v1", Vehicle: "a-1", Confirm: true})
			require.NoError(t, err)
			require.True(t, s.Resume)
			observe(w.f, "a-1", Identity{Type: "quadrotor", Autopilot: "ardupilot", Mode: "GUIDED", Armed: true})
			w.step(t, s.ID)
			if tc.name == "pilot" {
				s, err = w.insp.End(context.Background(), s.ID, "")
				require.NoError(t, err)
			} else {
				w.battery("a-1", 19) // the reserve alone is 20 %
				s = w.step(t, s.ID)
				require.Contains(t, s.EndReason, "19 % left")
			}
			require.Equal(t, InspectEnded, s.Phase)
			require.True(t, strings.HasPrefix(s.EndReason, tc.reason), s.EndReason)
			kinds := w.up.kinds("a-1")
			require.Equal(t, []CommandKind{CmdLookFree, tc.then}, kinds[len(kinds)-2:])
			require.Equal(t, map[CommandKind]string{CmdResume: "resume", CmdReturn: "return"}[tc.then], s.Then)
		})
	}
}

// A drone on the ground takes off first; the target lost for too long
// ends it; a drone already inspecting is not sent again.
func TestInspectTakesOffAndEndsWhenTheTargetIsLost(t *testing.T) {
	w := newInspectWorld(t, nil)
	w.boat("v1", boatLat, boatLon, Unknown, Unknown)
	w.drone("a-1", boatLat, boatLon-0.01, 100, true)
	ctx := context.Background()
	s, err := w.insp.Start(ctx, InspectRequest{Target: "v1", Vehicle: "a-1", Confirm: true})
	require.NoError(t, err)
	require.Equal(t, InspectTakeoff, s.Phase)
	s = w.step(t, s.ID)
	require.Equal(t, InspectTakeoff, s.Phase)
	tk, ok := w.up.last("a-1", CmdTakeoff)
	require.True(t, ok)
	require.Equal(t, 50.0, tk.Altitude)
	_, sent := w.up.last("a-1", CmdGoTo)
	require.False(t, sent, "no go-to before it has climbed")

	_, err = w.insp.Start(ctx, InspectRequest{Target: "v1", Vehicle: "a-1", Confirm: true})
	require.ErrorIs(t, err, ErrInspectNoDrone)
	require.Contains(t, err.Error(), "already inspecting")

	observe(w.f, "a-1", Identity{Type: "quadrotor", Autopilot: "ardupilot", Mode: "GUIDED", Armed: true})
	observe(w.f, "a-1", LandedUpdate{Landed: "in_air"})
	w.move("a-1", boatLat, boatLon-0.01)
	s = w.step(t, s.ID)
	require.Equal(t, InspectTransit, s.Phase)
	_, sent = w.up.last("a-1", CmdGoTo)
	require.True(t, sent)

	w.tgts.drop("v1")
	w.clk.advance(30 * time.Second)
	s = w.step(t, s.ID)
	require.True(t, s.Active(), "a short gap is dead-reckoned")
	w.clk.advance(31 * time.Second)
	s = w.step(t, s.ID)
	require.Equal(t, InspectEnded, s.Phase)
	require.True(t, strings.HasPrefix(s.EndReason, InspectEndLost), s.EndReason)
	require.Equal(t, "return", s.Then)
	require.Len(t, w.insp.Sessions(), 1)
}

// In the orbit, a point the law refuses is never sent: the orbit widens,
// turns back or holds; when nothing is lawful it ends and says why.
func TestInspectSessionNeverSendsAnUnlawfulPoint(t *testing.T) {
	w := newInspectWorld(t, prohibitedCircle(t))   // P1: 200 m round (36.15, -5.389)
	w.boat("v1", 36.15, -5.3945, Unknown, Unknown) // ~500 m west of P1's centre
	w.drone("a-1", 36.15, -5.40, 90, false)
	ctx := context.Background()
	s, err := w.insp.Start(ctx, InspectRequest{Target: "v1", Vehicle: "a-1", Confirm: true})
	require.NoError(t, err)
	for range 5 {
		if gt, ok := w.up.last("a-1", CmdGoTo); ok {
			w.move("a-1", gt.Lat, gt.Lon)
		}
		s = w.step(t, s.ID)
	}
	require.Equal(t, InspectOrbit, s.Phase)
	// The boat drifts into P1: the orbit's points there are refused.
	w.boat("v1", 36.15, -5.389, Unknown, Unknown)
	for range 20 {
		if !s.Active() {
			break
		}
		if gt, ok := w.up.last("a-1", CmdGoTo); ok {
			w.move("a-1", gt.Lat, gt.Lon)
		}
		s = w.step(t, s.ID)
	}
	w.up.mu.Lock()
	for k, c := range w.up.cmds {
		if c.Kind == CmdGoTo {
			require.Greater(t, distance(Position{Lat: c.Lat, Lon: c.Lon}, Position{Lat: 36.15, Lon: -5.389}), 200.0, "order %d sent into P1", k)
		}
	}
	w.up.mu.Unlock()
	require.Positive(t, s.Refused)
	t.Logf("after the drift: phase %s, radius %.0f m, %d sent, %d refused, end %q, warnings %q", s.Phase, s.Radius, s.Sent, s.Refused, s.EndReason, s.Warnings)
	require.Equal(t, InspectOrbit, s.Phase, "still circling, wider: %s", s.EndReason)
	require.Greater(t, s.Radius, 200.0)
	require.Contains(t, strings.Join(s.Warnings, " "), "orbit widened to")

}

// A session that cannot find any lawful point ends and says why.
func TestInspectSessionEndsWhenTheLawLeavesNoPoint(t *testing.T) {
	w := newInspectWorld(t, prohibitedCircle(t))
	w.boat("v1", 36.15, -5.3945, Unknown, Unknown)
	w.drone("a-1", 36.15, -5.40, 90, false)
	w.insp.MaxRadius = 150 // set before any session reads it
	ctx := context.Background()
	s, err := w.insp.Start(ctx, InspectRequest{Target: "v1", Vehicle: "a-1", Confirm: true})
	require.NoError(t, err)
	for range 5 {
		if gt, ok := w.up.last("a-1", CmdGoTo); ok {
			w.move("a-1", gt.Lat, gt.Lon)
		}
		s = w.step(t, s.ID)
	}
	require.Equal(t, InspectOrbit, s.Phase)
	w.boat("v1", 36.15, -5.389, Unknown, Unknown)
	for range 10 {
		s = w.step(t, s.ID)
	}
	require.Equal(t, InspectEnded, s.Phase)
	require.True(t, strings.HasPrefix(s.EndReason, InspectEndRefused), s.EndReason)
	require.Contains(t, s.EndReason, "P1")
	require.Equal(t, "return", s.Then)
}

// Someone else takes the drone (another mode once it flew GUIDED for the
// inspection): the session ends and leaves it as it is, no order to
// return fighting the pilot's.
func TestInspectLetsThePilotTakeTheDrone(t *testing.T) {
	w := newInspectWorld(t, nil)
	w.boat("v1", boatLat, boatLon, Unknown, Unknown)
	w.drone("a-1", boatLat, boatLon-0.01, 90, false)
	s, err := w.insp.Start(context.Background(), InspectRequest{Target: "v1", Vehicle: "a-1", Confirm: true})
	require.NoError(t, err)
	s = w.step(t, s.ID)
	require.True(t, s.Active())
	observe(w.f, "a-1", Identity{Type: "quadrotor", Autopilot: "ardupilot", Mode: "LOITER", Armed: true})
	w.f.Vehicles()
	s = w.step(t, s.ID)
	require.Equal(t, InspectEnded, s.Phase)
	require.Equal(t, "vehicle: now in LOITER: someone else flies it", s.EndReason)
	require.Equal(t, "left as it is", s.Then)
	kinds := w.up.kinds("a-1")
	require.Equal(t, CmdLookFree, kinds[len(kinds)-1], "the camera freed, nothing else")
}

// Closing the inspector gives every drone back, and refuses new ones.
func TestInspectCloseGivesTheDronesBack(t *testing.T) {
	w := newInspectWorld(t, nil)
	w.boat("v1", boatLat, boatLon, Unknown, Unknown)
	w.drone("a-1", boatLat, boatLon-0.01, 90, false)
	s, err := w.insp.Start(context.Background(), InspectRequest{Target: "v1", Vehicle: "a-1", Confirm: true})
	require.NoError(t, err)
	w.step(t, s.ID)
	w.insp.Close()
	w.insp.Close()
	kinds := w.up.kinds("a-1")
	require.Equal(t, []CommandKind{CmdLookFree, CmdReturn}, kinds[len(kinds)-2:])
	_, err = w.insp.Start(context.Background(), InspectRequest{Target: "v1", Vehicle: "a-1", Confirm: true})
	require.ErrorIs(t, err, ErrInspectorClosed)
}

// A drone that refuses its go-tos is not flooded with every other orbit
// point: one a step, and after RefusedAfter steps the session ends.
func TestInspectDroneRefusingGoTosEndsTheSession(t *testing.T) {
	w := newInspectWorld(t, nil)
	w.up.Answer = func(_ VehicleID, c Command) error {
		if c.Kind == CmdGoTo {
			return &RejectedError{Command: "MAV_CMD_DO_REPOSITION", Result: 4, ResultName: "MAV_RESULT_FAILED"}
		}
		return nil
	}
	w.boat("v1", boatLat, boatLon, Unknown, Unknown)
	w.drone("a-1", boatLat, boatLon-0.002, 90, false) // already at the orbit
	s, err := w.insp.Start(context.Background(), InspectRequest{Target: "v1", Vehicle: "a-1", Confirm: true})
	require.NoError(t, err)
	for range 6 {
		s = w.step(t, s.ID)
	}
	gotos := 0
	for _, k := range w.up.kinds("a-1") {
		if k == CmdGoTo {
			gotos++
		}
	}
	require.Equal(t, 5, gotos, "one a step until it gives up")
	require.Equal(t, InspectEnded, s.Phase)
	require.Contains(t, s.EndReason, "MAV_RESULT_FAILED")
}

// A vessel that gets away from the orbit is chased: the session closes in
// on it again, aiming at the nearest point of the orbit.
func TestInspectClosesInOnAVesselThatGotAway(t *testing.T) {
	w := newInspectWorld(t, nil)
	w.boat("v1", boatLat, boatLon, Unknown, Unknown)
	w.drone("a-1", boatLat, boatLon-0.0017, 90, false) // 150 m west: on the orbit
	s, err := w.insp.Start(context.Background(), InspectRequest{Target: "v1", Vehicle: "a-1", Confirm: true})
	require.NoError(t, err)
	s = w.step(t, s.ID)
	require.Equal(t, InspectOrbit, s.Phase)
	w.boat("v1", boatLat, boatLon+0.01, Unknown, Unknown) // 900 m further east
	s = w.step(t, s.ID)
	require.Equal(t, InspectTransit, s.Phase)
	gt, _ := w.up.last("a-1", CmdGoTo)
	require.InDelta(t, s.Radius, distance(Position{Lat: gt.Lat, Lon: gt.Lon}, s.Vessel), 2)
	require.Less(t, gt.Lon, boatLon+0.01, "the near side")
	require.Contains(t, strings.Join(s.Warnings, " "), "closing in again")
}
