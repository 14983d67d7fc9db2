package gcs

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The bay: a boat at (36.15, -5.38); drones west of it.
const boatLat, boatLon = 36.15, -5.38

func TestInspectChoosesTheNearestSuitableDrone(t *testing.T) {
	w := newInspectWorld(t, nil)
	w.boat("ais-224765432", boatLat, boatLon, Unknown, Unknown)
	w.drone("near-low", boatLat, boatLon-0.01, 12, false) // 900 m, 12 %
	w.drone("mid", boatLat, boatLon-0.03, 90, false)      // 2.7 km
	w.drone("far", boatLat, boatLon-0.04, 100, false)     // 3.6 km
	w.drone("unknown", boatLat, boatLon-0.005, Unknown, false)
	w.drone("grounded", boatLat, boatLon-0.035, 100, true)
	ctx := context.Background()

	plan, err := w.insp.Plan(ctx, InspectRequest{Target: "ais-224765432"})
	require.NoError(t, err)
	require.Equal(t, VehicleID("mid"), plan.Vehicle, "the nearest with battery for it")
	require.Equal(t, DefaultInspectRadius, plan.Radius)
	require.Equal(t, DefaultInspectAltitude, plan.Altitude)
	require.Len(t, plan.Points, DefaultInspectPoints)
	for _, p := range plan.Points {
		require.InDelta(t, DefaultInspectRadius, distance(p, plan.Vessel), 1)
	}
	require.InDelta(t, 2700-150, plan.Distance, 60, "to the orbit's nearest point")
	byID := map[VehicleID]InspectCandidate{}
	for _, c := range plan.Candidates {
		byID[c.Vehicle] = c
	}
	require.Len(t, byID, 5)
	require.False(t, byID["near-low"].Eligible)
	require.Contains(t, strings.Join(byID["near-low"].Reasons, " "), "battery 12 % is short of")
	require.False(t, byID["unknown"].Eligible)
	require.Contains(t, strings.Join(byID["unknown"].Reasons, " "), "battery unknown")
	require.True(t, byID["far"].Eligible)
	require.True(t, byID["grounded"].Eligible)
	require.Equal(t, TaskIdle, byID["grounded"].Task)
	require.Equal(t, TaskAirborne, byID["mid"].Task)
	require.True(t, byID["mid"].Chosen)
	require.Equal(t, VehicleID("mid"), plan.Candidates[0].Vehicle, "ranked first")

	// The pilot may name another: a fit one, or one whose battery is
	// unknown (a warning says so); never one short of battery.
	plan, err = w.insp.Plan(ctx, InspectRequest{Target: "ais-224765432", Vehicle: "far", Radius: 200, Altitude: 60})
	require.NoError(t, err)
	require.Equal(t, VehicleID("far"), plan.Vehicle)
	require.Equal(t, 200.0, plan.Radius)
	plan, err = w.insp.Plan(ctx, InspectRequest{Target: "ais-224765432", Vehicle: "unknown"})
	require.NoError(t, err)
	require.Contains(t, strings.Join(plan.Warnings, " "), "battery unknown")
	_, err = w.insp.Plan(ctx, InspectRequest{Target: "ais-224765432", Vehicle: "near-low"})
	require.ErrorIs(t, err, ErrInspectNoDrone)
	require.Contains(t, err.Error(), "battery 12 % is short of")
	_, err = w.insp.Plan(ctx, InspectRequest{Target: "ais-224765432", Vehicle: "nobody"})
	require.ErrorIs(t, err, ErrUnknownVehicle)

	// Bad requests.
	_, err = w.insp.Plan(ctx, InspectRequest{Target: "v404"})
	require.ErrorIs(t, err, ErrNoTarget)
	_, err = w.insp.Plan(ctx, InspectRequest{Incident: "i404"})
	require.ErrorIs(t, err, ErrNoIncident)
	_, err = w.insp.Plan(ctx, InspectRequest{})
	require.ErrorIs(t, err, ErrInvalidCommand)
	for _, bad := range []InspectRequest{{Target: "x", Radius: 5}, {Target: "x", Radius: math.NaN()}, {Target: "x", Altitude: 1000}, {Target: "x", Altitude: -1}} {
		_, err = w.insp.Plan(ctx, bad)
		require.ErrorIs(t, err, ErrInvalidCommand, "%+v", bad)
	}
}

func TestInspectFromAnIncident(t *testing.T) {
	w := newInspectWorld(t, nil)
	w.boat("v7", boatLat, boatLon, Unknown, Unknown)
	w.drone("a-1", boatLat, boatLon-0.01, 90, false)
	w.tgts.incidents = map[string]Incident{
		"inc-1":    {ID: "inc-1", Vessels: []IncidentVessel{{Target: "v7"}, {Target: "v8"}}},
		"inc-no":   {ID: "inc-no"},
		"inc-gone": {ID: "inc-gone", Lat: boatLat, Lon: boatLon + 0.002, Vessels: []IncidentVessel{{Target: "v9"}}},
	}
	plan, err := w.insp.Plan(context.Background(), InspectRequest{Incident: "inc-1"})
	require.NoError(t, err)
	require.Equal(t, VesselID("v7"), plan.Target, "the incident's first vessel")
	require.Equal(t, "inc-1", plan.Incident)
	_, err = w.insp.Plan(context.Background(), InspectRequest{Incident: "inc-no"})
	require.ErrorIs(t, err, ErrNoTarget, "no vessel and no place")
	gone, err := w.insp.Plan(context.Background(), InspectRequest{Incident: "inc-gone"})
	require.NoError(t, err, "its vessel left the picture: its place")
	require.Equal(t, VesselID(InspectPlacePrefix+"inc-gone"), gone.Target)
	require.Contains(t, gone.Warnings, "no vessel of the picture to follow: the drone circles the incident's place")
}

