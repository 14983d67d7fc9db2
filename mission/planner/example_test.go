package planner_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"skerry/mission/planner"
)

// The QGroundControl CameraCalc test vector.
func ExampleCamera_Calc() {
	cam := planner.Camera{SensorWidthMM: 13.2, SensorHeightMM: 8.8, ImageWidthPx: 5472, ImageHeightPx: 3648, FocalMM: 8.8}
	cc, _ := cam.Calc(100, 0.7, 0.8)
	fmt.Printf("GSD %.3f cm/px, footprint %.0f×%.0f m, spacing %.0f m, trigger %.0f m\n",
		cc.GSD, cc.FootprintSide, cc.FootprintFront, cc.Spacing, cc.Trigger)
	// Output: GSD 2.741 cm/px, footprint 150×100 m, spacing 45 m, trigger 20 m
}

// An expanding square search from a man-overboard datum in the Bay of
// Algeciras: take-off, speed, the datum and six legs, a return leg to the
// datum, RTL.
func ExampleExpandingSquare() {
	datum := orb.Point{-5.40, 36.13}
	p, _, err := planner.ExpandingSquare(datum, planner.SquareOptions{Common: planner.Common{Altitude: 40}, Spacing: 150, Legs: 6, Heading: 270})
	if err != nil {
		panic(err)
	}
	for _, it := range p.Mission {
		fmt.Print(it.Kind(), " ")
	}
	fmt.Println()
	// Output: takeoff speed waypoint waypoint waypoint waypoint waypoint waypoint waypoint waypoint rtl
}
