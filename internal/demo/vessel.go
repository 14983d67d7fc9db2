package demo

import (
	"sync"
	"time"

	"skerry/gcs"
	"skerry/sim/scene"
)

// VesselNear returns a Watch.At that follows one of the simulated world's
// vessels: the one nearest the vehicle when first asked, at the
// simulator's time simTime().
func VesselNear(world *scene.World, simTime func() time.Duration, fleet *gcs.Fleet, id gcs.VehicleID) func() (lat, lon float64, ok bool) {
	return (&Boats{World: world, SimTime: simTime, Fleet: fleet}).Near(id)
}

// Boats hands the simulated world's vessels out to watchers, one boat
// each: a watcher gets the boat nearest it when it first asks that no
// other watcher of these Boats holds, no faster than MaxSpeed and no
// longer than MaxLength, and keeps it. It is safe for concurrent use.
type Boats struct {
	World *scene.World
	// SimTime is the simulator's time (where the boats are).
	SimTime func() time.Duration
	Fleet   *gcs.Fleet
	// MaxSpeed leaves out boats that go faster than this, in m/s, within
	// the next few minutes (a copter could not keep up); 0: any boat.
	MaxSpeed float64
	// MaxLength leaves out boats longer than this, in metres (a ship
	// that fills the camera's view at the watch's stand-off); 0: any.
	MaxLength float64
	// PreferDark hands out a boat without AIS when one is within
	// PreferWithin metres (the ones the station's rules are about), before
	// a nearer boat with AIS.
	PreferDark   bool
	PreferWithin float64

	mu   sync.Mutex
	held map[gcs.VehicleID]string
}

// speedLookahead is how far ahead a boat's speed is checked against
// MaxSpeed, in steps of speedStep.
const (
	speedLookahead = 5 * time.Minute
	speedStep      = 15 * time.Second
)

// Near returns a Watch.At that follows the boat handed to vehicle id.
func (b *Boats) Near(id gcs.VehicleID) func() (lat, lon float64, ok bool) {
	return func() (float64, float64, bool) {
		v, ok := b.Where(id)
		return v.Lat, v.Lon, ok
	}
}

// Where returns the boat handed to vehicle id, now; on the first call it
// picks it (false while the vehicle has no position or no boat is left).
func (b *Boats) Where(id gcs.VehicleID) (scene.Vessel, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	t := b.SimTime()
	vs := b.World.Vessels(t)
	chosen, ok := b.held[id]
	if !ok {
		v, ok := b.Fleet.Vehicle(id)
		if !ok || !v.HasPosition {
			return scene.Vessel{}, false
		}
		taken := map[string]bool{}
		for _, boat := range b.held {
			taken[boat] = true
		}
		best, bestDark := -1.0, -1.0
		var dark string
		for _, vessel := range vs {
			if taken[vessel.ID] || (b.MaxLength > 0 && vessel.Length > b.MaxLength) || !b.slow(vessel.ID, t) {
				continue
			}
			d := distance(v.Position.Lat, v.Position.Lon, vessel.Lat, vessel.Lon)
			if best < 0 || d < best {
				best, chosen = d, vessel.ID
			}
			if !vessel.AIS && (bestDark < 0 || d < bestDark) {
				bestDark, dark = d, vessel.ID
			}
		}
		if b.PreferDark && dark != "" && bestDark <= b.PreferWithin {
			chosen = dark
		}
		if chosen == "" {
			return scene.Vessel{}, false
		}
		if b.held == nil {
			b.held = map[gcs.VehicleID]string{}
		}
		b.held[id] = chosen
	}
	for _, vessel := range vs {
		if vessel.ID == chosen {
			return vessel, true
		}
	}
	return scene.Vessel{}, false
}

// slow reports whether boat id keeps to MaxSpeed from t on.
func (b *Boats) slow(id string, t time.Duration) bool {
	if b.MaxSpeed <= 0 {
		return true
	}
	for dt := time.Duration(0); dt <= speedLookahead; dt += speedStep {
		for _, v := range b.World.Vessels(t + dt) {
			if v.ID == id && v.Speed > b.MaxSpeed {
				return false
			}
		}
	}
	return true
}
