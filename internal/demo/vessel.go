package demo

import (
	"time"

	"skerry/gcs"
	"skerry/sim/scene"
)

// VesselNear returns a Watch.At that follows one of the simulated world's
// vessels: the one nearest the vehicle when first asked, at the
// simulator's time simTime().
func VesselNear(world *scene.World, simTime func() time.Duration, fleet *gcs.Fleet, id gcs.VehicleID) func() (lat, lon float64, ok bool) {
	chosen := ""
	return func() (float64, float64, bool) {
		vs := world.Vessels(simTime())
		if chosen == "" {
			v, ok := fleet.Vehicle(id)
			if !ok || !v.HasPosition {
				return 0, 0, false
			}
			best := -1.0
			for _, vessel := range vs {
				if d := distance(v.Position.Lat, v.Position.Lon, vessel.Lat, vessel.Lon); best < 0 || d < best {
					best, chosen = d, vessel.ID
				}
			}
		}
		for _, vessel := range vs {
			if vessel.ID == chosen {
				return vessel.Lat, vessel.Lon, true
			}
		}
		return 0, 0, false
	}
}