// An incident raised at a point of the map, with no vessel: the drone
// circles the place, which never goes missing while the incident is there.
func TestInspectAPlace(t *testing.T) {
	w := newInspectWorld(t, nil)
	w.drone("a-1", boatLat, boatLon-0.01, 90, false)
	w.tgts.incidents = map[string]Incident{"inc-p": {ID: "inc-p", Lat: boatLat, Lon: boatLon, Raised: w.clk.now()}}
	ctx := context.Background()
	plan, err := w.insp.Plan(ctx, InspectRequest{Incident: "inc-p"})
	require.NoError(t, err)
	require.Equal(t, VesselID(InspectPlacePrefix+"inc-p"), plan.Target)
	require.InDelta(t, boatLat, plan.Vessel.Lat, 1e-9)
	for _, p := range plan.Points {
		require.InDelta(t, plan.Radius, distance(p, Position{Lat: boatLat, Lon: boatLon}), 2)
	}
	s, err := w.insp.Start(ctx, InspectRequest{Incident: "inc-p", Vehicle: "a-1", Confirm: true, By: "ana"})
	require.NoError(t, err)
	require.Equal(t, plan.Target, s.Target)
	for range 5 {
		w.clk.advance(time.Minute) // far longer than a vessel may go unheard
		s = w.step(t, s.ID)
		require.True(t, s.Active(), "ended: %s", s.EndReason)
	}
	look, ok := w.up.last("a-1", CmdLookAt)
	require.True(t, ok, "the camera on the place")
	require.InDelta(t, boatLat, look.Lat, 1e-6)
	delete(w.tgts.incidents, "inc-p") // the incident is gone
	w.clk.advance(2 * time.Minute)
	s = w.step(t, s.ID)
	require.False(t, s.Active())
	require.Contains(t, s.EndReason, InspectEndLost)
}

func TestInspectNoDroneFitSaysWhy(t *testing.T) {
	w := newInspectWorld(t, nil)
	w.boat("v1", boatLat, boatLon, Unknown, Unknown)
	w.drone("a-1", boatLat, boatLon-0.01, 10, false)
	_, err := w.insp.Plan(context.Background(), InspectRequest{Target: "v1"})
	var ie *InspectError
	require.ErrorAs(t, err, &ie)
	require.ErrorIs(t, err, ErrInspectNoDrone)
	require.Len(t, ie.Candidates, 1)
	require.Contains(t, ie.Reasons[0], "a-1: battery 10 %")
}

// A vessel in the middle of a prohibited circle (P1, 200 m round): the
// orbit widens until it keeps outside; with no room to widen, a refusal
// that names the zone.
func TestInspectOrbitKeepsOutOfAProhibitedZone(t *testing.T) {
	w := newInspectWorld(t, prohibitedCircle(t))
	w.boat("v1", 36.15, -5.389, Unknown, Unknown)
	w.drone("a-1", 36.15, -5.40, 90, false) // 1 km west
	plan, err := w.insp.Plan(context.Background(), InspectRequest{Target: "v1"})
	require.NoError(t, err)
	require.Greater(t, plan.Radius, 200.0)
	for _, p := range plan.Points {
		require.Greater(t, distance(p, Position{Lat: 36.15, Lon: -5.389}), 200.0)
	}
	require.Contains(t, strings.Join(plan.Warnings, " "), "orbit widened from 150 m")

	w.insp.MaxRadius = 200
	_, err = w.insp.Plan(context.Background(), InspectRequest{Target: "v1"})
	require.ErrorIs(t, err, ErrInspectNoOrbit)
	require.Contains(t, err.Error(), "P1")
	var ie *InspectError
	require.ErrorAs(t, err, &ie)
	require.False(t, ie.Candidates[0].Eligible)
	require.Contains(t, strings.Join(ie.Candidates[0].Reasons, " "), "no lawful orbit")
}

func TestInspectStartNeedsTheConfirmation(t *testing.T) {
	w := newInspectWorld(t, nil)
	w.boat("v1", boatLat, boatLon, Unknown, Unknown)
	w.drone("a-1", boatLat, boatLon-0.01, 90, false)
	_, err := w.insp.Start(context.Background(), InspectRequest{Target: "v1", Vehicle: "a-1"})
	require.ErrorIs(t, err, ErrInspectConfirm)
	_, err = w.insp.Start(context.Background(), InspectRequest{Target: "v1", Confirm: true})
	require.ErrorIs(t, err, ErrInspectConfirm)
	require.Empty(t, w.up.kinds("a-1"), "nothing sent")
	require.Empty(t, w.insp.Sessions())
}
