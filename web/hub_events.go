package web

import "skerry/gcs"

// handleEvents sends what the core announced: every order's results,
// whichever front end gave it, and a new operation at once.
func (h *Hub) handleEvents(evs []gcs.Event) {
	for _, ev := range evs {
		switch e := ev.(type) {
		case gcs.OrderEvent:
			results := e.Results
			if results == nil {
				results = []gcs.Result{}
			}
			h.broadcast(&outEntry{typ: MsgResult, data: h.encode(resultData{RequestID: e.ID, Results: results}), at: h.Now()}, "")
		case gcs.OperationEvent:
			h.operationChanged(e.Operation)
		case gcs.PlansEvent:
			h.plansChanged(e)
		}
	}
}

// operationChanged tells the consoles of a new active operation.
func (h *Hub) operationChanged(op *gcs.Operation) {
	if op == h.op {
		return
	}
	h.op, h.snap = op, nil
	h.broadcast(&outEntry{typ: MsgOperation, data: h.encode(h.operationSummary()), at: h.Now()}, "")
}
