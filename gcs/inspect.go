package gcs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"sync"
	"time"
)

// Inspector sends a drone to look at a vessel: from an incident or a
// target of the maritime picture it chooses the nearest suitable drone,
// plans an orbit round the vessel that the operation's law allows, and,
// once the pilot confirms, flies it there and keeps it circling the
// moving vessel with its camera on it, until the pilot ends it, the
// battery must keep its reserve for home, the vessel is lost or the law
// refuses every way on. Then it gives the drone back to its patrol, or
// sends it home.
//
// Every order goes through the Commander, checked as any other order and
// journalled. Each session is a goroutine of its own that owns its state;
// its states are published on Events as InspectEvent.
type Inspector struct {
	// Fleet gives the drones' states; required.
	Fleet *Fleet
	// Commander gives the orders; required.
	Commander *Commander
	// Operation is the law the orbits are checked against, and the
	// endurance and cruise speed the batteries are budgeted with (nil or
	// none set: defaults, and no law beyond the vehicles' fences).
	Operation *OperationStore
	// Targets is the maritime picture; required.
	Targets InspectTargets
	// Events, when set, is told every session's new state.
	Events *Events
	// Log receives the sessions' lines; nil discards.
	Log *slog.Logger
	// Now is the clock (default time.Now); Period how often a session
	// re-aims its drone (default 2 s).
	Now    func() time.Time
	Period time.Duration

	// Orbit settings; zero means the Default... constants.
	Radius, Altitude, MaxRadius, Step float64
	Points                            int
	// OrbitSpeed is the speed along the orbit, m/s (default 5).
	OrbitSpeed float64
	// OrbitTime is the time over the vessel a drone needs battery for
	// (default DefaultInspectOrbitTime); Reserve the battery percent kept
	// for landing home (default DefaultInspectReserve).
	OrbitTime time.Duration
	Reserve   float64
	// LostAfter ends a session whose target was not reported for that
	// long (default 60 s); RefusedAfter one whose every orbit point was
	// refused that many times in a row (default 5).
	LostAfter    time.Duration
	RefusedAfter int
	// Journal, when set, keeps the running inspections so that after a
	// crash the restarted station lists them as interrupted, naming the
	// drones it had sent and not given back.
	Journal InspectJournal

	journalMu sync.Mutex // one journal write at a time

	reqs   chan func(*inspectState)
	ctx    context.Context
	cancel context.CancelFunc
	quit   chan struct{} // closed by Close once the sessions have ended
	done   chan struct{} // closed when the registry's goroutine has stopped
	closed sync.Once
}

// InspectTargets is where the inspector finds vessels: the maritime
// picture (gcs/maritime.Picture and the API's Maritime satisfy it).
type InspectTargets interface {
	Target(ctx context.Context, id VesselID) (Target, error)   // wraps ErrNoTarget
	Incident(ctx context.Context, id string) (Incident, error) // wraps ErrNoIncident
}

// InspectRequest asks for an inspection: of Target, or of Incident's
// first vessel (Target wins when both are given); by Vehicle (empty: the
// nearest suitable); at Radius metres from the vessel and Altitude
// metres above home (0: defaults). Start needs Vehicle named and Confirm
// set: the pilot confirms the plan.
type InspectRequest struct {
	Incident string    `json:"incident,omitempty"`
	Target   VesselID  `json:"target,omitempty"`
	Vehicle  VehicleID `json:"vehicle,omitempty"`
	Radius   float64   `json:"radius,omitempty"`
	Altitude float64   `json:"altitude,omitempty"`
	Confirm  bool      `json:"confirm,omitempty"`
	By       string    `json:"by,omitempty"`
}

// InspectPlan is an inspection as planned, not flown: the drone chosen,
// the orbit and its estimates, and every drone considered.
type InspectPlan struct {
	Target   VesselID  `json:"target"`
	Incident string    `json:"incident,omitempty"`
	Vehicle  VehicleID `json:"vehicle"`
	// Vessel is where the vessel is reckoned now.
	Vessel   Position `json:"vessel"`
	Radius   float64  `json:"radius"`
	Altitude float64  `json:"altitude"`
	// Points are the orbit's points (lat, lon; alt_rel the altitude),
	// clockwise, the first the one the drone flies to.
	Points []Position `json:"points"`
	// Distance is from the drone to the first point, metres; Minutes the
	// whole flight's estimate (there, the orbit time, home);
	// BatteryNeeded its percent with the reserve, Battery the drone's.
	Distance      float64            `json:"distance"`
	Minutes       float64            `json:"minutes"`
	BatteryNeeded float64            `json:"battery_needed"`
	Battery       Reading            `json:"battery"`
	Task          string             `json:"task"`
	Warnings      []string           `json:"warnings,omitempty"`
	Candidates    []InspectCandidate `json:"candidates"`
}

