package validate_test

import (
	"fmt"
	"os"
	"time"

	"github.com/paulmach/orb"

	"skerry/mission"
	"skerry/mission/airspace"
	"skerry/mission/profile"
	"skerry/mission/validate"
)

// A patrol leg across the Port of Algeciras zone, which needs the Port
// Authority's (APBA) authorisation, checked under the state profile.
func Example() {
	f, err := os.Open("../airspace/testdata/ed269_algeciras.json")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	zones, _, err := airspace.Read(f)
	if err != nil {
		panic(err)
	}
	home := mission.Position{Point: orb.Point{-5.4300, 36.1100}, Alt: mission.AMSL(3)}
	plan := &mission.Plan{Home: &home, HoverSpeed: 10, Mission: []mission.Item{
		mission.Takeoff{Pos: mission.Position{Alt: mission.Rel(40)}},
		mission.Waypoint{Pos: mission.Position{Point: orb.Point{-5.4300, 36.1150}, Alt: mission.Rel(60)}},
		mission.Waypoint{Pos: mission.Position{Point: orb.Point{-5.4300, 36.1300}, Alt: mission.Rel(60)}},
		mission.RTL{},
	}}
	state, _ := profile.Get("state")
	op := validate.Operation{
		Profile: state, Zones: airspace.NewIndex(zones), When: time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC),
		Vehicle: validate.Vehicle{CruiseSpeed: 10, Endurance: 20 * time.Minute},
		Surface: profile.Surface{Water: true},
	}
	r := validate.Check(plan, op)
	fmt.Println("lawful:", r.Lawful)
	for _, v := range r.Errors() {
		fmt.Println(v.Leg, v.Rule, v.Source)
	}
	op.Authorisations = airspace.Operation{Authorisations: []string{"APBA"}}
	fmt.Println("with APBA's authorisation:", validate.Check(plan, op).Lawful)
	// Output:
	// lawful: false
	// [1 2] airspace zone ALGPORT, APBA (ED-269)
	// [2 -1] airspace zone ALGPORT, APBA (ED-269)
	// with APBA's authorisation: true
}
