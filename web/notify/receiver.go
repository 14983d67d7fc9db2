package notify

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Received is one report a Receiver took: its body and what its headers
// say.
type Received struct {
	ID          string // the Idempotency-Key
	Seq         int64  // X-Skerry-Seq (0 if absent)
	Unit        string // X-Skerry-Unit
	Incident    string // X-Skerry-Incident
	Kind        string // X-Skerry-Kind
	Signed      time.Time
	ContentType string
	Body        []byte
	Header      http.Header
}

// SeenStore remembers the report ids a Receiver has handled.
type SeenStore interface {
	// Seen reports whether id was handled.
	Seen(id string) bool
	// Add records id as handled.
	Add(id string)
}

// Receiver is the receiving side of report delivery, an http.Handler for
// a unit's webhook: it refuses a request whose signature or timestamp
// does not verify (401), answers 200 to a report id it has already
// handled without handling it again, logs a gap or a step back in the
// sender's X-Skerry-Seq, and hands each new report to Handle: 200 when
// Handle returns nil, 500 otherwise (the station will try again).
//
// Reports with the same id are handled one at a time: one that arrives
// while the same id is being handled is answered 503 (retried).
type Receiver struct {
	// Secret is the unit's secret; required (an empty secret refuses
	// everything).
	Secret string
	// Skew is how far a timestamp may be from Now (default DefaultSkew).
	Skew time.Duration
	// Seen remembers the ids handled (default NewMemorySeen(100000)).
	Seen SeenStore
	// Handle takes each new report; nil accepts them.
	Handle func(r Received) error
	// Log receives refusals, duplicates and sequence gaps; nil discards.
	Log *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
	// MaxBody bounds a request's body (default 10 MiB).
	MaxBody int64

	once     sync.Once
	mu       sync.Mutex
	inFlight map[string]bool
	lastSeq  map[string]int64 // per sender (X-Skerry-Unit)
	stats    ReceiverStats
}

// ReceiverStats counts what a Receiver answered.
type ReceiverStats struct {
	Handled    uint64 // reports handed to Handle successfully
	Duplicates uint64 // ids already handled, answered 200 again
	Refused    uint64 // bad signatures or timestamps
	Failed     uint64 // Handle errors and unreadable bodies
	Gaps       uint64 // Seq gaps or steps back
}

func (rv *Receiver) init() {
	rv.once.Do(func() {
		if rv.Seen == nil {
			rv.Seen = NewMemorySeen(100000)
		}
		if rv.Log == nil {
			rv.Log = slog.New(slog.DiscardHandler)
		}
		if rv.Now == nil {
			rv.Now = time.Now
		}
		if rv.MaxBody <= 0 {
			rv.MaxBody = 10 << 20
		}
		rv.inFlight, rv.lastSeq = map[string]bool{}, map[string]int64{}
	})
}

// Stats returns the counts so far.
func (rv *Receiver) Stats() ReceiverStats {
	rv.init()
	rv.mu.Lock()
	defer rv.mu.Unlock()
	return rv.stats
}

