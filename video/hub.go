package video

import (
	"context"
	"time"

	"skerry/gcs"
)

// hubState belongs to the hub goroutine.
type hubState struct {
	seq     uint64
	viewers map[*viewer]struct{}
	rec     *recording
	pre     *preroll // the last seconds of video, for clips (nil: none)
	// decSkipping: the decoder fell behind; units wait for the next key
	// frame before they are queued for it again.
	decSkipping bool
	width       int
	height      int
	codec       string
	lastFrame   time.Time
	// The figures at the previous report, for rates.
	lastAt                time.Time
	lastFrames, lastBytes uint64
	lastSampled           uint64
	lastDropped           uint64
	fps, bitrate, sfps    float64 // the rates last measured
}

// hub fans the stream's frames out to viewers, the recorder and the
// decoder, runs requests, and reports health. It owns hubState.
func (s *stream) hub(ctx context.Context) {
	h := &hubState{viewers: map[*viewer]struct{}{}, lastAt: s.m.Now(), pre: newPreroll(s.m.PreRoll, s.m.PreRollBytes)}
	tick := time.NewTicker(s.m.HealthPeriod)
	defer tick.Stop()
	defer close(s.done)
	defer h.closeAll(s)
	for {
		select {
		case u := <-s.units:
			s.deliver(h, u)
		case req := <-s.reqs:
			req(h)
		case <-s.changed:
			s.publish(h)
		case <-tick.C:
			s.publish(h)
		case <-ctx.Done():
			return
		}
	}
}

// deliver hands one frame on; nothing here may block.
func (s *stream) deliver(h *hubState, u unit) {
	h.seq++
	u.seq = h.seq
	s.cnt.frames.Add(1)
	h.lastFrame, h.codec = u.received, u.codec
	if u.width > 0 && u.height > 0 {
		h.width, h.height = u.width, u.height
	}
	h.pre.add(u)
	vu := gcs.VideoUnit{Codec: u.codec, Key: u.key, Data: u.data, Captured: u.captured,
		Width: h.width, Height: h.height, Seq: u.seq}
	for v := range h.viewers {
		v.offer(vu)
	}
	if h.rec != nil {
		h.rec.write(s, u)
	}
	if h.decSkipping && !u.key {
		s.cnt.skipped.Add(1)
		return
	}
	select {
	case s.decq <- u:
		h.decSkipping = false
	default:
		h.decSkipping = true
		s.cnt.skipped.Add(1)
	}
}

// publish builds the stream's health and hands it to the reporter,
// replacing a report not yet taken.
func (s *stream) publish(h *hubState) {
	now := s.m.Now()
	st := s.st.Load()
	frames, bytes, sampled := s.cnt.frames.Load(), s.cnt.bytes.Load(), s.cnt.sampled.Load()
	health := gcs.StreamHealth{State: st.State, Error: st.Error, Transport: st.Transport,
		Codec: st.Codec, Frames: frames, LastFrame: h.lastFrame,
		Gaps: s.cnt.gaps.Load(), DecodeErrors: s.cnt.decodeErrors.Load(),
		Restarts: s.cnt.restarts.Load(), Sampled: sampled, Skipped: s.cnt.skipped.Load(),
		Clock: ClockArrival}
	if ch := s.clock.Load(); st.State == "playing" && ch != nil {
		health.Clock, health.CameraClockOffset = ch.source, ch.offset.Seconds()
	}
	if h.lastFrame.IsZero() {
		health.Clock = ""
	}
	if size := s.size.Load(); size != 0 {
		health.Width, health.Height = int(size>>32), int(size&0xffffffff)
	}
	if name := s.decName.Load(); name != nil {
		health.Decoder = *name
	}
	if dt := now.Sub(h.lastAt).Seconds(); dt >= s.m.HealthPeriod.Seconds()/2 {
		h.fps = float64(frames-h.lastFrames) / dt
		h.bitrate = float64(bytes-h.lastBytes) * 8 / dt
		h.sfps = float64(sampled-h.lastSampled) / dt
		h.lastAt, h.lastFrames, h.lastBytes, h.lastSampled = now, frames, bytes, sampled
	}
	health.FPS, health.Bitrate, health.SampleFPS = h.fps, h.bitrate, h.sfps
	if d := s.cnt.dropped.Load(); d > h.lastDropped {
		s.m.Log.Warn("frames dropped: the stream's hub fell behind", "vehicle", s.vehicle, "stream", s.key, "dropped", d-h.lastDropped)
		h.lastDropped = d
	}
	s.warnPreroll(h)
	u := gcs.StreamHealthUpdate{Key: s.key, Health: health}
	if h.rec != nil {
		r := h.rec.info()
		u.Recording = &r
	}
	select {
	case <-s.reports: // an untaken older report: the newer replaces it
	default:
	}
	s.reports <- u
}

// closeAll ends viewers and the recording when the stream ends.
func (h *hubState) closeAll(s *stream) {
	for v := range h.viewers {
		v.close()
	}
	clear(h.viewers)
	if h.rec != nil {
		if _, err := h.rec.close(); err != nil {
			s.m.Log.Warn("recording closed with an error", "vehicle", s.vehicle, "stream", s.key, "err", err)
		}
		h.rec = nil
	}
}
