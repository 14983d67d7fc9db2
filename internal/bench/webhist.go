package bench

import (
	"math/bits"
	"time"

	"skerry/web/live"
)

// latencyHist is a log-linear histogram of durations in microseconds, in
// the manner of HdrHistogram: exact below 128 µs, then 64 buckets per
// power of two (quantiles within 1.6 %). The zero value is empty and ready;
// it is not safe for concurrent use (each client keeps its own and they
// are merged).
type latencyHist struct {
	counts []uint64
	n      uint64
	sum    time.Duration
	max    time.Duration
	under  uint64 // negative samples, counted as 0
}

const (
	histExact = 128 // values below are their own bucket
	histSub   = 64  // buckets per power of two above
)

// histBucket returns the bucket of us microseconds.
func histBucket(us uint64) int {
	if us < histExact {
		return int(us)
	}
	e := bits.Len64(us) - 7 // us>>e is in [64, 128)
	return histExact + (e-1)*histSub + int(us>>e) - histSub
}

// histUpper returns the largest value in microseconds of bucket i.
func histUpper(i int) uint64 {
	if i < histExact {
		return uint64(i)
	}
	e := (i-histExact)/histSub + 1
	m := uint64((i-histExact)%histSub + histSub)
	return (m+1)<<e - 1
}

func (h *latencyHist) add(d time.Duration) {
	if d < 0 {
		h.under++
		d = 0
	}
	i := histBucket(uint64(d / time.Microsecond))
	if i >= len(h.counts) {
		h.counts = append(h.counts, make([]uint64, i+1-len(h.counts))...)
	}
	h.counts[i]++
	h.n++
	h.sum += d
	h.max = max(h.max, d)
}

func (h *latencyHist) merge(o *latencyHist) {
	if len(o.counts) > len(h.counts) {
		h.counts = append(h.counts, make([]uint64, len(o.counts)-len(h.counts))...)
	}
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.n += o.n
	h.sum += o.sum
	h.max = max(h.max, o.max)
	h.under += o.under
}

// quantile returns the upper bound of the bucket holding quantile q
// (0..1), never above the largest sample.
func (h *latencyHist) quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := uint64(q*float64(h.n) + 0.5)
	rank = min(max(rank, 1), h.n)
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			return min(time.Duration(histUpper(i))*time.Microsecond, h.max)
		}
	}
	return h.max
}

// Latencies summarises a latency distribution.
type Latencies struct {
	N    uint64        `json:"n"`
	P50  time.Duration `json:"p50"`
	P90  time.Duration `json:"p90"`
	P99  time.Duration `json:"p99"`
	P999 time.Duration `json:"p999"`
	Max  time.Duration `json:"max"`
	Mean time.Duration `json:"mean"`
	// Negative counts samples that came out below zero (clock steps);
	// they are counted as 0.
	Negative uint64 `json:"negative"`
}

func (h *latencyHist) summary() Latencies {
	l := Latencies{N: h.n, P50: h.quantile(0.5), P90: h.quantile(0.9), P99: h.quantile(0.99), P999: h.quantile(0.999),
		Max: h.max, Negative: h.under}
	if h.n > 0 {
		l.Mean = h.sum / time.Duration(h.n)
	}
	return l
}

// histDelta summarises what a hub histogram gained between two copies;
// a quantile is the upper bound of its bucket (the last bound when above
// every bound) and Max is the largest bound reached.
func histDelta(h0, h1 live.Histogram) Latencies {
	var l Latencies
	counts := make([]uint64, len(h1.Counts))
	for i := range counts {
		counts[i] = h1.Counts[i]
		if i < len(h0.Counts) {
			counts[i] -= h0.Counts[i]
		}
		l.N += counts[i]
	}
	if l.N == 0 {
		return l
	}
	l.Mean = (h1.Sum - h0.Sum) / time.Duration(l.N)
	bound := func(i int) time.Duration {
		i = min(i, len(h1.Bounds)-1)
		return time.Duration(h1.Bounds[i] * float64(time.Second))
	}
	at := func(q float64) time.Duration {
		rank := uint64(q*float64(l.N) + 0.5)
		var seen uint64
		for i, c := range counts {
			if seen += c; seen >= max(rank, 1) {
				return bound(i)
			}
		}
		return bound(len(counts))
	}
	l.P50, l.P90, l.P99, l.P999 = at(0.5), at(0.9), at(0.99), at(0.999)
	for i := len(counts) - 1; i >= 0; i-- {
		if counts[i] > 0 {
			l.Max = bound(i)
			break
		}
	}
	return l
}
