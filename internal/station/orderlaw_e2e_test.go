package station_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// TestGoToIntoAProhibitedZoneIsRefusedUnlessOverridden: a pilot's go-to
// through Gibraltar's prohibited LXGB01 is refused over the HTTP API with
// the zone named, and nothing is sent; the same order with an override
// (who and why) flies, and the result says under which override. A
// return is never refused.
func TestGoToIntoAProhibitedZoneIsRefusedUnlessOverridden(t *testing.T) {
	op, _ := portOperation(t)
	w := startLawWorld(t, op, 4, 10)
	st := w.st
	waitFor(t, 30*time.Second, "vehicles ready", w.ready(4))
	const id = "l1-4" // at La Línea, 1.3 km north of LXGB01
	var res struct{ Results []gcs.Result }
	require.Equal(t, 200, api(t, st, "POST", "/api/commands", `{"targets":["l1-4"],"command":{"kind":"takeoff","altitude":30}}`, &res))
	waitFor(t, 60*time.Second, "at 30 m", func() bool {
		v, _ := st.Fleet.Vehicle(id)
		return v.Position.AltRel > 28
	})
	v, _ := st.Fleet.Vehicle(id)

	// The runway of Gibraltar, in LXGB01.
	gotoRunway := `{"targets":["l1-4"],"command":{"kind":"goto","lat":36.151,"lon":-5.347,"altitude":30}%s}`
	code := api(t, st, "POST", "/api/commands", fmt.Sprintf(gotoRunway, ""), &res)
	require.Equal(t, 207, code)
	r := res.Results[0]
	require.False(t, r.OK)
	require.True(t, r.Overridable)
	require.Contains(t, r.Error, "goto refused")
	require.Contains(t, r.Error, "LXGB01")
	time.Sleep(time.Second) // ten simulated seconds: it would have moved
	now, _ := st.Fleet.Vehicle(id)
	require.Less(t, metres(now.Position, v.Position), 10.0, "the refused go-to was not sent")

	// An override needs who and why.
	require.Equal(t, 400, api(t, st, "POST", "/api/commands", fmt.Sprintf(gotoRunway, `,"override":{"by":"","reason":"x"}`), nil))

	code = api(t, st, "POST", "/api/commands", fmt.Sprintf(gotoRunway, `,"override":{"by":"pilot Ana Ruiz","reason":"Gibraltar ATC cleared the crossing, call 14:02"}`), &res)
	require.Equal(t, 200, code, "%+v", res)
	r = res.Results[0]
	require.True(t, r.OK, r.Error)
	require.Equal(t, "pilot Ana Ruiz", r.Override.By)
	require.NotEmpty(t, r.Overridden)
	require.True(t, strings.Contains(strings.Join(r.Overridden, " "), "LXGB01"))
	waitFor(t, 30*time.Second, "on its way to the runway", func() bool {
		now, _ := st.Fleet.Vehicle(id)
		return metres(now.Position, v.Position) > 50
	})
	// Overridden or not, a drone heading into LXGB01 is announced: the
	// warning ahead of the zone, then the breach.
	announced := func(kind string) func() bool {
		return func() bool {
			for _, a := range st.Fleet.Alerts() {
				if a.Vehicle == id && a.Kind == kind && strings.Contains(a.Message, "LXGB01") {
					return true
				}
			}
			return false
		}
	}
	waitFor(t, 60*time.Second, "zone_warning for LXGB01", announced("zone_warning"))
	waitFor(t, 60*time.Second, "zone_breach for LXGB01", announced("zone_breach"))

	// The override is journalled with the order, and survives it.
	var journal []gcs.OrderRecord
	require.Equal(t, 200, api(t, st, "GET", "/api/orders?overridden=1", "", &journal))
	require.Len(t, journal, 1)
	require.Equal(t, gcs.CmdGoTo, journal[0].Command.Kind)
	require.Equal(t, "Gibraltar ATC cleared the crossing, call 14:02", journal[0].Override.Reason)
	require.NotEmpty(t, journal[0].Overridden)
	require.Equal(t, 200, api(t, st, "GET", "/api/orders", "", &journal))
	require.GreaterOrEqual(t, len(journal), 3, "take-off, the refused go-to and the overridden one")
	require.False(t, journal[1].OK, "the refused go-to")

	// Return is a safety order: never refused for the law.
	require.Equal(t, 200, api(t, st, "POST", "/api/commands", `{"targets":["l1-4"],"command":{"kind":"return"}}`, &res))
	require.True(t, res.Results[0].OK, res.Results[0].Error)
}

// TestGoToBeyondTheVehiclesCircleFenceIsExplained: ArduCopter refuses a
// guided target beyond its own circle fence (FENCE_RADIUS) with a bare
// MAV_RESULT_FAILED; the station says why.
func TestGoToBeyondTheVehiclesCircleFenceIsExplained(t *testing.T) {
	w := startWorld(t, worldOpts{vehicles: 1, links: 1, speedup: 5})
	waitFor(t, 30*time.Second, "vehicle ready", w.ready(1))
	const id = gcs.VehicleID("l1-1")
	ctx := context.Background()
	require.NoError(t, w.st.Telemetry.WriteParam(ctx, id, "FENCE_ENABLE", 1)) // FENCE_TYPE 7 and FENCE_RADIUS 300 by default
	r := w.st.Commander.Do(ctx, []gcs.VehicleID{id}, gcs.Command{Kind: gcs.CmdTakeoff, Altitude: 20})
	require.True(t, r[0].OK, r[0].Error)
	waitFor(t, 30*time.Second, "at 20 m", func() bool {
		v, _ := w.st.Fleet.Vehicle(id)
		return v.Position.AltRel > 19
	})
	v, _ := w.st.Fleet.Vehicle(id)
	r = w.st.Commander.Do(ctx, []gcs.VehicleID{id}, gcs.Command{Kind: gcs.CmdGoTo, Lat: v.Home.Lat + 800/111195.0, Lon: v.Home.Lon, Altitude: 20})
	require.False(t, r[0].OK)
	require.Regexp(t, `MAV_RESULT_FAILED \(4\): the vehicle gave no reason; the station's explanation: the target is 8\d\d m from home, beyond the vehicle's circle fence \(FENCE_RADIUS 300 m\)`, r[0].Error)
	r = w.st.Commander.Do(ctx, []gcs.VehicleID{id}, gcs.Command{Kind: gcs.CmdGoTo, Lat: v.Home.Lat, Lon: v.Home.Lon, Altitude: 120})
	require.Contains(t, r[0].Error, "the target is 120 m above home, above the vehicle's fence ceiling (FENCE_ALT_MAX 100 m)")
	require.True(t, w.st.Commander.Do(ctx, []gcs.VehicleID{id}, gcs.Command{Kind: gcs.CmdGoTo, Lat: v.Home.Lat + 100/111195.0, Lon: v.Home.Lon, Altitude: 20})[0].OK)
}
