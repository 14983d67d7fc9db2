package gcs

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// inspectRun is one session's goroutine and what the registry knows of
// it. The goroutine owns s; the registry holds latest, a copy, and active.
type inspectRun struct {
	i       *Inspector
	id      string
	vehicle VehicleID
	ctl     chan inspectCtl
	done    chan struct{}

	// Kept by the registry's goroutine.
	latest *InspectSession
	active bool

	// Owned by the session's goroutine.
	s         *InspectSession
	vessel    latLon
	course    Reading
	speed     Reading
	reportAt  time.Time // when the vessel's position was true
	heard     time.Time // when the picture last reported it
	lastBear  float64
	haveBear  bool
	refusedIn int // orbit steps in a row with no lawful point
	// guided: the drone has been seen in GUIDED since the inspection
	// took it (ArduPilot); another mode after that is someone else's.
	guided   bool
	lookedAt latLon // where the camera was last told to look
	lookedT  time.Time
}

// inspectTakeoffTimeout ends a session whose drone has not climbed.
const inspectTakeoffTimeout = 2 * time.Minute

// inspectCtl is a request to a session: end it (end set), or take one
// step now (tests). reply is closed once done.
type inspectCtl struct {
	end   string
	reply chan struct{}
}

// run is the session's goroutine.
func (r *inspectRun) run(ctx context.Context) {
	defer close(r.done)
	tick := time.NewTicker(r.i.period())
	defer tick.Stop()
	r.begin(ctx)
	for r.s.Active() {
		select {
		case <-ctx.Done():
			end, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			r.finish(end, InspectEndClosed)
			cancel()
		case <-tick.C:
			r.step(ctx)
		case c := <-r.ctl:
			if c.end != "" {
				r.finish(ctx, c.end)
			} else {
				r.step(ctx)
			}
			close(c.reply)
		}
	}
}

// begin gives the first orders: a take-off for a drone on the ground,
// then the first step.
func (r *inspectRun) begin(ctx context.Context) {
	if r.s.Phase == InspectTakeoff {
		if res := r.order(ctx, Command{Kind: CmdTakeoff, Altitude: r.s.Altitude}); !res.OK {
			r.finish(ctx, InspectEndRefused+": take-off: "+res.Error)
			return
		}
	}
	r.step(ctx)
}

// hear takes the picture's report of the target.
func (r *inspectRun) hear(t Target, now time.Time) {
	r.vessel, r.course, r.speed, r.reportAt = latLon{t.Lat, t.Lon}, t.Course, t.Speed, t.At
	heard := t.LastSeen
	if heard.IsZero() || t.At.After(heard) {
		heard = t.At
	}
	if heard.IsZero() || heard.After(now) {
		heard = now
	}
	r.heard = heard
}

// step reads the drone and the vessel and re-aims: one go-to to the next
// lawful orbit point and the camera at the vessel.
func (r *inspectRun) step(ctx context.Context) {
	i, s := r.i, r.s
	now := i.now()
	v, ok := i.Fleet.Vehicle(r.vehicle)
	if !ok {
		r.finish(ctx, InspectEndVehicle+": the drone left the fleet")
		return
	}
	if why := r.taken(&v); why != "" {
		r.finish(ctx, InspectEndVehicle+": "+why)
		return
	}
	if t, err := i.target(ctx, s.Target); err == nil {
		r.hear(t, now)
	}
	if lost := now.Sub(r.heard); lost > i.lostAfter() {
		r.finish(ctx, fmt.Sprintf("%s: %s not reported for %s", InspectEndLost, s.Target, lost.Round(time.Second)))
		return
	}
	c := reckon(r.vessel, r.course, r.speed, min(now.Sub(r.reportAt), i.lostAfter()))
	here := latLon{v.Position.Lat, v.Position.Lon}
	s.Vessel, s.VesselAt = Position{Lat: c.Lat, Lon: c.Lon}, r.reportAt
	s.Distance = math.Round(distanceM(here, c))
	s.Battery = v.Battery.Remaining
	if need, short := r.batteryShort(&v, here); short {
		r.finish(ctx, fmt.Sprintf("%s: %.0f %% left, %.0f %% needed to fly home with the reserve", InspectEndBattery, float64(v.Battery.Remaining), need))
		return
	}
	switch s.Phase {
	case InspectTakeoff:
		if v.Position.AltRel < 0.8*s.Altitude {
			if now.Sub(s.Started) > inspectTakeoffTimeout {
				r.finish(ctx, fmt.Sprintf("%s: not at %.0f m %s after the take-off order", InspectEndRefused, s.Altitude, inspectTakeoffTimeout))
				return
			}
			r.publish(now)
			return
		}
		s.Phase = InspectTransit
		fallthrough
	case InspectTransit:
		if s.Distance <= s.Radius*1.3+20 {
			s.Phase = InspectOrbit
		}
	case InspectOrbit:
		if s.Distance > s.Radius*2+100 { // the vessel got away: close in again
			s.Phase = InspectTransit
			s.warn(fmt.Sprintf("the vessel got %.0f m away: closing in again", s.Distance))
		}
	}
	if s.Phase == InspectOrbit {
		r.countLaps(bearingDeg(c, here))
	}
	r.aim(ctx, &v, c, here)
	if s.Active() {
		r.look(ctx, c)
		r.publish(now)
	}
}

