package demo

import (
	"os"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/mission"
	"skerry/mission/airspace"
	"skerry/sim"
)

// TestDemoPatrolsAreLawful: under the demo's operation (the sample ED-269
// zones, the port authority's authorisation), every vehicle of a ten-
// vehicle demo patrols a loop near its base, and the whole patrol, from
// its base round the loop and back, is lawful: no drone enters
// Gibraltar's prohibited LXGB01 (the demo patrolled the Alcaidesa Marina,
// inside it, before).
func TestDemoPatrolsAreLawful(t *testing.T) {
	f, err := os.Open("../../mission/airspace/testdata/ed269_algeciras.json")
	require.NoError(t, err)
	zones, _, err := airspace.Read(f)
	f.Close()
	require.NoError(t, err)
	op, err := gcs.NewOperation(gcs.Operation{Zones: zones, Authorisations: []string{"APBA"}})
	require.NoError(t, err)
	sc, err := sim.ParseScenario(sim.DefaultScenario())
	require.NoError(t, err)
	routes, err := Routes(sim.DefaultScenario())
	require.NoError(t, err)

	const vehicles = 10
	homes := make([][2]float64, vehicles)
	grounds := make([]float64, vehicles)
	for i := range homes {
		b := sc.Bases[i%len(sc.Bases)] // the simulator's order: bases in turn
		homes[i], grounds[i] = [2]float64{b.Lon, b.Lat}, b.Ground
	}
	script := Script{Altitude: 30}
	for i, r := range Assign(homes, routes) {
		home := mission.At(homes[i][1], homes[i][0], mission.AMSL(grounds[i]))
		plan := &mission.Plan{Home: &home, HoverSpeed: 10}
		loop := routes[r]
		for k := range len(loop) {
			p := loop[(i*3+k)%len(loop)]
			plan.Mission = append(plan.Mission, mission.Waypoint{Pos: mission.Position{Point: orb.Point{p[0], p[1]}, Alt: mission.Rel(script.altitude(i))}})
		}
		plan.Mission = append(plan.Mission, mission.RTL{})
		rep := op.Check(plan, nil, 0, time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC))
		require.True(t, rep.Lawful, "vehicle %d on loop %d: %v", i, r, rep.Errors())
		require.Less(t, rep.Length, 8000.0, "vehicle %d patrols near its base", i)
	}
}
