package video

import (
	"context"
	"errors"
	"time"

	"skerry/video/decode"
)

// decoderState belongs to the stream's decoder goroutine.
type decoderState struct {
	dec     decode.Decoder
	codec   string
	session uint64
	// waitKey: decoding (re)starts at the next key frame.
	waitKey bool
	// unsupported: this build cannot decode the codec; units are dropped.
	unsupported bool
	sampler     sampler
}

// decodeLoop decodes every unit of the stream (pictures reference each
// other) and asks for a picture only at the sample rate. Sampled pictures
// go to the snapshot and the analysis mailbox.
func (s *stream) decodeLoop(ctx context.Context) {
	d := &decoderState{waitKey: true, sampler: sampler{interval: time.Duration(float64(time.Second) / s.m.SampleFPS)}}
	defer d.close()
	for {
		select {
		case u := <-s.decq:
			s.decodeUnit(ctx, d, u)
		case <-ctx.Done():
			return
		}
	}
}

func (d *decoderState) close() {
	if d.dec != nil {
		_ = d.dec.Close()
		d.dec = nil
	}
}

func (s *stream) decodeUnit(ctx context.Context, d *decoderState, u unit) {
	if u.session != d.session || u.codec != d.codec {
		d.session, d.waitKey = u.session, true
		if u.codec != d.codec {
			d.close()
			d.codec, d.unsupported = u.codec, false
		}
	}
	if d.unsupported || (d.waitKey && !u.key) {
		return
	}
	if d.dec == nil && !s.newDecoder(d) {
		return
	}
	d.waitKey = false
	want := d.sampler.want(u.captured)
	pic, err := d.dec.Decode(ctx, decode.Unit{Data: u.data, Key: u.key, PTS: u.pts, Want: want})
	switch {
	case errors.Is(err, decode.ErrCrashed):
		s.cnt.restarts.Add(1)
		s.m.Log.Warn("decoder crashed; restarting it at the next key frame", "vehicle", s.vehicle, "stream", s.key, "err", err)
		d.close()
		d.waitKey = true
		return
	case err != nil:
		s.cnt.decodeErrors.Add(1)
		return
	case pic == nil || pic.Image == nil:
		return
	}
	b := pic.Image.Rect
	s.size.Store(uint64(b.Dx())<<32 | uint64(b.Dy()))
	f := Frame{Vehicle: s.vehicle, Stream: s.key, Captured: u.captured, Received: u.received, Image: pic.Image, FullRange: pic.FullRange, Seq: u.seq}
	s.snapshot.Store(&f)
	s.cnt.sampled.Add(1)
	if s.m.analyzing() && s.mail.put(f) {
		s.cnt.skipped.Add(1)
	}
}

// newDecoder makes the stream's decoder; false when it cannot, and the
// reason is the stream's decoder name.
func (s *stream) newDecoder(d *decoderState) bool {
	dec, err := decode.New(decode.Codec(d.codec), s.m.Log)
	if err != nil {
		name := err.Error()
		s.decName.Store(&name)
		if errors.Is(err, decode.ErrUnsupported) {
			d.unsupported = true
			s.m.Log.Warn("stream not decoded", "vehicle", s.vehicle, "stream", s.key, "err", err)
		}
		return false
	}
	name := dec.Name()
	s.decName.Store(&name)
	d.dec = dec
	return true
}

// sampler picks the frames to decode into pictures: at most one per
// interval of capture time.
type sampler struct {
	interval time.Duration
	next     time.Time
}

func (p *sampler) want(captured time.Time) bool {
	if captured.Before(p.next.Add(-2 * p.interval)) {
		// The capture clock stepped back (see captureClock): sample
		// from the new time on, not once it has caught up with the old.
		p.next = captured
	}
	if captured.Before(p.next) {
		return false
	}
	p.next = p.next.Add(p.interval)
	if p.next.Before(captured) {
		p.next = captured.Add(p.interval)
	}
	return true
}