// taken says why the drone is no longer the inspection's ("" while it
// is): landed, link lost, or put by someone else in a mode that is not
// the inspection's.
func (r *inspectRun) taken(v *Vehicle) string {
	mode := strings.ToUpper(v.Mode)
	switch {
	case v.LinkLost:
		return "link lost"
	case r.s.Phase != InspectTakeoff && (!v.Armed || v.Landed == "on_ground"):
		return "landed"
	case strings.Contains(mode, "RTL") || strings.Contains(mode, "RETURN") || strings.Contains(mode, "LAND"):
		return "now in " + v.Mode
	case v.Failsafe:
		return "failsafe"
	case v.Autopilot == "ardupilot" && mode == "GUIDED":
		r.guided = true
	case v.Autopilot == "ardupilot" && r.guided:
		return "now in " + v.Mode + ": someone else flies it"
	}
	return ""
}

// batteryShort says whether the battery left is under what the trip home
// and the reserve need, and that need.
func (r *inspectRun) batteryShort(v *Vehicle, here latLon) (float64, bool) {
	home, ok := homeOf(v)
	rem := v.Battery.Remaining
	if !ok || !rem.Known() {
		return 0, false
	}
	op := r.i.op()
	secs := distanceM(here, home)/op.CruiseSpeed + v.Position.AltRel/inspectSinkRate
	need := math.Ceil(100*secs/op.Endurance.Seconds() + r.i.reserve())
	r.s.BatteryHome = need
	return need, float64(rem) < need
}

// countLaps adds the drone's progress round the vessel since last step.
func (r *inspectRun) countLaps(bearing float64) {
	if r.haveBear {
		if d := math.Remainder(bearing-r.lastBear, 360); d > 0 {
			r.s.Laps = math.Round((r.s.Laps+d/360)*100) / 100
		}
	}
	r.lastBear, r.haveBear = bearing, true
}

// aim sends the drone to the next orbit point that the law allows: ahead
// on the orbit, then on a wider one, then back the other way, then where
// it is on the circle. None lawful, several steps in a row, ends it.
func (r *inspectRun) aim(ctx context.Context, v *Vehicle, c, here latLon) {
	s, i := r.s, r.i
	if s.Phase == InspectTakeoff {
		return
	}
	bearing := bearingDeg(c, here)
	lead := 0.0
	if s.Phase == InspectOrbit {
		ahead := math.Max(i.orbitSpeed()*i.period().Seconds()*2, 40)
		lead = ahead / s.Radius / degToRad
	}
	type option struct {
		r, deg float64
		note   string
	}
	opts := []option{{s.Radius, bearing + lead, ""}}
	if s.Phase == InspectOrbit {
		opts = append(opts,
			option{s.Radius, bearing - lead, "orbit reversed"},
			option{s.Radius, bearing, "orbit held"})
	}
	for r := s.Radius + i.step(); r <= i.maxRadius()+1e-6; r += i.step() {
		if lead != 0 {
			opts = append(opts, option{r, bearing + lead, fmt.Sprintf("orbit widened to %.0f m", r)})
		}
		opts = append(opts, option{r, bearing, fmt.Sprintf("orbit widened to %.0f m", r)})
	}
	for _, o := range opts {
		p := around(c, o.r, o.deg)
		if errs := i.routeCheck(v, []latLon{p}, s.Altitude); len(errs) > 0 {
			s.Refused++
			s.warn("orbit point refused: " + strings.Join(violationTexts(errs), "; "))
			continue
		}
		res := r.goTo(ctx, p)
		if !res.OK {
			s.warn("go-to refused: " + res.Error)
			if errors.Is(res.Err, ErrUnlawfulOrder) {
				continue // the law changed since the check: try the next
			}
			break // the drone or its link refused: try again next step
		}
		if o.note != "" {
			s.warn(o.note + " to keep to the operation's law")
		}
		if o.r != s.Radius {
			s.Radius = o.r
		}
		s.Sent++
		s.Aim = &Position{Lat: p.Lat, Lon: p.Lon, AltRel: s.Altitude}
		r.refusedIn = 0
		return
	}
	r.refusedIn++
	if r.refusedIn >= i.refusedAfter() {
		last := "every orbit point"
		if n := len(s.Warnings); n > 0 {
			last = s.Warnings[n-1]
		}
		r.finish(ctx, fmt.Sprintf("%s: %d steps in a row with no orbit point taken (%s)", InspectEndRefused, r.refusedIn, last))
	}
}

