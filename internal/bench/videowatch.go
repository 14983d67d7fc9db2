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
	boats  *demo.Boats
	ids    []gcs.VehicleID
	cancel context.CancelFunc
	done   chan error
}

// benchSeed is the simulator's seed (its --seed): the bench's copy of the
// world moves the boats as the simulator's does.
const benchSeed = 1

// startWatchers sets the drones' cruise speed and starts the script.
// simStart is when the simulator started, for where the boats are.
func startWatchers(ctx context.Context, st *station.Station, cfg *VideoConfig, ids []gcs.VehicleID, simStart time.Time) (*watchers, error) {
	scen := sim.DefaultScenario()
	world, err := scene.NewWorld(scen, benchSeed)
	if err != nil {
		return nil, err
	}
	routes, err := demo.Routes(scen)
	if err != nil {
		return nil, err
	}
	speedup := cfg.Speedup
	simTime := func() time.Duration { return time.Duration(float64(time.Since(simStart)) * speedup) }
	w := &watchers{ids: ids, done: make(chan error, 1),
		boats: &demo.Boats{World: world, SimTime: simTime, Fleet: st.Fleet, MaxSpeed: cfg.MaxBoatSpeed}}
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
	return w, nil
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

// approach waits until every stream's sightings have reached a contact
// (a console received them), or cfg.Approach is over, reporting progress
// every half minute; it returns how long it waited.
func approach(ctx context.Context, cfg *VideoConfig, st *station.Station, w *watchers, c *contactConsole, refs []streamRef) (time.Duration, error) {
	start := time.Now()
	fmt.Fprintf(cfg.Progress, "the drones fly to their boats (at most %s)\n", cfg.Approach)
	next := start.Add(30 * time.Second)
	for {
		n := c.seeing(refs)
		if n == len(refs) {
			fmt.Fprintf(cfg.Progress, "every stream sees a contact after %s\n", time.Since(start).Round(time.Second))
			return time.Since(start), nil
		}
		if time.Since(start) > cfg.Approach {
			fmt.Fprintf(cfg.Progress, "only %d of %d streams see a contact after %s; measuring anyway\n", n, len(refs), cfg.Approach)
			w.report(cfg.Progress, st)
			return time.Since(start), nil
		}
		if time.Now().After(next) {
			next = next.Add(30 * time.Second)
			fmt.Fprintf(cfg.Progress, "%s: %d of %d streams see a contact\n", time.Since(start).Round(time.Second), n, len(refs))
			w.report(cfg.Progress, st)
		}
		if err := sleep(ctx, 500*time.Millisecond); err != nil {
			return time.Since(start), err
		}
	}
}