// Errors of the inspector; an *InspectError carries the reasons.
var (
	// ErrInspectNoDrone: no drone is fit (or the one named is not).
	ErrInspectNoDrone = errors.New("no drone can be sent")
	// ErrInspectNoOrbit: no orbit round the vessel keeps to the law.
	ErrInspectNoOrbit = errors.New("no lawful orbit round the vessel")
	// ErrInspectConfirm: starting needs the pilot's confirmation and the
	// drone named.
	ErrInspectConfirm = errors.New("an inspection starts once the pilot confirms it, naming the drone")
	// ErrNoInspection: no session has that id.
	ErrNoInspection = errors.New("no such inspection")
	// ErrInspectorClosed: the inspector is closed.
	ErrInspectorClosed = errors.New("the inspector is closed")
)

// InspectError is a refused inspection with the reasons and the drones
// considered.
type InspectError struct {
	Err        error
	Reasons    []string
	Candidates []InspectCandidate
}

// Error says why.
func (e *InspectError) Error() string {
	if len(e.Reasons) == 0 {
		return e.Err.Error()
	}
	return e.Err.Error() + ": " + strings.Join(e.Reasons, "; ")
}

// Unwrap gives the sentinel error.
func (e *InspectError) Unwrap() error { return e.Err }

// inspectState is the sessions, owned by the inspector's goroutine.
type inspectState struct {
	runs  map[string]*inspectRun
	order []string // ids, oldest first
}

// maxEndedInspections bounds the ended sessions kept for Sessions.
const maxEndedInspections = 50

// Initialize checks the configuration and starts the inspector.
func (i *Inspector) Initialize() error {
	if i.Fleet == nil || i.Commander == nil || i.Targets == nil {
		return errors.New("inspector: Fleet, Commander and Targets are required")
	}
	i.reqs = make(chan func(*inspectState))
	i.quit, i.done = make(chan struct{}), make(chan struct{})
	i.ctx, i.cancel = context.WithCancel(context.Background())
	go i.own()
	if err := i.recoverJournal(); err != nil {
		i.Close()
		return err
	}
	return nil
}

// own runs the requests on the sessions' registry until Close.
func (i *Inspector) own() {
	defer close(i.done)
	st := &inspectState{runs: map[string]*inspectRun{}}
	for {
		select {
		case fn := <-i.reqs:
			fn(st)
		case <-i.quit:
			return
		}
	}
}

// do runs fn on the registry; false once closed.
func (i *Inspector) do(fn func(*inspectState)) bool {
	done := make(chan struct{})
	select {
	case i.reqs <- func(st *inspectState) { fn(st); close(done) }:
		<-done
		return true
	case <-i.done:
		return false
	}
}

// Close ends every session (its drone told to resume or return) and
// stops the inspector.
func (i *Inspector) Close() {
	if i.cancel == nil {
		return
	}
	i.closed.Do(func() {
		i.cancel()
		var runs []*inspectRun
		i.do(func(st *inspectState) {
			for _, r := range st.runs {
				runs = append(runs, r)
			}
		})
		for _, r := range runs {
			<-r.done
		}
		close(i.quit)
	})
	<-i.done
}

// Plan chooses a drone and plans the orbit without flying: the nearest
// eligible drone with a lawful orbit, or req.Vehicle. A refusal is an
// *InspectError (ErrInspectNoDrone, ErrInspectNoOrbit) with the reasons.
func (i *Inspector) Plan(ctx context.Context, req InspectRequest) (InspectPlan, error) {
	if err := checkOrbitRequest(req.Radius, req.Altitude); err != nil {
		return InspectPlan{}, err
	}
	t, err := i.resolve(ctx, &req)
	if err != nil {
		return InspectPlan{}, err
	}
	op := i.op()
	if i.lawOf() != nil {
		if ps := op.Problems(); len(ps) > 0 {
			return InspectPlan{}, &InspectError{Err: ErrInspectNoOrbit, Reasons: ps}
		}
	}
	radius, alt := orDefault(req.Radius, i.Radius, DefaultInspectRadius), orDefault(req.Altitude, i.Altitude, DefaultInspectAltitude)
	now := i.now()
	c := reckon(latLon{t.Lat, t.Lon}, t.Course, t.Speed, min(now.Sub(t.At), i.lostAfter()))
	busy := i.busy()
	vehicles := i.Fleet.Vehicles()
	cands := make([]InspectCandidate, 0, len(vehicles))
	byID := map[VehicleID]*Vehicle{}
	for k := range vehicles {
		v := &vehicles[k]
		byID[v.ID] = v
		cands = append(cands, i.candidate(v, op, c, radius, alt, busy))
	}
	rankCandidates(cands)
	plan := InspectPlan{Target: t.ID, Incident: req.Incident, Vessel: Position{Lat: c.Lat, Lon: c.Lon}, Altitude: alt, Candidates: cands}
	if strings.HasPrefix(string(t.ID), InspectPlacePrefix) {
		plan.Warnings = append(plan.Warnings, "no vessel of the picture to follow: the drone circles the incident's place")
	}
	var problems []string
	for k := range cands {
		cand := &cands[k]
		if req.Vehicle != "" && cand.Vehicle != req.Vehicle {
			continue
		}
		if !cand.Eligible && (req.Vehicle == "" || !named(*cand)) {
			continue
		}
		v := byID[cand.Vehicle]
		orbit := i.planOrbit(v, c, radius, alt)
		if orbit.Problems != nil {
			texts := violationTexts(orbit.Problems)
			cand.Eligible = false
			cand.Reasons = append(cand.Reasons, "no lawful orbit: "+strings.Join(texts, "; "))
			problems = append(problems, texts...)
			continue
		}
		cand.Chosen = true
		i.fill(&plan, v, cand, orbit, radius)
		return plan, nil
	}
	if req.Vehicle != "" {
		if _, ok := byID[req.Vehicle]; !ok {
			return InspectPlan{}, fmt.Errorf("%w %q", ErrUnknownVehicle, req.Vehicle)
		}
	}
	if len(problems) > 0 {
		return InspectPlan{}, &InspectError{Err: ErrInspectNoOrbit, Reasons: problems, Candidates: cands}
	}
	var reasons []string
	for _, cand := range cands {
		if req.Vehicle == "" || cand.Vehicle == req.Vehicle {
			reasons = append(reasons, string(cand.Vehicle)+": "+strings.Join(cand.Reasons, ", "))
		}
	}
	if len(reasons) == 0 {
		reasons = []string{"no drone in the fleet"}
	}
	return InspectPlan{}, &InspectError{Err: ErrInspectNoDrone, Reasons: reasons, Candidates: cands}
}

