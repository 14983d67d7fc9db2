// Package record writes a stream's encoded frames, without re-encoding, to
// fragmented MP4 files for evidence.
//
// A file is an init segment (written at the first key frame, with its
// parameter sets) and then a fragment (moof+mdat) about every second, so
// a station that dies loses at most the last second and the file reads
// (ffprobe, browsers, players) at any moment. Sample times come from the
// frames' capture times on a 90 kHz clock.
package record

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/bluenviron/mediacommon/v2/pkg/formats/fmp4"
	"github.com/bluenviron/mediacommon/v2/pkg/formats/fmp4/seekablebuffer"
)

// Track describes what is recorded.
type Track struct {
	Codec string // "h264", "h265" or "mjpeg"
	// Width and Height are needed for MJPEG (H.264/H.265 carry them in
	// their parameter sets); when 0, the first JPEG's size is used.
	Width, Height int
}

const (
	// timescale is the MP4 track's clock: 90 kHz, as RTP video.
	timescale = 90000
	// fragmentEvery is how much is written at once.
	fragmentEvery = time.Second
	// defaultDuration is the last frame's duration when nothing follows
	// it and there is no earlier one to copy (1/25 s).
	defaultDuration = timescale / 25
)

// ErrNothingRecorded: Close came before any key frame; there is no file.
var ErrNothingRecorded = errors.New("record: no key frame came: nothing recorded")

// Recorder writes one fragmented MP4 file. Units before the first key
// frame are skipped. It is not safe for concurrent use.
type Recorder struct {
	path   string
	track  Track
	w      io.Writer // where the file goes: f, or the caller's writer (New)
	f      *os.File  // nil when writing to the caller's writer
	closed bool
	err    error // a write failed: the file is finished
	bytes  int64

	started   bool
	seq       uint32         // fragments written
	elapsed   uint64         // 90 kHz ticks of the samples of earlier fragments
	frag      []*fmp4.Sample // samples of the fragment being built
	fragTicks uint64
	last      *fmp4.Sample // the newest frame, waiting for the next to know its duration
	top       time.Time    // the latest capture time so far: where the file's time is
	interval  uint32       // the newest frame interval seen (0 none yet)
	behind    uint32       // frames since the latest capture time last moved on
	skipped   int
	buf       seekablebuffer.Buffer
}

// Create starts a recording at path. It refuses to overwrite a file.
func Create(path string, t Track) (*Recorder, error) {
	if err := checkTrack(t); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("record: %w", err)
	}
	return &Recorder{path: path, track: t, w: f, f: f}, nil
}

// New starts a recording written to w (a clip built in memory, a pipe):
// the same fragmented MP4 as Create's file. Close does not close w; a
// recording that never saw a key frame leaves in w nothing, and Close
// returns ErrNothingRecorded.
func New(w io.Writer, t Track) (*Recorder, error) {
	if err := checkTrack(t); err != nil {
		return nil, err
	}
	if w == nil {
		return nil, errors.New("record: nil writer")
	}
	return &Recorder{track: t, w: w}, nil
}

func checkTrack(t Track) error {
	switch t.Codec {
	case "h264", "h265", "mjpeg":
		return nil
	}
	return fmt.Errorf("record: unknown codec %q (h264, h265 or mjpeg)", t.Codec)
}

// Write appends one encoded frame (Annex B access unit or JPEG) captured at
// captured. Frames before the first key frame are skipped (see Skipped).
//
// A frame lasts until the next one's capture time; every duration is at
// least a tick. A frame taken up to half a second before the latest
// capture time so far is out of order (a B-frame) and lasts a tick: the
// file's time stays at the latest capture time, as MP4 without
// composition offsets needs. Further back, the capture clock stepped (the
// station switched from packet arrival to the camera's sender reports):
// the frame before the step lasts a frame interval and the file's time
// goes on from the new clock, with no frozen stretch and no hole. A step
// forward cannot be told from frames the camera did not send: the frame
// before it lasts until the next.
// A frame that cannot be recorded gives an error wrapping ErrBadFrame and
// is left out; the recording goes on. Other errors (the disk) end it.
func (r *Recorder) Write(data []byte, key bool, captured time.Time) error {
	if r.err != nil {
		return r.err
	}
	if r.closed {
		return errors.New("record: closed")
	}
	if r.track.Codec == "mjpeg" {
		key = true
	}
	if !r.started {
		if !key {
			r.skipped++
			return nil
		}
		codec, err := initCodec(r.track, data)
		if err != nil {
			return err
		}
		p, err := payload(r.track.Codec, data)
		if err != nil {
			return err
		}
		init := fmp4.Init{Tracks: []*fmp4.InitTrack{{ID: 1, TimeScale: timescale, Codec: codec}}}
		if err := r.emit(init.Marshal); err != nil {
			return err
		}
		r.started = true
		r.last, r.top = &fmp4.Sample{Payload: p}, captured
		return nil
	}
	p, err := payload(r.track.Codec, data)
	if err != nil {
		return err
	}
	r.push(r.duration(captured))
	r.last = &fmp4.Sample{Payload: p, IsNonSyncSample: !key}
	if r.fragTicks >= uint64(fragmentEvery.Seconds()*timescale) {
		return r.flush()
	}
	return nil
}

