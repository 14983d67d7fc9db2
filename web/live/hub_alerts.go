package live

import (
	"sort"
	"time"

	"skerry/gcs"
)

// pruneAlerts keeps the active alerts and the RecentAlerts newest cleared.
func (h *Hub) pruneAlerts() {
	var cleared []gcs.Alert
	for _, a := range h.alerts {
		if !a.Active {
			cleared = append(cleared, a)
		}
	}
	if len(cleared) <= h.RecentAlerts {
		return
	}
	sortAlerts(cleared)
	for _, a := range cleared[h.RecentAlerts:] {
		delete(h.alerts, a.ID)
	}
}

// sortAlerts orders active alerts first, then newest first.
func sortAlerts(a []gcs.Alert) {
	at := func(x gcs.Alert) time.Time {
		if x.Cleared != nil {
			return *x.Cleared
		}
		return x.Raised
	}
	sort.Slice(a, func(i, j int) bool {
		if a[i].Active != a[j].Active {
			return a[i].Active
		}
		if ti, tj := at(a[i]), at(a[j]); !ti.Equal(tj) {
			return ti.After(tj)
		}
		return a[i].ID < a[j].ID
	})
}
