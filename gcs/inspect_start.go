package gcs

import (
	"context"
	"fmt"
	"strings"
)

// Start starts the inspection the pilot confirmed: req must name the
// drone and set Confirm. The plan is made again now (the vessel has moved
// since it was shown) with that drone; a refusal is Plan's. The session
// runs until End, the battery, the target's loss or the law end it.
func (i *Inspector) Start(ctx context.Context, req InspectRequest) (InspectSession, error) {
	if !req.Confirm || req.Vehicle == "" {
		return InspectSession{}, ErrInspectConfirm
	}
	if i.ctx.Err() != nil {
		return InspectSession{}, ErrInspectorClosed
	}
	plan, err := i.Plan(ctx, req)
	if err != nil {
		return InspectSession{}, err
	}
	v, ok := i.Fleet.Vehicle(plan.Vehicle)
	if !ok {
		return InspectSession{}, fmt.Errorf("%w %q", ErrUnknownVehicle, plan.Vehicle)
	}
	task, _ := taskOf(&v)
	now := i.now()
	t, err := i.target(ctx, plan.Target)
	if err != nil {
		return InspectSession{}, err
	}
	r := &inspectRun{i: i, id: newOrderID(), vehicle: plan.Vehicle, ctl: make(chan inspectCtl), done: make(chan struct{}), active: true}
	r.s = &InspectSession{ID: r.id, Vehicle: plan.Vehicle, Target: plan.Target, Incident: plan.Incident, By: req.By,
		Phase: InspectTransit, Radius: plan.Radius, Altitude: plan.Altitude, Resume: task == TaskMission,
		Battery: v.Battery.Remaining, Started: now, Updated: now, Warnings: append([]string(nil), plan.Warnings...)}
	if task == TaskIdle {
		r.s.Phase = InspectTakeoff
	}
	r.hear(t, now)
	r.latest = r.s.clone()
	taken := false
	i.do(func(st *inspectState) {
		for _, o := range st.runs {
			if o.active && o.vehicle == r.vehicle {
				return
			}
		}
		taken = true
		st.runs[r.id] = r
		st.order = append(st.order, r.id)
		st.prune()
	})
	if !taken {
		return InspectSession{}, &InspectError{Err: ErrInspectNoDrone, Reasons: []string{string(r.vehicle) + ": already inspecting"}}
	}
	i.log().Info("inspection started", "id", r.id, "vehicle", r.vehicle, "target", r.s.Target, "radius", r.s.Radius, "by", req.By)
	first := r.s.clone() // before the goroutine owns r.s
	i.saveJournal()      // journalled before the drone is sent
	go r.run(i.ctx)
	return *first, nil
}

// prune forgets the oldest ended sessions beyond maxEndedInspections.
func (st *inspectState) prune() {
	ended := 0
	for _, id := range st.order {
		if !st.runs[id].active {
			ended++
		}
	}
	kept := st.order[:0]
	for _, id := range st.order {
		if r := st.runs[id]; !r.active && ended > maxEndedInspections {
			delete(st.runs, id)
			ended--
			continue
		}
		kept = append(kept, id)
	}
	st.order = kept
}

// End ends session id for the pilot: the camera freed, the drone back to
// its mission or home. It returns the ended session; ending an ended
// session returns it as it is.
func (i *Inspector) End(ctx context.Context, id, by string) (InspectSession, error) {
	var r *inspectRun
	i.do(func(st *inspectState) { r = st.runs[id] })
	if r == nil {
		return InspectSession{}, fmt.Errorf("%w: %q", ErrNoInspection, id)
	}
	reason := InspectEndPilot
	if by = strings.TrimSpace(by); by != "" {
		reason += ": ended by " + by
	}
	c := inspectCtl{end: reason, reply: make(chan struct{})}
	select {
	case r.ctl <- c:
		select {
		case <-c.reply:
		case <-ctx.Done():
			return InspectSession{}, ctx.Err()
		}
	case <-r.done:
	case <-ctx.Done():
		return InspectSession{}, ctx.Err()
	}
	return i.Session(id)
}

// stepNow makes session id take one step now and waits for it (tests).
func (i *Inspector) stepNow(id string) bool {
	var r *inspectRun
	i.do(func(st *inspectState) { r = st.runs[id] })
	if r == nil {
		return false
	}
	c := inspectCtl{reply: make(chan struct{})}
	select {
	case r.ctl <- c:
		<-c.reply
		return true
	case <-r.done:
		return false
	}
}