// ServeHTTP implements http.Handler.
func (rv *Receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	rv.init()
	if req.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "POST reports here", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, req.Body, rv.MaxBody))
	if err != nil {
		rv.add(func(s *ReceiverStats) { s.Failed++ })
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "report too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "reading the report: "+err.Error(), http.StatusBadRequest)
		return
	}
	h := req.Header
	if rv.Secret == "" {
		err = errors.New("the receiver has no secret")
	} else {
		err = Verify(rv.Secret, h.Get(HeaderSignature), h.Get(HeaderTimestamp), body, rv.Now(), rv.Skew)
	}
	if err != nil {
		rv.add(func(s *ReceiverStats) { s.Refused++ })
		rv.Log.Warn("report refused", "from", req.RemoteAddr, "report", h.Get(HeaderIdempotency), "err", err)
		http.Error(w, "refused: "+err.Error(), http.StatusUnauthorized)
		return
	}
	id := h.Get(HeaderIdempotency)
	if id == "" {
		id = h.Get(HeaderReport)
	}
	if id == "" {
		rv.add(func(s *ReceiverStats) { s.Failed++ })
		http.Error(w, "no Idempotency-Key", http.StatusBadRequest)
		return
	}
	seq, _ := strconv.ParseInt(h.Get(HeaderSeq), 10, 64)
	ts, _ := strconv.ParseInt(h.Get(HeaderTimestamp), 10, 64)
	r := Received{
		ID: id, Seq: seq, Unit: h.Get(HeaderUnit), Incident: h.Get(HeaderIncident), Kind: h.Get(HeaderKind),
		Signed: time.Unix(ts, 0), ContentType: h.Get("Content-Type"), Body: body, Header: h.Clone(),
	}
	status, msg := rv.take(r)
	if status != http.StatusOK {
		http.Error(w, msg, status)
		return
	}
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, msg+"\n")
}

// take handles r once: the answer's status and text.
func (rv *Receiver) take(r Received) (int, string) {
	rv.mu.Lock()
	if rv.inFlight[r.ID] {
		rv.mu.Unlock()
		return http.StatusServiceUnavailable, "this report is being handled; try again"
	}
	if rv.Seen.Seen(r.ID) {
		rv.stats.Duplicates++
		rv.mu.Unlock()
		rv.Log.Info("duplicate report: answered again, not handled again", "report", r.ID, "seq", r.Seq)
		return http.StatusOK, "duplicate"
	}
	rv.inFlight[r.ID] = true
	if r.Seq > 0 {
		last, known := rv.lastSeq[r.Unit]
		switch {
		case known && r.Seq > last+1:
			rv.stats.Gaps++
			rv.Log.Warn("gap in the reports' sequence", "unit", r.Unit, "after", last, "got", r.Seq)
		case known && r.Seq <= last:
			rv.stats.Gaps++
			rv.Log.Warn("report out of sequence", "unit", r.Unit, "after", last, "got", r.Seq)
		}
	}
	rv.mu.Unlock()

	var err error
	if rv.Handle != nil {
		err = rv.Handle(r)
	}

	rv.mu.Lock()
	defer rv.mu.Unlock()
	delete(rv.inFlight, r.ID)
	if err != nil {
		rv.stats.Failed++
		rv.Log.Error("handling a report", "report", r.ID, "err", err)
		return http.StatusInternalServerError, "not handled: " + err.Error()
	}
	rv.Seen.Add(r.ID)
	rv.stats.Handled++
	if r.Seq > rv.lastSeq[r.Unit] {
		rv.lastSeq[r.Unit] = r.Seq
	}
	return http.StatusOK, "handled"
}

func (rv *Receiver) add(fn func(*ReceiverStats)) {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	fn(&rv.stats)
}

// MemorySeen is a SeenStore in memory that forgets the oldest ids beyond
// its bound. It is safe for concurrent use.
type MemorySeen struct {
	mu    sync.Mutex
	max   int
	ids   map[string]struct{}
	order []string // ring of the ids, oldest at next
	next  int
}

// NewMemorySeen returns a store that remembers the last n ids (at least
// 1).
func NewMemorySeen(n int) *MemorySeen {
	return &MemorySeen{max: max(n, 1), ids: map[string]struct{}{}}
}

// Seen implements SeenStore.
func (m *MemorySeen) Seen(id string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.ids[id]
	return ok
}

// Add implements SeenStore.
func (m *MemorySeen) Add(id string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.ids[id]; ok {
		return
	}
	m.ids[id] = struct{}{}
	if len(m.order) < m.max {
		m.order = append(m.order, id)
		return
	}
	delete(m.ids, m.order[m.next])
	m.order[m.next] = id
	m.next = (m.next + 1) % m.max
}
