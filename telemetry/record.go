package telemetry

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialect"
	"github.com/bluenviron/gomavlib/v3/pkg/frame"
)

// recorder writes a link's traffic, both directions, as a tlog: each entry
// an 8-byte big-endian Unix time in microseconds followed by the raw frame
// (QGroundControl's and MAVProxy's format, gomavlib pkg/tlog).
type recorder struct {
	mu   sync.Mutex
	f    *os.File
	bw   *bufio.Writer
	fw   *frame.Writer
	path string
}

// newRecorder creates dir/<link>-<UTC time>.tlog.
func newRecorder(dir, name string, now time.Time, rw *dialect.ReadWriter) (*recorder, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	p := filepath.Join(dir, fmt.Sprintf("%s-%s.tlog", name, now.UTC().Format("20060102-150405")))
	f, err := os.Create(p)
	if err != nil {
		return nil, err
	}
	r := &recorder{f: f, bw: bufio.NewWriterSize(f, 64<<10), path: p}
	r.fw = &frame.Writer{ByteWriter: r.bw, DialectRW: rw}
	if err := r.fw.Initialize(); err != nil {
		f.Close()
		return nil, err
	}
	return r, nil
}

func (r *recorder) stamp(t time.Time) {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(t.UnixMicro()))
	r.bw.Write(b[:]) //nolint:errcheck // bufio keeps the first error; flush reports it
}

// writeRaw records an encoded frame.
func (r *recorder) writeRaw(t time.Time, b []byte) {
	r.mu.Lock()
	r.stamp(t)
	r.bw.Write(b) //nolint:errcheck
	r.mu.Unlock()
}

// writeFrame records a received frame, re-encoding a copy so that the
// frame handed to the station is left untouched.
func (r *recorder) writeFrame(t time.Time, fr frame.Frame) {
	var c frame.Frame
	switch f := fr.(type) {
	case *frame.V1Frame:
		cp := *f
		c = &cp
	case *frame.V2Frame:
		cp := *f
		c = &cp
	default:
		return
	}
	r.mu.Lock()
	r.stamp(t)
	r.fw.Write(c) //nolint:errcheck
	r.mu.Unlock()
}

func (r *recorder) flush() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.bw.Flush()
}

func (r *recorder) close() error {
	err := r.flush()
	if cerr := r.f.Close(); err == nil {
		err = cerr
	}
	return err
}
