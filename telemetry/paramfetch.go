package telemetry

import (
	"context"
	"fmt"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"

	"skerry/gcs"
)

// ParamTiming configures reads of every parameter (PARAM_REQUEST_LIST).
// Zero values mean the defaults documented on each.
//
// The vehicle streams its parameters (ArduPilot a few every 20 ms, as its
// link allows) with param_count and param_index; the station notes which
// indices arrived. Once the stream has been silent for Quiet, it asks for
// the missing ones by index (PARAM_REQUEST_READ with param_index), Batch at
// a time: the next batch as soon as the last one is answered, or after
// Retry for those still missing, each index at most Tries times, as
// QGroundControl's ParameterManager does. A stream that never starts is
// asked for again every CommandTimeout, CommandRetries times.
type ParamTiming struct {
	// Quiet is how long the stream may pause before the station asks
	// for what is missing. Default 1 s.
	Quiet time.Duration
	// Retry is how long to wait for the answers to a batch of requests by
	// index before asking again. Default 250 ms (QGroundControl's
	// mission item retry, the same kind of round trip).
	Retry time.Duration
	// Batch is how many parameters are asked for at once. Default 16:
	// gomavlib drops what does not fit its 64-message queue per channel.
	Batch int
	// Tries is how many times one parameter is asked for by index before
	// the read gives up. Default 5 (QGroundControl's
	// _maxInitialLoadRetrySingleParam).
	Tries int
	// Timeout bounds a whole read. Default 2 min.
	Timeout time.Duration
}

func (p *ParamTiming) defaults() {
	if p.Quiet <= 0 {
		p.Quiet = time.Second
	}
	if p.Retry <= 0 {
		p.Retry = 250 * time.Millisecond
	}
	if p.Batch <= 0 {
		p.Batch = 16
	}
	if p.Tries <= 0 {
		p.Tries = 5
	}
	if p.Timeout <= 0 {
		p.Timeout = 2 * time.Minute
	}
}

// paramFetch is a read of every parameter of one vehicle, owned by the
// session goroutine.
type paramFetch struct {
	v         *vehicle
	total     int    // param_count; 0 until the first value
	have      []bool // by index
	names     map[string]bool
	tries     []uint8 // requests by index, by index
	asked     map[int]bool
	filling   bool      // the stream is over: asking for the missing ones
	last      time.Time // last value received or request sent
	listTries int
	deadline  time.Time
	waiters   []*paramWaiter
}

// paramWaiter is a caller of ReadAllParams.
type paramWaiter struct {
	done chan error
	prog chan gcs.ParamProgress // holds the latest progress only
}

// ReadAllParams reads every parameter of vehicle id into its table, or
// joins the read under way, and returns when the read ends (gcs.ParamLink).
// progress is called on the caller's goroutine with the latest count, not
// once per parameter. If ctx ends first the caller stops waiting and the
// read goes on.
func (s *Station) ReadAllParams(ctx context.Context, id gcs.VehicleID, progress func(gcs.ParamProgress)) error {
	w := &paramWaiter{done: make(chan error, 1), prog: make(chan gcs.ParamProgress, 1)}
	if err := s.do(ctx, func() { s.startFetch(id, w) }); err != nil {
		return err
	}
	tell := func(p gcs.ParamProgress) {
		if progress != nil {
			progress(p)
		}
	}
	for {
		select {
		case p := <-w.prog:
			tell(p)
		case err := <-w.done:
			select { // the last count, sent before the end
			case p := <-w.prog:
				tell(p)
			default:
			}
			return err
		case <-ctx.Done():
			s.do(context.Background(), func() { s.leaveFetch(id, w) }) //nolint:errcheck // closed: nothing to leave
			return ctx.Err()
		case <-s.done:
			return ErrClosed
		}
	}
}

// startFetch starts a read of all on the session goroutine, or adds w to
// the one under way.
func (s *Station) startFetch(id gcs.VehicleID, w *paramWaiter) {
	v, err := s.reachable(id)
	if err != nil {
		w.done <- err
		return
	}
	t := &v.ptab
	if t.fetch == nil {
		now := s.Now()
		t.fetch = &paramFetch{v: v, names: map[string]bool{}, asked: map[int]bool{}, last: now,
			deadline: now.Add(s.ParamTiming.Timeout)}
		t.received, t.lastErr = 0, ""
		s.Log.Info("reading every parameter", "vehicle", id)
		s.send(v, &common.MessageParamRequestList{})
	}
	t.fetch.waiters = append(t.fetch.waiters, w)
	w.tell(t.fetch.progress())
}

// leaveFetch stops telling w; the read goes on.
func (s *Station) leaveFetch(id gcs.VehicleID, w *paramWaiter) {
	v := s.byID[id]
	if v == nil || v.ptab.fetch == nil {
		return
	}
	f := v.ptab.fetch
	for i, o := range f.waiters {
		if o == w {
			f.waiters = append(f.waiters[:i], f.waiters[i+1:]...)
			return
		}
	}
}

