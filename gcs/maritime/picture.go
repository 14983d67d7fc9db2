package maritime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"skerry/gcs"
	"skerry/gcs/report"
)

// Defaults of Picture.
const (
	DefaultTick        = time.Second
	DefaultHistoryStep = 5 * time.Second
	DefaultHistorySpan = time.Hour
	DefaultRearm       = 10 * time.Minute
	DefaultSaveEvery   = 30 * time.Second
	// SettingsName is the name the rules' settings are stored under.
	SettingsName = "maritime.rules"
)

// SettingsStore keeps the rules' settings (internal/store implements it).
type SettingsStore interface {
	Get(ctx context.Context, name string) (json.RawMessage, bool, error)
	Put(ctx context.Context, name string, value json.RawMessage, by string) error
}

// Picture is the maritime picture: it hears the camera contacts
// (gcs.VesselEvent) and the AIS vessels (gcs.AISEvent) on the event
// stream, fuses them into targets, evaluates the rules every Tick, scores
// each target's risk, raises and updates incidents, and announces targets
// (gcs.TargetEvent) and incidents (gcs.IncidentEvent).
//
// One goroutine owns the picture; the methods ask it. Zero values of the
// optional fields mean the documented defaults. Call Initialize before
// use and Close when done.
type Picture struct {
	Events *gcs.Events
	// Store keeps the incidents and their evidence files; nil keeps them
	// in memory only.
	Store gcs.IncidentStore
	// SettingsStore keeps the rules' settings; nil: in memory only.
	SettingsStore SettingsStore
	// Outbox and Units, when both set, make each material change of an
	// incident a report to the maritime units it concerns (gcs/report),
	// stored with the change (Outbox also stores the incident: set Store
	// to the same database). ReportConfig says who sends them.
	Outbox       gcs.Outbox
	Units        gcs.UnitStore
	ReportConfig report.Config
	// Snapshot returns the cameras' best picture of a contact (JPEG with
	// its box), for evidence; nil: none.
	Snapshot func(ctx context.Context, id gcs.VesselID) ([]byte, error)
	// Clips cuts the video clip of a sighting for evidence; nil: none.
	Clips gcs.Clipper
	Zones *Zones
	Land  gcs.Surface
	// Watch says whether a position is in the watched area; nil:
	// everywhere.
	Watch  func(lat, lon float64) bool
	Fusion Fusion
	// Settings are the rules' settings at start when none are stored;
	// nil: DefaultSettings.
	Settings *Settings
	Log      *slog.Logger
	Now      func() time.Time
	// Tick is how often the rules run (default DefaultTick); negative:
	// never on their own (tests call Evaluate).
	Tick time.Duration
	// HistoryStep and HistorySpan thin and bound each vessel's history in
	// memory (defaults DefaultHistoryStep, DefaultHistorySpan).
	HistoryStep, HistorySpan time.Duration
	// Rearm: a cause whose incident was closed raises a new one only
	// after it has been gone this long (default DefaultRearm).
	Rearm time.Duration
	// SaveEvery bounds how often an open incident that is only being
	// observed again (no new vessel, evidence or severity) is saved
	// (default DefaultSaveEvery).
	SaveEvery time.Duration

	sub     *gcs.EventSub
	reqs    chan func()
	done    chan struct{}
	stopped chan struct{}
	once    sync.Once
	stats   counters

	// Evidence files without a store (safe for concurrent use).
	memFiles sync.Map
	memCount atomic.Int64

	// Owned by the owner goroutine.
	set       Settings
	fz        *fuser
	camHist   map[gcs.VesselID]*history
	aisHist   map[uint32]*history
	targets   map[gcs.VesselID]*gcs.Target // as last announced
	tracks    map[gcs.VesselID]*Track
	book      *book
	lastFlush time.Time
}

// Stats counts what the picture did.
type Stats struct {
	Evaluations uint64
	Findings    uint64 // findings, all rules, all evaluations
	Raised      uint64 // incidents raised by the rules
	Manual      uint64 // incidents raised by operators
	Steps       uint64 // lifecycle steps taken
	StoreErrors uint64
	Targets     int
	Open        int           // open incidents
	LastEval    time.Duration // how long the last evaluation took
}

type counters struct {
	evaluations, findings, raised, manual, steps, storeErrors atomic.Uint64
	targets, open, lastEval                                   atomic.Int64
}

// Stats returns the counters; safe from any goroutine.
func (p *Picture) Stats() Stats {
	return Stats{Evaluations: p.stats.evaluations.Load(), Findings: p.stats.findings.Load(),
		Raised: p.stats.raised.Load(), Manual: p.stats.manual.Load(), Steps: p.stats.steps.Load(),
		StoreErrors: p.stats.storeErrors.Load(), Targets: int(p.stats.targets.Load()),
		Open: int(p.stats.open.Load()), LastEval: time.Duration(p.stats.lastEval.Load())}
}

// Initialize loads the stored settings and the open and recent incidents,
// subscribes to the event stream and starts the owner goroutine. Bad
// settings in the store are refused with an error; a store that cannot
// be read is an error too (the station must not run blind to its
// incidents).
func (p *Picture) Initialize() error {
	p.defaults()
	if p.Events == nil {
		return errors.New("maritime picture: no event stream")
	}
	if err := p.loadSettings(); err != nil {
		return err
	}
	p.fz = newFuser(p.Fusion)
	p.camHist, p.aisHist = map[gcs.VesselID]*history{}, map[uint32]*history{}
	p.targets, p.tracks = map[gcs.VesselID]*gcs.Target{}, map[gcs.VesselID]*Track{}
	p.book = newBook(p.Log)
	if err := p.loadIncidents(); err != nil {
		return err
	}
	p.reqs = make(chan func())
	p.done = make(chan struct{})
	p.stopped = make(chan struct{})
	p.sub = p.Events.Subscribe()
	go p.run()
	return nil
}

