package station_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/internal/station"
	"skerry/mission"
	"skerry/mission/airspace"
	"skerry/mission/planner"
	"skerry/sim"
	"skerry/telemetry"
)

// TestLawfulCoastalPatrolIsPlannedCheckedAndFlown plans a coastal patrol
// for the demo port under the state-operations profile with an imported
// ED-269 zone file, has the station check and upload it, and flies it in
// the simulator; a plan through a prohibited zone is refused with its
// reasons.
func TestLawfulCoastalPatrolIsPlannedCheckedAndFlown(t *testing.T) {
	op, zones := portOperation(t)
	w := startLawWorld(t, op, 2, 20)
	st := w.st
	waitFor(t, 30*time.Second, "vehicles ready", w.ready(2))
	const id = gcs.VehicleID("l1-2") // at Isla Verde
	v, _ := st.Fleet.Vehicle(id)

	plan := coastalPatrol(t, zones, orb.Point{v.Position.Lon, v.Position.Lat})
	rep := op.Check(plan, &v, 0, time.Now())
	require.True(t, rep.Lawful, "%v", rep.Errors())

	ctx := context.Background()
	up, err := st.Missions.Upload(ctx, id, plan, nil)
	require.NoError(t, err)
	require.True(t, up.Check.Lawful)
	r := st.Commander.Do(ctx, []gcs.VehicleID{id}, gcs.Command{Kind: gcs.CmdMissionStart})
	require.True(t, r[0].OK, r[0].Error)
	last := len(plan.Mission) // ArduPilot: home is seq 0
	waitFor(t, 120*time.Second, "patrol flown and the vehicle home", func() bool {
		v, _ := st.Fleet.Vehicle(id)
		return v.Mission.Reached == last && !v.Armed
	})
	for _, a := range st.Fleet.Alerts() {
		require.NotContains(t, a.Kind, "fence", a.Message)
	}

	// The same patrol with a leg to Gibraltar's runway is refused.
	bad := *plan
	bad.Mission = append([]mission.Item(nil), plan.Mission...)
	gib := mission.At(36.151, -5.347, mission.Altitude{M: 60, Ref: mission.AltRelative})
	bad.Mission = append(bad.Mission[:2:2], append([]mission.Item{mission.Waypoint{Pos: gib}}, bad.Mission[2:]...)...)
	bad.Fence = mission.Fence{}
	up, err = st.Missions.Upload(ctx, id, &bad, nil)
	require.ErrorIs(t, err, gcs.ErrUnlawfulPlan)
	require.False(t, up.Check.Lawful)
	named := false
	for _, v := range up.Check.Errors() {
		named = named || (v.Rule == "airspace" && strings.Contains(v.Message, "LXGB01") && v.Source != "")
	}
	require.True(t, named, "the prohibited zone is named with its source: %v", up.Check.Errors())
}

// coastalPatrol plans 1.5 km of the bay's west shore, 250 m out, starting
// near start, around the zones the operation must avoid.
func coastalPatrol(t *testing.T, zones []airspace.Zone, start orb.Point) *mission.Plan {
	t.Helper()
	data, err := os.ReadFile("../../mission/planner/testdata/algeciras.geojson")
	require.NoError(t, err)
	fc, err := geojson.UnmarshalFeatureCollection(data)
	require.NoError(t, err)
	var coast orb.LineString
	var land, area orb.Polygon
	for _, f := range fc.Features {
		switch f.Properties["role"] {
		case "coast":
			coast = f.Geometry.(orb.LineString)
		case "land":
			land = f.Geometry.(orb.Polygon)
		case "area":
			area = f.Geometry.(orb.Polygon)
		}
	}
	excl := airspace.Exclusions(zones, airspace.Operation{Authorisations: []string{"APBA"}})
	plan, _, err := planner.CoastlinePatrol(coast, planner.CoastOptions{
		Common: planner.Common{Altitude: 40, MaxAltitude: 120, Area: area, Exclusions: excl},
		Land:   land, Offset: 250, Length: 1500, Start: start,
	})
	require.NoError(t, err)
	return plan
}

// portOperation is the demo's operation: the sample ED-269 zones of the
// Bay of Algeciras, and customs holding the port authority's (APBA)
// authorisation for its zone.
func portOperation(t *testing.T) (*gcs.Operation, []airspace.Zone) {
	t.Helper()
	f, err := os.Open("../../mission/airspace/testdata/ed269_algeciras.json")
	require.NoError(t, err)
	zones, _, err := airspace.Read(f)
	f.Close()
	require.NoError(t, err)
	op, err := gcs.NewOperation(gcs.Operation{Zones: zones, Authorisations: []string{"APBA"}})
	require.NoError(t, err)
	return op, zones
}

// startLawWorld starts a station under op with an HTTP API and a data
// directory of its own, and a simulator of n vehicles on one link.
func startLawWorld(t *testing.T, op *gcs.Operation, n int, speedup float64) *world {
	t.Helper()
	st, err := station.Start(station.Config{HTTPAddr: "127.0.0.1:0", Operation: op, DataDir: t.TempDir(),
		Links: []telemetry.LinkConfig{{Name: "l1", URL: "udp-server:127.0.0.1:0"}}})
	require.NoError(t, err)
	t.Cleanup(st.Close)
	s, err := sim.New(sim.Config{Vehicles: n, Speedup: speedup, Links: []sim.LinkConfig{{Paths: []string{"udp:" + st.Telemetry.Addrs()["l1"]}}}})
	require.NoError(t, err)
	require.NoError(t, s.Start())
	t.Cleanup(s.Close)
	return &world{st: st, sim: s}
}
