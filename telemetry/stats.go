package telemetry

import (
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Stats counts traffic and trouble per link, keyed by link name.
type Stats map[string]LinkStats

// LinkStats counts one link's traffic since Initialize.
type LinkStats struct {
	FramesIn  uint64 // frames parsed (any system, any message)
	FramesOut uint64 // frames written by the station
	Junk      uint64 // bytes skipped looking for a frame start (console text, noise)
	BadCRC    uint64 // frames whose checksum did not match
	Malformed uint64 // truncated or undecodable frames, other parse errors
	Dropped   uint64 // frames dropped because the station's queue was full
	Sysid0    uint64 // frames from system id 0, the broadcast address: never a vehicle
}

// counters are a link's live, lock-free counters.
type counters struct {
	in, out, junk, badCRC, malformed, dropped, sysid0 atomic.Uint64
}

func (c *counters) snapshot() LinkStats {
	return LinkStats{
		FramesIn: c.in.Load(), FramesOut: c.out.Load(), Junk: c.junk.Load(),
		BadCRC: c.badCRC.Load(), Malformed: c.malformed.Load(), Dropped: c.dropped.Load(), Sysid0: c.sysid0.Load(),
	}
}

// countParseError files a frame-reader error under its kind.
func (c *counters) countParseError(err error) {
	s := err.Error()
	switch {
	case strings.Contains(s, "invalid magic byte"):
		c.junk.Add(1)
	case strings.Contains(s, "checksum"):
		c.badCRC.Add(1)
	default:
		c.malformed.Add(1)
	}
}

// Stats returns a snapshot of every link's counters.
func (s *Station) Stats() Stats {
	st := Stats{}
	for _, l := range s.links {
		st[l.name] = l.counters.snapshot()
	}
	return st
}

// limiter collapses a burst of repeated log lines into at most one per
// period, saying how many were suppressed (like mediamtx's errordumper).
type limiter struct {
	mu         sync.Mutex
	period     time.Duration
	last       time.Time
	suppressed int
}

// log writes msg unless one was written less than a period ago.
func (l *limiter) log(log *slog.Logger, now time.Time, msg string, args ...any) {
	l.mu.Lock()
	if !l.last.IsZero() && now.Sub(l.last) < l.period {
		l.suppressed++
		l.mu.Unlock()
		return
	}
	n := l.suppressed
	l.last, l.suppressed = now, 0
	l.mu.Unlock()
	if n > 0 {
		args = append(args, "suppressed", n)
	}
	log.Warn(msg, args...)
}
