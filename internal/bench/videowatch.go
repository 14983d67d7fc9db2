package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"time"

	"skerry/gcs"
	"skerry/internal/demo"
	"skerry/internal/station"
	"skerry/sim"
	"skerry/sim/scene"
)

// WatchedBoat is the boat one camera drone was sent to watch.
type WatchedBoat struct {
	Vehicle gcs.VehicleID `json:"vehicle"`
	Boat    string        `json:"boat"` // the scenario's vessel id; "" none found
}

// watchers fly every camera drone to a boat of the simulator's world and
// keep its camera on it, as the demo does for its first camera drone:
// the demo's script gives take-off, go-to and look-at orders through the
// station's commander (real MAVLink to the simulator).
type watchers struct {
	world    *scene.World
	simStart time.Time
	speedup  float64
	boats    *demo.Boats
	ids      []gcs.VehicleID
	cancel   context.CancelFunc // nil until fly
	done     chan error
}

// benchSeed is the simulator's seed (its --seed): the bench's copy of the
// world moves the boats as the simulator's does.
const benchSeed = 1

// newWatchers makes the bench's copy of the simulator's world, whose
// boats the drones will watch. simStart is when the simulator started.
func newWatchers(st *station.Station, cfg *VideoConfig, simStart time.Time) (*watchers, error) {
	world, err := scene.NewWorld(sim.DefaultScenario(), benchSeed)
	if err != nil {
		return nil, err
	}
	speedup := cfg.Speedup
	simTime := func() time.Duration { return time.Duration(float64(time.Since(simStart)) * speedup) }
	return &watchers{world: world, simStart: simStart, speedup: speedup, done: make(chan error, 1),
		boats: &demo.Boats{World: world, SimTime: simTime, Fleet: st.Fleet, MaxSpeed: cfg.MaxBoatSpeed, MaxLength: cfg.MaxBoatLength}}, nil
}

// nearest is how far (lat, lon) is from the nearest boat at time at.
func (w *watchers) nearest(lat, lon float64, at time.Time) float64 {
	best := math.Inf(1)
	for _, b := range w.world.Vessels(time.Duration(float64(at.Sub(w.simStart)) * w.speedup)) {
		best = min(best, metres(lat, lon, b.Lat, b.Lon))
	}
	return best
}

// fly sets the drones' cruise speed and starts the script.
func (w *watchers) fly(ctx context.Context, st *station.Station, cfg *VideoConfig, ids []gcs.VehicleID) error {
	routes, err := demo.Routes(sim.DefaultScenario())
	if err != nil {
		return err
	}
	w.ids = ids
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	for _, id := range ids {
		// WPNAV_SPEED is cm/s; a copter that cannot be sped up still flies.
		if _, err := st.Params.Set(ctx, id, "WPNAV_SPEED", math.Round(cfg.Cruise*100), ""); err != nil {
			fmt.Fprintf(cfg.Progress, "%s keeps its cruise speed: %v\n", id, err)
		}
	}
	s := &demo.Script{Fleet: st.Fleet, Commander: st.Commander, Routes: routes, Vehicles: len(ids), Log: log.With("component", "demo")}
	for i, id := range ids {
		// distinct altitudes, as the demo's take-offs, should two paths cross
		s.Watches = append(s.Watches, &demo.Watch{Vehicle: id, At: w.boats.Near(id), Altitude: 80 + 5*float64(i)})
	}
	sctx, cancel := context.WithCancel(ctx)
	w.cancel = cancel
	go func() { w.done <- s.Run(sctx) }()
	return nil
}

// watching returns the boat each drone holds.
func (w *watchers) watching() []WatchedBoat {
	out := make([]WatchedBoat, len(w.ids))
	for i, id := range w.ids {
		out[i].Vehicle = id
		if b, ok := w.boats.Where(id); ok {
			out[i].Boat = b.ID
		}
	}
	return out
}

// report writes how far each drone is from its boat.
func (w *watchers) report(out io.Writer, st *station.Station) {
	for _, id := range w.ids {
		b, ok := w.boats.Where(id)
		v, known := st.Fleet.Vehicle(id)
		if !ok || !known || !v.HasPosition {
			fmt.Fprintf(out, "  %s: no boat yet\n", id)
			continue
		}
		fmt.Fprintf(out, "  %s (%s, %.0f m up): %s %.0f m away\n", id, v.Mode, v.Position.AltRel, b.ID, metres(v.Position.Lat, v.Position.Lon, b.Lat, b.Lon))
	}
}

// stop ends the script and waits for it.
func (w *watchers) stop() error {
	if w.cancel == nil {
		return nil
	}
	w.cancel()
	err := <-w.done
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// metres is the equirectangular distance, fine at port scale.
func metres(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371000.0
	x := (lon2 - lon1) * math.Pi / 180 * math.Cos((lat1+lat2)/2*math.Pi/180)
	y := (lat2 - lat1) * math.Pi / 180
	return r * math.Hypot(x, y)
}

// arriveM is how near its boat a drone is on station.
const arriveM = 300

// approach waits until every drone is on station and its stream's
// sightings since then have reached a contact (a console received them),
// or cfg.Approach is over, reporting progress every half minute; it
// returns how long it waited. Contacts the drones make on the way (of
// other boats, or false ones) do not count.
func approach(ctx context.Context, cfg *VideoConfig, st *station.Station, w *watchers, c *contactConsole, refs []streamRef) (time.Duration, error) {
	start := time.Now()
	fmt.Fprintf(cfg.Progress, "the drones fly to their boats (at most %s)\n", cfg.Approach)
	next := start.Add(30 * time.Second)
	arrived := map[streamRef]time.Time{}
	for {
		seeing := 0
		for _, r := range refs {
			if arrived[r].IsZero() && w.onStation(st, r.vehicle) {
				arrived[r] = time.Now()
			}
			if !arrived[r].IsZero() && c.sighted(r).After(arrived[r]) {
				seeing++
			}
		}
		if seeing == len(refs) {
			fmt.Fprintf(cfg.Progress, "every drone is on station and its stream sees a contact after %s\n", time.Since(start).Round(time.Second))
			return time.Since(start), nil
		}
		if time.Since(start) > cfg.Approach {
			fmt.Fprintf(cfg.Progress, "%d of %d drones on station see a contact after %s; measuring anyway\n", seeing, len(refs), cfg.Approach)
			w.report(cfg.Progress, st)
			return time.Since(start), nil
		}
		if time.Now().After(next) {
			next = next.Add(30 * time.Second)
			fmt.Fprintf(cfg.Progress, "%s: %d of %d drones on station, %d of them seeing a contact\n", time.Since(start).Round(time.Second), len(arrived), len(refs), seeing)
			w.report(cfg.Progress, st)
		}
		if err := sleep(ctx, 500*time.Millisecond); err != nil {
			return time.Since(start), err
		}
	}
}

// onStation reports whether a drone is near its boat.
func (w *watchers) onStation(st *station.Station, id gcs.VehicleID) bool {
	b, ok := w.boats.Where(id)
	v, known := st.Fleet.Vehicle(id)
	return ok && known && v.HasPosition && metres(v.Position.Lat, v.Position.Lon, b.Lat, b.Lon) < arriveM
}