func (p *Picture) defaults() {
	if p.Log == nil {
		p.Log = slog.New(slog.DiscardHandler)
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	if p.Tick == 0 {
		p.Tick = DefaultTick
	}
	if p.HistoryStep <= 0 {
		p.HistoryStep = DefaultHistoryStep
	}
	if p.HistorySpan <= 0 {
		p.HistorySpan = DefaultHistorySpan
	}
	if p.Rearm <= 0 {
		p.Rearm = DefaultRearm
	}
	if p.SaveEvery <= 0 {
		p.SaveEvery = DefaultSaveEvery
	}
}

func (p *Picture) loadSettings() error {
	p.set = DefaultSettings()
	if p.Settings != nil {
		p.set = *p.Settings
	}
	if p.SettingsStore != nil {
		raw, ok, err := p.SettingsStore.Get(context.Background(), SettingsName)
		if err != nil {
			return fmt.Errorf("maritime picture: rules' settings: %w", err)
		}
		if ok {
			s, err := decodeSettings(p.set, raw)
			if err != nil {
				return fmt.Errorf("maritime picture: stored rules' settings: %w", err)
			}
			p.set = s
		}
	}
	if err := p.set.Check(); err != nil {
		return fmt.Errorf("maritime picture: rules' settings: %w", err)
	}
	return nil
}

// loadIncidents restores the open incidents and the recent ones.
func (p *Picture) loadIncidents() error {
	if p.Store == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var all []gcs.Incident
	for _, st := range []gcs.IncidentState{gcs.IncidentNew, gcs.IncidentAcknowledged, gcs.IncidentDispatched} {
		incs, err := p.Store.Incidents(ctx, gcs.IncidentFilter{State: st})
		if err != nil {
			return fmt.Errorf("maritime picture: incidents: %w", err)
		}
		all = append(all, incs...)
	}
	closed, err := p.Store.Incidents(ctx, gcs.IncidentFilter{State: gcs.IncidentClosed, Since: p.Now().Add(-30 * 24 * time.Hour), Limit: 10_000})
	if err != nil {
		return fmt.Errorf("maritime picture: incidents: %w", err)
	}
	p.book.load(append(all, closed...))
	p.stats.open.Store(int64(len(p.book.open)))
	for _, inc := range p.book.byID {
		if inc.State != gcs.IncidentClosed {
			p.Events.Publish(gcs.IncidentEvent{Incident: inc})
		}
	}
	return nil
}

// Close stops the owner goroutine, saving the open incidents observed
// since they were last saved; it may be called more than once.
func (p *Picture) Close() {
	if p.done == nil {
		return
	}
	p.once.Do(func() { close(p.done) })
	<-p.stopped
}

func (p *Picture) run() {
	defer close(p.stopped)
	defer p.sub.Cancel()
	var tick <-chan time.Time
	if p.Tick > 0 {
		t := time.NewTicker(p.Tick)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-p.sub.C():
			p.consume(p.sub.Next())
		case <-tick:
			p.evaluate()
		case req := <-p.reqs:
			req()
		case <-p.done:
			p.flush(true)
			return
		}
	}
}

// do runs fn on the owner goroutine, after the events waiting, and waits
// for it; false when the picture is closed or ctx ends first.
func (p *Picture) do(ctx context.Context, fn func()) bool {
	if p.reqs == nil {
		return false
	}
	ran := make(chan struct{})
	select {
	case p.reqs <- func() { p.consume(p.sub.Next()); fn(); close(ran) }:
	case <-p.done:
		return false
	case <-ctx.Done():
		return false
	}
	<-ran
	return true
}

// errClosed: the picture is closed, or the caller gave up.
var errClosed = errors.New("maritime picture: closed")

func (p *Picture) gone(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return errClosed
}

// consume folds the stream's events into the fusion's inputs and the
// histories.
func (p *Picture) consume(evs []gcs.Event) {
	for _, ev := range evs {
		switch e := ev.(type) {
		case gcs.VesselEvent:
			p.contact(e.Vessel)
		case gcs.AISEvent:
			p.aisVessel(e.MMSI, e.Vessel)
		case gcs.SnapshotEvent:
			for _, v := range e.Vessels {
				p.contact(v)
			}
		}
	}
}

func (p *Picture) contact(v *gcs.Vessel) {
	if v == nil {
		return
	}
	p.fz.contact(v)
	h := p.camHist[v.ID]
	if h == nil {
		h = &history{}
		p.camHist[v.ID] = h
	}
	h.add(gcs.TrackPoint{At: v.LastSeen, Lat: v.Lat, Lon: v.Lon, ErrorM: v.ErrorM}, p.HistoryStep, p.HistorySpan)
}

func (p *Picture) aisVessel(mmsi uint32, v *gcs.AISVessel) {
	p.fz.aisVessel(mmsi, v)
	if v == nil || v.Position == nil {
		return
	}
	h := p.aisHist[mmsi]
	if h == nil {
		h = &history{}
		p.aisHist[mmsi] = h
	}
	h.add(gcs.TrackPoint{At: v.Position.Time, Lat: v.Position.Lat, Lon: v.Position.Lon, ErrorM: 10}, p.HistoryStep, p.HistorySpan)
}
