package gcs

import (
	"sort"
	"time"
)

// alertBook keeps the active alerts per vehicle and a bounded history of
// cleared ones. It belongs to the fleet goroutine.
type alertBook struct {
	cfg      AlertConfig
	active   map[VehicleID]map[string]*Alert // vehicle → key (rule kind, or statustext/TEXT) → alert
	lastText map[VehicleID]time.Time         // newest status text already seen
	textSeen map[textKey]time.Time           // text alert → last time sent
	history  []Alert
}

func newAlertBook(cfg AlertConfig) *alertBook {
	return &alertBook{
		cfg:      cfg,
		active:   map[VehicleID]map[string]*Alert{},
		lastText: map[VehicleID]time.Time{},
		textSeen: map[textKey]time.Time{},
	}
}

// textKey names one status-text alert.
type textKey struct {
	vehicle VehicleID
	key     string
}

// evaluate runs every rule on v and returns the alerts raised or cleared.
// It allocates only when something changes.
func (b *alertBook) evaluate(v *Vehicle, now time.Time) []Alert {
	var changes []Alert
	mine := b.active[v.ID]
	for i := range rules {
		r := &rules[i]
		_, was := mine[r.kind]
		is := r.check(v, b.cfg, was)
		switch {
		case is && !was:
			changes = append(changes, b.raise(v.ID, r.kind, r.kind, r.severity, r.message(v), now))
			mine = b.active[v.ID]
		case !is && was:
			changes = append(changes, b.clear(v.ID, r.kind, now))
		case is && r.live:
			if a := mine[r.kind]; a.Message != r.message(v) {
				a.Message = r.message(v) // the cause changed (a mode, a path): the text follows
				changes = append(changes, *a)
			}
		}
	}
	return append(changes, b.texts(v, now)...)
}

// texts raises an alert for each new warning-or-worse status text, and
// clears the alerts an all-clear text answers (see allclear.go).
func (b *alertBook) texts(v *Vehicle, now time.Time) []Alert {
	var changes []Alert
	seen := b.lastText[v.ID]
	for _, m := range v.Messages {
		if !m.At.After(seen) {
			continue
		}
		b.lastText[v.ID] = m.At
		if stem, ok := allClear(m.Text); ok {
			changes = append(changes, b.answer(v.ID, stem, now)...)
			continue
		}
		if m.Severity > 4 { // MAV_SEVERITY_WARNING
			continue
		}
		key := "statustext/" + m.Text
		b.textSeen[textKey{v.ID, key}] = now
		if _, was := b.active[v.ID][key]; !was {
			sev := SeverityWarning
			if m.Severity <= 2 { // CRITICAL, ALERT, EMERGENCY
				sev = SeverityCritical
			}
			changes = append(changes, b.raise(v.ID, key, "statustext", sev, m.Text, now))
		}
	}
	return changes
}

// answer clears vehicle vid's status-text alerts that an all-clear with
// stem ends.
func (b *alertBook) answer(vid VehicleID, stem string, now time.Time) []Alert {
	var changes []Alert
	for key, a := range b.active[vid] {
		if a.Kind == "statustext" && answers(stem, conditionStem(a.Message)) {
			delete(b.textSeen, textKey{vid, key})
			changes = append(changes, b.clear(vid, key, now))
		}
	}
	return changes
}

// tick clears status-text alerts that have not been repeated lately.
func (b *alertBook) tick(now time.Time) []Alert {
	var changes []Alert
	for tk, at := range b.textSeen {
		if now.Sub(at) < b.cfg.TextHold {
			continue
		}
		delete(b.textSeen, tk)
		if _, ok := b.active[tk.vehicle][tk.key]; ok {
			changes = append(changes, b.clear(tk.vehicle, tk.key, now))
		}
	}
	return changes
}

func (b *alertBook) raise(vid VehicleID, key, kind string, sev Severity, msg string, now time.Time) Alert {
	a := &Alert{ID: string(vid) + "/" + key, Vehicle: vid, Kind: kind, Severity: sev, Message: msg, Raised: now, Active: true}
	if b.active[vid] == nil {
		b.active[vid] = map[string]*Alert{}
	}
	b.active[vid][key] = a
	return *a
}

func (b *alertBook) clear(vid VehicleID, key string, now time.Time) Alert {
	a := b.active[vid][key]
	delete(b.active[vid], key)
	t := now
	a.Cleared, a.Active = &t, false
	b.history = append(b.history, *a)
	if over := len(b.history) - b.cfg.History; over > 0 {
		b.history = append([]Alert(nil), b.history[over:]...)
	}
	return *a
}

// active lists the active alerts, newest first.
func (b *alertBook) activeList() []Alert {
	var out []Alert
	for _, m := range b.active {
		for _, a := range m {
			out = append(out, *a)
		}
	}
	sortNewestFirst(out)
	return out
}

// list returns the active alerts then the history, newest first.
func (b *alertBook) list() []Alert {
	out := b.activeList()
	hist := append([]Alert(nil), b.history...)
	sortNewestFirst(hist)
	return append(out, hist...)
}

func sortNewestFirst(a []Alert) {
	sort.SliceStable(a, func(i, j int) bool {
		if !a[i].Raised.Equal(a[j].Raised) {
			return a[i].Raised.After(a[j].Raised)
		}
		return a[i].ID < a[j].ID
	})
}

// acknowledge marks alert id as seen by by at now: the active alert with
// that id, else the newest cleared one. The first acknowledgement stands:
// changed is false when the alert was already acknowledged. ok is false
// when no alert has the id.
func (b *alertBook) acknowledge(id, by string, now time.Time) (a Alert, changed, ok bool) {
	for _, m := range b.active {
		for _, al := range m {
			if al.ID == id {
				changed = ack(al, by, now)
				return *al, changed, true
			}
		}
	}
	for i := len(b.history) - 1; i >= 0; i-- {
		if b.history[i].ID == id {
			changed = ack(&b.history[i], by, now)
			return b.history[i], changed, true
		}
	}
	return Alert{}, false, false
}

// ack sets the acknowledgement of a unless it has one; it reports whether
// it did.
func ack(a *Alert, by string, now time.Time) bool {
	if a.Acked {
		return false
	}
	t := now
	a.Acked, a.AckedBy, a.AckedAt = true, by, &t
	return true
}
