package video

import (
	"context"
	"time"
)

// supervise runs the stream's worker until ctx ends, reconnecting after a
// pause that starts at RetryMin, doubles after each failure up to
// RetryMax, and starts again after a connection that played for
// HealthyAfter (like mediamtx's static sources). A bad address stops it.
func (s *stream) supervise(ctx context.Context) {
	w := &worker{s: s}
	var b backoff
	for {
		started := s.m.Now()
		s.setStatus(status{State: "connecting"})
		err := w.Run(ctx)
		if ctx.Err() != nil {
			return
		}
		words := describe(err)
		if isPermanent(err) {
			s.setStatus(status{State: "stopped", Error: words})
			s.m.Log.Error("stream cannot be ingested", "vehicle", s.vehicle, "stream", s.key, "err", words)
			return
		}
		if s.m.Now().Sub(started) >= s.m.HealthyAfter {
			b.reset()
		}
		pause := b.next(s.m.RetryMin, s.m.RetryMax)
		s.cnt.restarts.Add(1)
		s.setStatus(status{State: "retrying", Error: words})
		s.m.Log.Warn("stream failed; retrying", "vehicle", s.vehicle, "stream", s.key, "err", words, "pause", pause)
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// backoff is a doubling pause between reconnections.
type backoff struct{ last time.Duration }

// next returns the pause before the next try: min, then twice the last,
// at most max.
func (b *backoff) next(min, max time.Duration) time.Duration {
	switch {
	case b.last == 0:
		b.last = min
	case b.last*2 > max:
		b.last = max
	default:
		b.last *= 2
	}
	return b.last
}

func (b *backoff) reset() { b.last = 0 }
