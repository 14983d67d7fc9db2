package api

import (
	"net/http"
	"strconv"
)

// maxOrdersListed bounds GET /api/orders?limit=.
const maxOrdersListed = 1000

// listOrders serves GET /api/orders: the order journal, newest first;
// ?limit=N (default 100, at most 1,000), ?overridden=1 for the orders sent
// under an override only.
func (s *Server) listOrders(w http.ResponseWriter, r *http.Request) {
	if s.Orders == nil {
		s.writeError(w, http.StatusNotImplemented, "this station keeps no order journal (start it with --data)")
		return
	}
	q := r.URL.Query()
	limit := 100
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxOrdersListed {
			s.writeError(w, http.StatusBadRequest, "limit must be a whole number from 1 to 1000")
			return
		}
		limit = n
	}
	only := false
	switch q.Get("overridden") {
	case "", "0", "false":
	case "1", "true":
		only = true
	default:
		s.writeError(w, http.StatusBadRequest, "overridden must be 1 or 0")
		return
	}
	list, err := s.Orders.Recent(r.Context(), limit, only)
	if err != nil {
		s.log().Error("order journal not read", "err", err)
		s.writeError(w, http.StatusInternalServerError, "the order journal could not be read: "+err.Error())
		return
	}
	s.writeJSON(w, http.StatusOK, list)
}
