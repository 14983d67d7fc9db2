package ais

import (
	"errors"
	"sync/atomic"
)

// Reasons a sentence is rejected; Decode wraps one of these.
var (
	ErrChecksum    = errors.New("ais: checksum mismatch")
	ErrFraming     = errors.New("ais: bad NMEA framing")
	ErrUnsupported = errors.New("ais: unsupported message type")
)

// Stats counts sentences and why some were rejected. Rejections are never
// fatal: the sentence is counted and skipped.
type Stats struct {
	Sentences   uint64 // lines seen, AIS or not
	Other       uint64 // non-AIS NMEA lines ($GP..., comments), ignored
	Reports     uint64 // reports produced
	Fragments   uint64 // parts of multi-sentence messages buffered
	Checksum    uint64 // sentence or tag block checksum mismatches
	Framing     uint64 // malformed sentences, tag blocks or payloads
	Unsupported uint64 // AIS message types this package does not report
	OutOfRange  uint64 // reports with a field outside the standard's range (field dropped)
	Incomplete  uint64 // fragments dropped before their message completed (timed out)
}

type counters struct {
	sentences, other, reports, fragments, checksum, framing, unsupported, outOfRange, incomplete atomic.Uint64
}

func (c *counters) snapshot() Stats {
	return Stats{
		Sentences: c.sentences.Load(), Other: c.other.Load(), Reports: c.reports.Load(),
		Fragments: c.fragments.Load(), Checksum: c.checksum.Load(), Framing: c.framing.Load(),
		Unsupported: c.unsupported.Load(), OutOfRange: c.outOfRange.Load(), Incomplete: c.incomplete.Load(),
	}
}