// fill completes plan with the chosen drone and its orbit.
func (i *Inspector) fill(plan *InspectPlan, v *Vehicle, cand *InspectCandidate, orbit orbitPlan, asked float64) {
	plan.Vehicle, plan.Radius, plan.Task = v.ID, orbit.Radius, cand.Task
	for _, p := range orbit.Points {
		plan.Points = append(plan.Points, Position{Lat: p.Lat, Lon: p.Lon, AltRel: plan.Altitude})
	}
	plan.Distance = math.Round(distanceM(latLon{v.Position.Lat, v.Position.Lon}, orbit.Points[0]))
	plan.Minutes, plan.BatteryNeeded, plan.Battery = cand.Minutes, cand.BatteryNeeded, cand.Battery
	if orbit.Widened {
		plan.Warnings = append(plan.Warnings, fmt.Sprintf("orbit widened from %.0f m to %.0f m to keep to the operation's zones and area", asked, orbit.Radius))
	}
	plan.Warnings = append(plan.Warnings, cand.Reasons...) // a named drone's unknown battery or missing camera
	if cand.Task == TaskMission {
		plan.Warnings = append(plan.Warnings, "the drone leaves its mission and resumes it afterwards: the battery budgeted is for the inspection and the trip home, not for the rest of the mission")
	}
	if cand.Task == TaskIdle {
		plan.Warnings = append(plan.Warnings, fmt.Sprintf("the drone takes off to %.0f m first", plan.Altitude))
	}
}

// resolve finds the target of req (an incident's first vessel when no
// target is named; its place when it names none, or when that vessel
// has left the picture), setting req.Target.
func (i *Inspector) resolve(ctx context.Context, req *InspectRequest) (Target, error) {
	if req.Target == "" && req.Incident == "" {
		return Target{}, fmt.Errorf("%w: name a target or an incident", ErrInvalidCommand)
	}
	if req.Target == "" {
		inc, err := i.Targets.Incident(ctx, req.Incident)
		if err != nil {
			return Target{}, err
		}
		if len(inc.Vessels) > 0 && inc.Vessels[0].Target != "" {
			t, err := i.target(ctx, inc.Vessels[0].Target)
			if !errors.Is(err, ErrNoTarget) {
				req.Target = inc.Vessels[0].Target
				return t, err
			}
		}
		// raised at a point of the map, or its vessel has left the
		// picture: look at the place
		req.Target = VesselID(InspectPlacePrefix + inc.ID)
		return placeTarget(&inc, i.now())
	}
	return i.target(ctx, req.Target)
}

// busy lists the drones of the active sessions.
func (i *Inspector) busy() map[VehicleID]bool {
	out := map[VehicleID]bool{}
	i.do(func(st *inspectState) {
		for _, r := range st.runs {
			if r.active {
				out[r.vehicle] = true
			}
		}
	})
	return out
}

// Sessions lists the sessions, active ones first, most recent first.
func (i *Inspector) Sessions() []InspectSession {
	var active, ended []InspectSession
	i.do(func(st *inspectState) {
		for k := len(st.order) - 1; k >= 0; k-- {
			r := st.runs[st.order[k]]
			if r.active {
				active = append(active, *r.latest.clone())
			} else {
				ended = append(ended, *r.latest.clone())
			}
		}
	})
	return append(active, ended...)
}

// Session returns one session.
func (i *Inspector) Session(id string) (InspectSession, error) {
	var out *InspectSession
	i.do(func(st *inspectState) {
		if r := st.runs[id]; r != nil {
			out = r.latest.clone()
		}
	})
	if out == nil {
		return InspectSession{}, fmt.Errorf("%w: %q", ErrNoInspection, id)
	}
	return *out, nil
}
