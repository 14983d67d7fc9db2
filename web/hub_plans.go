package web

import (
	"context"
	"time"

	"skerry/gcs"
)

// plansListTimeout bounds one listing of the saved plans for the feed.
const plansListTimeout = 5 * time.Second

// listPlans returns the saved plans' summaries as GET /api/plans gives
// them, or nil without a store or when the store cannot list them (the
// feed then carries no plans; the REST API reports the error).
func (h *Hub) listPlans(ctx context.Context) []byte {
	if h.Plans == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, plansListTimeout)
	defer cancel()
	list, err := h.Plans.List(ctx)
	if err != nil {
		if h.Log != nil {
			h.Log.Warn("saved plans not listed for the live feed", "err", err)
		}
		return nil
	}
	out := make([]planRecord, 0, len(list))
	for _, sp := range list {
		out = append(out, recordJSON(sp))
	}
	return h.encode(out)
}

// plansChanged sends the saved plans as a change left them to every
// client as a plans message; snapshots carry them from then on.
func (h *Hub) plansChanged(e gcs.PlansEvent) {
	if e.Plans == nil {
		return // the store could not list them: the list before stays
	}
	out := make([]planRecord, 0, len(e.Plans))
	for _, sp := range e.Plans {
		out = append(out, recordJSON(sp))
	}
	data := h.encode(out)
	h.plans, h.snap = data, nil
	h.broadcast(&outEntry{typ: MsgPlans, data: data, at: h.Now()}, "")
}
