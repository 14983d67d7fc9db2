package web

import (
	"context"
	"time"
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

// PublishPlans lists the saved plans again and sends the list to every
// client as a plans message; snapshots carry it from then on. It reads
// the store on the caller's goroutine and waits only briefly for the hub.
func (h *Hub) PublishPlans(ctx context.Context) {
	data := h.listPlans(ctx)
	if data == nil {
		return
	}
	h.do(func() {
		h.plans, h.snap = data, nil
		h.broadcast(&outEntry{typ: MsgPlans, data: data, at: h.Now()}, "")
	})
}
