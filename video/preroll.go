package video

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"
)

// kept is one encoded unit in a stream's pre-roll. Its data is shared
// with the viewers and the decoder: nobody modifies a unit's data.
type kept struct {
	codec         string
	data          []byte
	key           bool
	captured      time.Time // the capture time analysis uses (Frame.Captured)
	received      time.Time
	width, height int
}

// preroll keeps a stream's last seconds of encoded units in memory, like
// a dashcam, so that a clip of any recent span can be cut (Manager.Clip).
// It always starts at a key frame. It belongs to the stream's hub.
//
// It keeps at least the last span of video (by arrival time), decodable:
// the oldest group of pictures (a key frame and the frames after it) goes
// only once the next key frame is itself span old, so it may hold up to a
// key frame interval more. To stay within maxBytes it drops its oldest
// groups of pictures sooner; those units, and the ones that came before
// any key frame, are counted.
type preroll struct {
	span     time.Duration
	maxBytes int
	units    []kept // units[head:] are kept, oldest first; units[head] is a key frame
	head     int
	bytes    int
	// early counts units dropped before they were span old (the byte
	// bound); unkept, units not kept because no key frame came before
	// them; warned, early at the last warning.
	early, unkept, warned uint64
}

// newPreroll makes a stream's pre-roll; nil when the manager keeps none
// (a negative PreRoll or PreRollBytes).
func newPreroll(span time.Duration, maxBytes int) *preroll {
	if span < 0 || maxBytes < 0 {
		return nil
	}
	return &preroll{span: span, maxBytes: maxBytes}
}

// add keeps one unit and lets go of what is too old or too much. A nil
// pre-roll keeps nothing.
func (p *preroll) add(u unit) {
	if p == nil {
		return
	}
	key := u.key || u.codec == "mjpeg"
	if p.head == len(p.units) && !key {
		p.unkept++
		return
	}
	p.units = append(p.units, kept{codec: u.codec, data: u.data, key: key, captured: u.captured,
		received: u.received, width: u.width, height: u.height})
	p.bytes += len(u.data)
	newest := u.received
	for p.head < len(p.units) {
		next := p.nextKey()
		old := next < len(p.units) && newest.Sub(p.units[next].received) >= p.span
		if !old && p.bytes <= p.maxBytes {
			break
		}
		p.dropTo(next, newest)
	}
	p.compact()
}

// nextKey is the index of the key frame after the head one (len(units)
// when there is none).
func (p *preroll) nextKey() int {
	for i := p.head + 1; i < len(p.units); i++ {
		if p.units[i].key {
			return i
		}
	}
	return len(p.units)
}

// dropTo lets go of the units before index end, counting those not yet
// span old.
func (p *preroll) dropTo(end int, newest time.Time) {
	for i := p.head; i < end; i++ {
		if newest.Sub(p.units[i].received) < p.span {
			p.early++
		}
		p.bytes -= len(p.units[i].data)
		p.units[i] = kept{}
	}
	p.head = end
}

// compact moves the kept units to the front of the slice once the
// dropped ones take more than half of it.
func (p *preroll) compact() {
	if p.head < 64 || p.head < len(p.units)/2 {
		return
	}
	n := copy(p.units, p.units[p.head:])
	clear(p.units[n:])
	p.units, p.head = p.units[:n], 0
}

// cut copies the units a clip of [from, to] (capture times) needs: from
// the last key frame at or before from (or the first one after it, when
// the pre-roll begins later) to the last unit taken at or before to, in
// one codec (a reconnection to another codec ends the clip). A span
// longer than what is kept is clamped to it. Empty, with the reason, when
// nothing of the span is kept.
func (p *preroll) cut(from, to time.Time) ([]kept, string) {
	if p == nil {
		return nil, "the station keeps no pre-roll (Manager.PreRoll or PreRollBytes is negative)"
	}
	k := p.units[p.head:]
	if len(k) == 0 {
		return nil, "no video kept yet"
	}
	oldest, newest := k[0].captured, k[len(k)-1].captured
	for _, u := range k {
		oldest, newest = minTime(oldest, u.captured), maxTime(newest, u.captured)
	}
	if newest.Before(from) || oldest.After(to) {
		return nil, fmt.Sprintf("the video kept spans %s to %s", oldest.UTC().Format(time.RFC3339Nano), newest.UTC().Format(time.RFC3339Nano))
	}
	start := -1
	for i, u := range k {
		if u.key && !u.captured.After(from) {
			start = i
		}
	}
	if start < 0 {
		for i, u := range k {
			if u.key && !u.captured.Before(from) && !u.captured.After(to) {
				start = i
				break
			}
		}
	}
	if start < 0 {
		return nil, "no key frame kept within the span"
	}
	end := start
	for i := start; i < len(k) && k[i].codec == k[start].codec; i++ {
		if !k[i].captured.After(to) {
			end = i
		}
	}
	return slices.Clone(k[start : end+1]), ""
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// warnPreroll logs units the pre-roll dropped early to stay within its
// bytes: a warning the first time, then at debug level.
func (s *stream) warnPreroll(h *hubState) {
	p := h.pre
	if p == nil || p.early == p.warned {
		return
	}
	level := slog.LevelDebug
	if p.warned == 0 {
		level = slog.LevelWarn
	}
	s.m.Log.Log(context.Background(), level, "pre-roll over its bytes: older video dropped early, clips reach less far back",
		"vehicle", s.vehicle, "stream", s.key, "dropped", p.early-p.warned, "bytes", p.maxBytes)
	p.warned = p.early
}
