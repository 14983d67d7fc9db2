package live

import (
	"skerry/gcs"
	"skerry/web/view"
)

// encodePlans returns the saved plans' summaries as GET /api/plans gives
// them, or nil when the stream has announced none (no store, or the store
// could not list them: the feed then carries no plans and the REST API
// reports the error).
func (h *Hub) encodePlans(list []gcs.StoredPlan) []byte {
	if list == nil {
		return nil
	}
	out := make([]view.SavedPlan, 0, len(list))
	for _, sp := range list {
		out = append(out, view.SavedPlanOf(sp))
	}
	return h.encode(out)
}

// plansChanged sends the saved plans as a change left them to every
// client as a plans message; snapshots carry them from then on.
func (h *Hub) plansChanged(e gcs.PlansEvent) {
	if e.Plans == nil {
		return // the store could not list them: the list before stays
	}
	data := h.encodePlans(e.Plans)
	h.plans, h.snap = data, nil
	h.broadcast(&outEntry{typ: MsgPlans, data: data, at: h.Now()})
}