// Flush writes the frames whose duration is known (all but the newest)
// now, rather than when a second of them has gathered: call it from a
// ticker when a stream may stall, so the file never lags by much.
func (r *Recorder) Flush() error {
	if r.err != nil {
		return r.err
	}
	if r.closed {
		return errors.New("record: closed")
	}
	return r.flush()
}

// push moves the waiting frame, now that its duration is known, into the
// fragment.
func (r *Recorder) push(d uint32) {
	r.last.Duration = d
	r.frag = append(r.frag, r.last)
	r.fragTicks += uint64(d)
	r.last = nil
}

// flush writes the fragment built so far.
func (r *Recorder) flush() error {
	if len(r.frag) == 0 {
		return nil
	}
	r.seq++
	part := fmp4.Part{SequenceNumber: r.seq, Tracks: []*fmp4.PartTrack{{ID: 1, BaseTime: r.elapsed, Samples: r.frag}}}
	err := r.emit(part.Marshal)
	// Written or not, the fragment's time passes: the next one starts
	// after it, so times stay true to the capture clock.
	r.elapsed += r.fragTicks
	r.frag, r.fragTicks = nil, 0
	return err
}

// emit marshals a box tree and appends it to the file.
func (r *Recorder) emit(marshal func(w io.WriteSeeker) error) error {
	r.buf.Reset()
	if err := marshal(&r.buf); err != nil {
		return fmt.Errorf("record: %w: %w", ErrBadFrame, err)
	}
	n, err := r.w.Write(r.buf.Bytes())
	r.bytes += int64(n)
	if err != nil {
		r.err = fmt.Errorf("record: writing %s: %w", r.name(), err)
		return r.err
	}
	return nil
}

// stepBack is how far a frame's capture time may lie before the latest
// one's and still be taken as a frame out of order (a B-frame, taken
// before frames sent ahead of it, or a small wobble of the capture
// clock): further back, the capture clock stepped.
const stepBack = 500 * time.Millisecond

// duration is the waiting frame's duration now that the next one, taken at
// captured, came. It runs to captured, past the latest capture time so
// far. A frame out of order takes a tick, and the file's time stays at the
// latest capture time. A step back of the capture clock further than
// stepBack re-bases the file's time on the new clock: the waiting frame
// lasts a frame interval (the newest advance of the latest capture time,
// shared among the frames it took).
func (r *Recorder) duration(captured time.Time) uint32 {
	d := captured.Sub(r.top)
	r.behind++
	switch {
	case d < -stepBack:
		r.top, r.behind = captured, 0
		if r.interval > 0 {
			return r.interval
		}
		return defaultDuration
	case d <= 0:
		return 1
	}
	r.top = captured
	t := ticks(d)
	// The frame interval: the capture time's advance shared by the
	// frames it took (B-frames came between).
	r.interval = max(1, t/r.behind)
	r.behind = 0
	return t
}

// ticks turns a gap between capture times into a sample duration: at
// least one tick (the file must have no zero duration), at most what 32
// bits hold.
func ticks(d time.Duration) uint32 {
	t := d.Seconds() * timescale
	switch {
	case t < 1:
		return 1
	case t > float64(^uint32(0)):
		return ^uint32(0)
	}
	return uint32(t + 0.5)
}

// Bytes is the file's size so far.
func (r *Recorder) Bytes() int64 { return r.bytes }

// Skipped counts the frames left out before the first key frame.
func (r *Recorder) Skipped() int { return r.skipped }

// Path is the file's path ("" for a recording made by New).
func (r *Recorder) Path() string { return r.path }

// name names the output in errors.
func (r *Recorder) name() string {
	if r.f == nil {
		return "the clip"
	}
	return r.path
}

// Close flushes and closes the file; it stays readable by ffprobe. The
// last frame lasts a frame interval. A recording that never
// saw a key frame is removed and Close returns ErrNothingRecorded. Close
// does not close the writer given to New.
func (r *Recorder) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	var err error
	if !r.started {
		if r.f != nil {
			r.f.Close()
			os.Remove(r.path)
		}
		return ErrNothingRecorded
	}
	if r.last != nil && r.err == nil {
		d := r.interval
		if d == 0 {
			d = defaultDuration
		}
		r.push(d)
	}
	if r.err == nil {
		err = r.flush()
	} else {
		err = r.err
	}
	if r.f == nil {
		return err
	}
	if serr := r.f.Sync(); err == nil && serr != nil {
		err = fmt.Errorf("record: %w", serr)
	}
	if cerr := r.f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("record: %w", cerr)
	}
	return err
}