// goTo sends one go-to through the commander (checked and journalled).
func (r *inspectRun) goTo(ctx context.Context, p latLon) Result {
	return r.i.Commander.Do(ctx, []VehicleID{r.vehicle}, Command{Kind: CmdGoTo, Lat: p.Lat, Lon: p.Lon, Altitude: r.s.Altitude})[0]
}

// look points the camera at the vessel (the sea: 0 m AMSL), again when
// it has moved 5 m or 10 s have passed.
func (r *inspectRun) look(ctx context.Context, c latLon) {
	now := r.i.now()
	if !r.lookedT.IsZero() && distanceM(c, r.lookedAt) < 5 && now.Sub(r.lookedT) < 10*time.Second {
		return
	}
	res := r.i.Commander.Do(ctx, []VehicleID{r.vehicle}, Command{Kind: CmdLookAt, Lat: c.Lat, Lon: c.Lon})[0]
	if !res.OK {
		r.s.warn("camera not pointed: " + res.Error)
		return
	}
	r.lookedAt, r.lookedT = c, now
}

// order gives an order the consoles see (OrderEvent) and the journal
// keeps.
func (r *inspectRun) order(ctx context.Context, cmd Command) Result {
	out, err := r.i.Commander.Order(ctx, []VehicleID{r.vehicle}, cmd, "")
	if err != nil {
		return Result{Vehicle: r.vehicle, Error: err.Error(), Err: err}
	}
	return out.Results[0]
}

// finish ends the session: the camera freed and, unless the drone was
// taken from it, the drone back to its mission (when it flew one and the
// battery allows) or home.
func (r *inspectRun) finish(ctx context.Context, reason string) {
	s := r.s
	if !s.Active() {
		return
	}
	s.Phase, s.EndReason = InspectEnded, reason
	if res := r.order(ctx, Command{Kind: CmdLookFree}); !res.OK {
		s.warn("camera not freed: " + res.Error)
	}
	switch {
	case strings.HasPrefix(reason, InspectEndVehicle):
		s.Then = "left as it is"
	case s.Resume && !strings.HasPrefix(reason, InspectEndBattery):
		s.Then = "resume"
		if res := r.order(ctx, Command{Kind: CmdResume}); !res.OK {
			s.Then = "resume failed: " + res.Error
		}
	default:
		s.Then = "return"
		if res := r.order(ctx, Command{Kind: CmdReturn}); !res.OK {
			s.Then = "return failed: " + res.Error
		}
	}
	now := r.i.now()
	s.Ended = now
	r.i.log().Info("inspection ended", "id", r.id, "vehicle", r.vehicle, "reason", reason, "then", s.Then, "laps", s.Laps)
	r.publish(now)
}

// publish hands the session's state to the registry and the consoles.
func (r *inspectRun) publish(now time.Time) {
	r.s.Updated = now
	snap := r.s.clone()
	active := snap.Active()
	ended := false
	r.i.do(func(st *inspectState) {
		ended = r.active && !active
		r.latest, r.active = snap, active
		if !active {
			st.prune()
		}
	})
	if ended {
		r.i.saveJournal()
	}
	if r.i.Events != nil {
		r.i.Events.Publish(InspectEvent{Session: snap.clone()})
	}
}
