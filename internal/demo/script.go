// Package demo flies the demo fleet through the station's own commander:
// take off, then patrol the port areas of the scenario, so a newcomer sees
// a live fleet.
package demo

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"time"

	"skerry/gcs"
)

// Script is the demo choreography.
type Script struct {
	Fleet     *gcs.Fleet
	Commander *gcs.Commander
	// Routes are patrol loops of [lon, lat] points. Each vehicle flies
	// the loop nearest where it took off, the vehicles spread over the
	// loops near a base (see assign), each starting at a point of its own.
	Routes [][][2]float64
	// Vehicles is how many vehicles to wait for.
	Vehicles int
	// Altitude is the take-off altitude above home (default 30 m); vehicles
	// are stacked 5 m apart so that they do not share a level.
	Altitude float64
	Log      *slog.Logger
	// Watches are drones that keep a boat in view instead of patrolling.
	Watches []*Watch
	// Tick is how often the script looks at the fleet (default 1 s).
	Tick time.Duration
}

// Run flies until ctx ends.
func (s *Script) Run(ctx context.Context) error {
	if s.Altitude == 0 {
		s.Altitude = 30
	}
	if s.Tick == 0 {
		s.Tick = time.Second
	}
	ids, err := s.waitReady(ctx)
	if err != nil {
		return err
	}
	s.Log.Info("demo: taking off", "vehicles", len(ids))
	for i, id := range ids {
		rs, err := s.Commander.Order(ctx, []gcs.VehicleID{id}, gcs.Command{Kind: gcs.CmdTakeoff, Altitude: s.altitude(i)}, "")
		if err != nil {
			return fmt.Errorf("demo: take-off: %w", err)
		}
		for _, r := range rs.Results {
			if !r.OK {
				s.Log.Warn("demo: take-off refused", "vehicle", r.Vehicle, "err", r.Error)
			}
		}
	}
	return s.patrol(ctx, ids)
}

func (s *Script) altitude(i int) float64 { return s.Altitude + 5*float64(i%5) }

// waitReady waits until every vehicle is known and passes its pre-arm
// checks (or reports none), then returns their IDs.
func (s *Script) waitReady(ctx context.Context) ([]gcs.VehicleID, error) {
	t := time.NewTicker(s.Tick)
	defer t.Stop()
	for {
		vs := s.Fleet.Vehicles()
		ready := 0
		for _, v := range vs {
			if v.HasPosition && v.GPS.Fix >= 3 && (!v.Health.PrearmKnown || v.Health.PrearmOK) {
				ready++
			}
		}
		if ready >= s.Vehicles && ready > 0 {
			ids := make([]gcs.VehicleID, len(vs))
			for i, v := range vs {
				ids[i] = v.ID
			}
			return ids, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("demo: %d of %d vehicles ready: %w", ready, s.Vehicles, ctx.Err())
		case <-t.C:
		}
	}
}

// leg is where a vehicle is heading on its route.
type leg struct {
	route  int // index in Routes
	index  int
	sentAt time.Time
}

// patrol sends each airborne vehicle to its next route point when it is
// close to the current one (and again if the order seems lost).
func (s *Script) patrol(ctx context.Context, ids []gcs.VehicleID) error {
	if len(s.Routes) == 0 {
		return nil
	}
	legs := make(map[gcs.VehicleID]*leg, len(ids))
	homes := make([][2]float64, len(ids))
	for i, id := range ids {
		if v, ok := s.Fleet.Vehicle(id); ok {
			homes[i] = [2]float64{v.Position.Lon, v.Position.Lat}
			if v.Home != nil {
				homes[i] = [2]float64{v.Home.Lon, v.Home.Lat}
			}
		}
	}
	routeOf := Assign(homes, s.Routes)
	for i, id := range ids {
		legs[id] = &leg{route: routeOf[i], index: i * 3}
	}
	t := time.NewTicker(s.Tick)
	defer t.Stop()
	watching := map[gcs.VehicleID]*Watch{}
	for _, w := range s.Watches {
		watching[w.Vehicle] = w
	}
	for {
		for i, id := range ids {
			if w := watching[id]; w != nil {
				s.watchStep(ctx, w)
				continue
			}
			s.step(ctx, i, id, legs[id])
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// resend is how long a go-to may go unanswered by movement before the
// script sends it again.
const resend = 45 * time.Second

func (s *Script) step(ctx context.Context, i int, id gcs.VehicleID, l *leg) {
	v, ok := s.Fleet.Vehicle(id)
	if !ok || !v.Armed || v.Mode != "GUIDED" || v.Position.AltRel < s.altitude(i)-5 {
		return
	}
	route := s.Routes[l.route]
	p := route[l.index%len(route)]
	switch {
	case l.sentAt.IsZero(), time.Since(l.sentAt) > resend:
	case distance(v.Position.Lat, v.Position.Lon, p[1], p[0]) < 25:
		l.index++
		p = route[l.index%len(route)]
	default:
		return
	}
	l.sentAt = time.Now()
	r, err := s.Commander.Order(ctx, []gcs.VehicleID{id}, gcs.Command{Kind: gcs.CmdGoTo, Lat: p[1], Lon: p[0], Altitude: s.altitude(i)}, "")
	s.logRefusal("go-to", id, r, err)
}

// distance is the equirectangular distance in metres, fine at port scale.
func distance(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371000.0
	x := (lon2 - lon1) * math.Pi / 180 * math.Cos((lat1+lat2)/2*math.Pi/180)
	y := (lat2 - lat1) * math.Pi / 180
	return r * math.Hypot(x, y)
}
