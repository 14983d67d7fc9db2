package demo

import (
	"context"
	"math"
	"time"

	"skerry/gcs"
)

// Watch is a drone's duty to keep a boat in its camera's view: it holds
// station Stand metres south of the boat at Altitude above home and keeps
// its gimbal on the boat (look_at), so the station's detector and tracker
// have something to find. Where the boat is comes from At (the demo asks
// the simulator, as a coastguard's tasking would name a boat to watch);
// the station finds it in the pictures itself.
type Watch struct {
	Vehicle  gcs.VehicleID
	At       func() (lat, lon float64, ok bool)
	Altitude float64 // default 80 m
	Stand    float64 // default 150 m

	sentGoTo time.Time
	sentLook time.Time
	goLat    float64
	goLon    float64
}

// lookEvery is how often the gimbal is pointed at the boat again (it
// drifts; the simulator's gimbal then tracks the point by itself).
const lookEvery = 5 * time.Second

// step moves the watcher toward its station and points its camera.
func (s *Script) watchStep(ctx context.Context, w *Watch) {
	if w.Altitude == 0 {
		w.Altitude = 80
	}
	if w.Stand == 0 {
		w.Stand = 150
	}
	v, ok := s.Fleet.Vehicle(w.Vehicle)
	if !ok || !v.Armed || v.Mode != "GUIDED" || v.Position.AltRel < s.Altitude-5 {
		return
	}
	lat, lon, ok := w.At()
	if !ok {
		return
	}
	standLat := lat - w.Stand/111320
	if w.sentGoTo.IsZero() || time.Since(w.sentGoTo) > resend || distance(w.goLat, w.goLon, standLat, lon) > 40 {
		w.sentGoTo, w.goLat, w.goLon = time.Now(), standLat, lon
		r, err := s.Commander.Order(ctx, []gcs.VehicleID{w.Vehicle}, gcs.Command{Kind: gcs.CmdGoTo, Lat: standLat, Lon: lon, Altitude: w.Altitude}, "")
		s.logRefusal("go-to", w.Vehicle, r, err)
	}
	if distance(v.Position.Lat, v.Position.Lon, standLat, lon) > 3*w.Stand || time.Since(w.sentLook) < lookEvery || math.IsNaN(lat) {
		return
	}
	w.sentLook = time.Now()
	r, err := s.Commander.Order(ctx, []gcs.VehicleID{w.Vehicle}, gcs.Command{Kind: gcs.CmdLookAt, Lat: lat, Lon: lon}, "")
	s.logRefusal("look-at", w.Vehicle, r, err)
}

// logRefusal logs an order that was not given or was refused.
func (s *Script) logRefusal(what string, id gcs.VehicleID, r gcs.OrderEvent, err error) {
	switch {
	case err != nil:
		s.Log.Warn("demo: order not given", "order", what, "vehicle", id, "err", err)
	case len(r.Results) > 0 && !r.Results[0].OK:
		s.Log.Warn("demo: order refused", "order", what, "vehicle", id, "err", r.Results[0].Error)
	}
}