// tell replaces the waiter's progress with p, never blocking.
func (w *paramWaiter) tell(p gcs.ParamProgress) {
	select {
	case <-w.prog:
	default:
	}
	w.prog <- p // the session goroutine is the only sender
}

func (f *paramFetch) progress() gcs.ParamProgress {
	return gcs.ParamProgress{Received: f.v.ptab.received, Total: f.total}
}

// onFetchValue counts a PARAM_VALUE of a list toward the read of all.
func (s *Station) onFetchValue(v *vehicle, m *common.MessageParamValue, now time.Time) {
	f := v.ptab.fetch
	if f == nil || m.ParamIndex == noIndex || m.ParamCount == 0 || m.ParamCount == noIndex {
		return
	}
	if int(m.ParamCount) != f.total {
		f.resize(int(m.ParamCount))
	}
	i := int(m.ParamIndex)
	if i >= f.total {
		return
	}
	f.last = now
	f.names[m.ParamId] = true
	delete(f.asked, i)
	if !f.have[i] {
		f.have[i] = true
		v.ptab.received++
		for _, w := range f.waiters {
			w.tell(f.progress())
		}
	}
	switch {
	case v.ptab.received == f.total:
		s.endFetch(v, nil, now)
	case f.filling && len(f.asked) == 0:
		s.askMissing(f, now) // the batch is answered: the next one at once
	}
}

// resize follows a param_count that changed (the first one, or a vehicle
// whose list changed under the read): what arrived within the new count
// stays.
func (f *paramFetch) resize(n int) {
	have, tries := make([]bool, n), make([]uint8, n)
	copy(have, f.have)
	copy(tries, f.tries)
	f.have, f.tries, f.total = have, tries, n
	got := 0
	for _, h := range have {
		if h {
			got++
		}
	}
	f.v.ptab.received = got
}

// checkFetches runs every tick: a stream that does not start is asked for
// again, a stream that stopped short is completed by index, and a read
// past its time ends.
func (s *Station) checkFetches(now time.Time) {
	for _, v := range s.vehicles {
		f := v.ptab.fetch
		switch {
		case f == nil:
		case !now.Before(f.deadline):
			s.endFetch(v, fmt.Errorf("parameters of %s: %d of %d after %s: %w", v.id, v.ptab.received, f.total, s.ParamTiming.Timeout, gcs.ErrTimeout), now)
		case f.total == 0 && now.Sub(f.last) >= s.CommandTimeout:
			if f.listTries >= s.retries {
				s.endFetch(v, fmt.Errorf("parameters of %s: no answer to PARAM_REQUEST_LIST after %d tries: %w", v.id, f.listTries+1, gcs.ErrTimeout), now)
				continue
			}
			f.listTries++
			f.last = now
			s.send(v, &common.MessageParamRequestList{})
		case f.total > 0 && !f.filling && now.Sub(f.last) >= s.ParamTiming.Quiet:
			f.filling = true
			s.askMissing(f, now)
		case f.filling && now.Sub(f.last) >= s.ParamTiming.Retry:
			s.askMissing(f, now)
		}
	}
}

// askMissing asks for the next batch of missing parameters by index; when
// every missing one has had its tries, the read fails.
func (s *Station) askMissing(f *paramFetch, now time.Time) {
	clear(f.asked)
	f.last = now
	exhausted := 0
	for i := 0; i < f.total && len(f.asked) < s.ParamTiming.Batch; i++ {
		switch {
		case f.have[i]:
		case int(f.tries[i]) >= s.ParamTiming.Tries:
			exhausted++
		default:
			f.tries[i]++
			f.asked[i] = true
			s.send(f.v, &common.MessageParamRequestRead{ParamIndex: int16(i)})
		}
	}
	if len(f.asked) == 0 && exhausted > 0 {
		s.endFetch(f.v, fmt.Errorf("parameters of %s: %d of %d never arrived after %d requests each: %w",
			f.v.id, f.total-f.v.ptab.received, f.total, s.ParamTiming.Tries+1, gcs.ErrTimeout), now)
	}
}

// endFetch ends the read of all with err (nil: complete). A complete read
// drops from the table what the vehicle no longer lists.
func (s *Station) endFetch(v *vehicle, err error, now time.Time) {
	f := v.ptab.fetch
	if f == nil {
		return
	}
	v.ptab.fetch = nil
	if err == nil {
		for name := range v.ptab.byName {
			if !f.names[name] {
				delete(v.ptab.byName, name)
			}
		}
		v.ptab.readAt = now
		s.Log.Info("every parameter read", "vehicle", v.id, "count", f.total)
	} else {
		v.ptab.lastErr = err.Error()
		s.Log.Warn("parameters not all read", "vehicle", v.id, "err", err)
	}
	for _, w := range f.waiters {
		w.tell(f.progress())
		w.done <- err
	}
}
