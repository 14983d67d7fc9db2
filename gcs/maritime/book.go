package maritime

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"slices"
	"strings"
	"time"

	"skerry/gcs"
)

// book is the incidents the picture knows: the open ones by cause, every
// one in memory by id, when each cause was last found, and how many
// incidents each vessel has had. It belongs to the Picture's owner
// goroutine. Incidents are copied on change: a *gcs.Incident announced
// on the stream never changes.
type book struct {
	log   *slog.Logger
	open  map[string]*gcs.Incident // by Key, not closed
	byID  map[string]*gcs.Incident
	found map[string]time.Time // by Key: when the cause was last found
	// closed holds the keys of incidents closed while their cause lasted:
	// the cause does not raise another until it has been gone for Rearm.
	closed map[string]time.Time
	past   map[string]int // by identity: incidents raised about it
	// dirty are the open incidents observed since they were last saved.
	dirty map[string]bool
	// errs is, per open incident, the largest position error (metres) of
	// its camera-only vessels when last observed: how far apart two
	// contacts of one boat may be.
	errs map[string]float64
}

func newBook(log *slog.Logger) *book {
	return &book{log: log, open: map[string]*gcs.Incident{}, byID: map[string]*gcs.Incident{},
		found: map[string]time.Time{}, closed: map[string]time.Time{}, past: map[string]int{}, dirty: map[string]bool{},
		errs: map[string]float64{}}
}

// keep records inc as the latest state of its id, open under its key and
// its aliases, or closed.
func (b *book) keep(inc *gcs.Incident) {
	b.byID[inc.ID] = inc
	for _, key := range causeKeys(inc) {
		if inc.State == gcs.IncidentClosed {
			if o := b.open[key]; o != nil && o.ID == inc.ID {
				delete(b.open, key)
			}
			b.closed[key] = inc.Updated
			continue
		}
		b.open[key] = inc
	}
	if inc.State == gcs.IncidentClosed {
		delete(b.dirty, inc.ID)
		delete(b.errs, inc.ID)
	}
}

// causeKeys are an incident's key and its aliases.
func causeKeys(inc *gcs.Incident) []string {
	return append([]string{inc.Key}, inc.Aliases...)
}

// openIncidents returns each open incident once, by id.
func (b *book) openIncidents() []*gcs.Incident {
	seen := map[string]bool{}
	var out []*gcs.Incident
	for _, inc := range b.open {
		if !seen[inc.ID] {
			seen[inc.ID] = true
			out = append(out, inc)
		}
	}
	slices.SortFunc(out, func(a, b *gcs.Incident) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// load takes the incidents a store gave back at start: open ones are open
// again, closed ones suppress their cause as when they were closed, and
// every one counts for its vessels' past.
func (b *book) load(incs []gcs.Incident) {
	for i := range incs {
		inc := &incs[i]
		b.keep(inc)
		if inc.State != gcs.IncidentClosed {
			for _, key := range causeKeys(inc) {
				b.found[key] = inc.Observed
			}
		}
		for _, v := range inc.Vessels {
			b.past[vesselIdentity(v)]++
		}
	}
}

// vesselIdentity is Identity for a vessel of an incident.
func vesselIdentity(v gcs.IncidentVessel) string {
	return Identity(&gcs.Target{ID: v.Target, Contact: v.Contact, MMSI: v.MMSI})
}

// suppressed says whether a cause found at now must not raise a new
// incident: one of its incidents was closed, and the cause has not been
// gone for rearm since.
func (b *book) suppressed(key string, prevFound, now time.Time, rearm time.Duration) bool {
	if _, ok := b.closed[key]; !ok {
		return false
	}
	if prevFound.IsZero() || now.Sub(prevFound) > rearm {
		delete(b.closed, key)
		return false
	}
	return true
}

// clone copies an incident deeply enough to change it: the slices it
// appends to are its own.
func clone(inc *gcs.Incident) *gcs.Incident {
	n := *inc
	n.Vessels = slices.Clone(inc.Vessels)
	n.Evidence = slices.Clone(inc.Evidence)
	n.History = slices.Clone(inc.History)
	return &n
}

// newIncidentID returns a time-ordered, unique, URL-safe id.
func newIncidentID(now time.Time) string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return "I" + now.UTC().Format("20060102T150405") + "-" + hex.EncodeToString(b[:])
}

// save writes inc to the store (when there is one); an error is returned
// for the caller to report.
func save(ctx context.Context, st gcs.IncidentStore, inc *gcs.Incident) error {
	if st == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return st.SaveIncident(ctx, inc)
}

// closedMemory is how long a closed incident stays in memory (the store
// keeps it for good): long enough for the consoles' recent list and for
// its cause's rearm.
const closedMemory = 24 * time.Hour

// forgetClosed drops from memory the incidents closed before cut.
func (b *book) forgetClosed(cut time.Time) {
	for id, inc := range b.byID {
		if inc.State == gcs.IncidentClosed && inc.Updated.Before(cut) {
			delete(b.byID, id)
		}
	}
}
