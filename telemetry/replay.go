package telemetry

import (
	"errors"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialect"
	"github.com/bluenviron/gomavlib/v3/pkg/frame"
	"github.com/bluenviron/gomavlib/v3/pkg/tlog"
)

// replayer plays a tlog file as a live, receive-only link. Frames are
// handed to the station at the pace their timestamps say, divided by speed
// (speed 0: as fast as the station takes them). Frames from ground stations
// are dropped by the session layer like on any link; commands return
// gcs.ErrUnsupported.
type replayer struct {
	f     *os.File
	r     *tlog.Reader
	speed float64
}

func newReplayer(l *link, rw *dialect.ReadWriter) (*replayer, error) {
	speed := 1.0
	if v := l.query.Get("speed"); v != "" {
		var err error
		if speed, err = strconv.ParseFloat(v, 64); err != nil || speed < 0 {
			return nil, errors.New("tlog link: speed must be a number >= 0")
		}
	}
	f, err := os.Open(l.addr)
	if err != nil {
		return nil, err
	}
	r := &tlog.Reader{ByteReader: f, DialectRW: rw}
	if err := r.Initialize(); err != nil {
		f.Close()
		return nil, err
	}
	return &replayer{f: f, r: r, speed: speed}, nil
}

// run reads entries until EOF or done, delivering each frame.
func (p *replayer) run(l *link, done <-chan struct{}, deliver func(frame.Frame)) {
	defer p.f.Close()
	var first time.Time
	start := time.Now()
	for {
		e, err := p.r.Read()
		if err != nil {
			var rerr frame.ReadError
			if errors.As(err, &rerr) {
				l.counters.countParseError(err)
				continue
			}
			if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
				l.counters.malformed.Add(1)
			}
			return
		}
		if first.IsZero() {
			first = e.Time
		}
		if p.speed > 0 {
			due := start.Add(time.Duration(float64(e.Time.Sub(first)) / p.speed))
			if d := time.Until(due); d > 0 {
				t := time.NewTimer(d)
				select {
				case <-t.C:
				case <-done:
					t.Stop()
					return
				}
			}
		}
		l.counters.in.Add(1)
		deliver(e.Frame)
		select {
		case <-done:
			return
		default:
		}
	}
}
