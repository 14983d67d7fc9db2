package stream

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"skerry/gcs"
)

// frame is a unit queued for one viewer; resync marks the first after
// frames the viewer lost.
type frame struct {
	u      gcs.VideoUnit
	resync bool
}

// viewer is one websocket connection watching one stream. The pump
// goroutine owns the skip-to-key-frame state and only ever moves units
// from the feed to the bounded queue q, never waiting; the writer (the
// request's goroutine) owns the socket's writes; the reader answers
// control frames and notices when the browser leaves.
type viewer struct {
	h      *Handler
	conn   *websocket.Conn
	cancel context.CancelFunc
	id     gcs.VehicleID
	key    string
	remote string
	q      chan frame

	mu        sync.Mutex // closeCode, closeText
	closeCode int
	closeText string

	sent, dropped, resyncs atomic.Uint64
	codec                  atomic.Value // string: the stream's codec, once seen
	buf                    []byte       // the writer's header buffer
}

func newViewer(h *Handler, conn *websocket.Conn, cancel context.CancelFunc, id gcs.VehicleID, key, remote string) *viewer {
	return &viewer{h: h, conn: conn, cancel: cancel, id: id, key: key, remote: remote, q: make(chan frame, orDefault(h.Queue, 30))}
}

// stop ends the connection with a close frame (code, text).
func (v *viewer) stop(code int, text string) {
	v.mu.Lock()
	if v.closeCode == 0 {
		v.closeCode, v.closeText = code, text
	}
	v.mu.Unlock()
	v.cancel()
}

// run serves the viewer until the stream ends, the viewer leaves or
// stalls, or the handler closes.
func (v *viewer) run(ctx context.Context, units <-chan gcs.VideoUnit) {
	log := v.h.log().With("vehicle", string(v.id), "stream", v.key, "remote", v.remote)
	if n := v.h.SendBuffer; n > 0 {
		if tc, ok := v.conn.NetConn().(*net.TCPConn); ok {
			if err := tc.SetWriteBuffer(n); err != nil {
				log.Warn("video send buffer left to the kernel", "err", err)
			}
		}
	}
	log.Debug("video viewer connected")
	pumped := make(chan struct{})
	go func() {
		defer close(pumped)
		v.pump(ctx, units)
	}()
	read := make(chan struct{})
	go func() {
		defer close(read)
		v.read()
	}()
	reason := v.write(ctx)
	v.cancel()
	_ = v.conn.Close()
	<-pumped
	<-read
	log.Debug("video viewer gone", "reason", reason, "sent", v.sent.Load(), "dropped", v.dropped.Load())
}

// pump moves the feed's units into q without ever waiting, so that the
// feed never waits for this viewer. When q is full, what it holds is
// dropped and the viewer resumes at the next key frame; so it does after
// a gap in the feed's Seq (frames lost upstream). q is closed when
// the feed's channel is (the stream ended) or ctx ends.
func (v *viewer) pump(ctx context.Context, units <-chan gcs.VideoUnit) {
	defer close(v.q)
	waitKey := true // a decoder starts at a key frame
	resync := false
	var last uint64
	for {
		var u gcs.VideoUnit
		select {
		case <-ctx.Done(): // the feed closes units too; a feed that forgets holds nothing up
			return
		case x, ok := <-units:
			if !ok {
				return
			}
			u = x
		}
		if last != 0 && u.Seq != last+1 {
			resync = true // frames lost before us: a decoder needs the next key frame
			waitKey = true
		}
		last = u.Seq
		if waitKey && !u.Key {
			v.lose(1)
			resync = true
			continue
		}
		waitKey = false
		select {
		case v.q <- frame{u: u, resync: resync}:
			resync = false
			continue
		default:
		}
		v.lose(v.drain())
		v.h.stats.resyncs.Add(1)
		v.resyncs.Add(1)
		resync = true
		if u.Key {
			v.q <- frame{u: u, resync: true} // room: only pump sends, and q was just drained
			resync = false
		} else {
			v.lose(1)
			waitKey = true
		}
	}
}

// drain empties q and returns how many frames it held.
func (v *viewer) drain() int {
	n := 0
	for {
		select {
		case <-v.q:
			n++
		default:
			return n
		}
	}
}

func (v *viewer) lose(n int) {
	v.dropped.Add(uint64(n))
	v.h.stats.dropped.Add(uint64(n))
}

// write sends queued frames, status messages and pings until the stream
// ends or ctx does; it returns why it stopped.
func (v *viewer) write(ctx context.Context) string {
	h := v.h
	status := time.NewTicker(orDefault(h.StatusPeriod, time.Second))
	defer status.Stop()
	ping := time.NewTicker(orDefault(h.PingPeriod, 15*time.Second))
	defer ping.Stop()
	if !v.writeStatus(ctx) {
		return "write_error"
	}
	for {
		select {
		case f, ok := <-v.q:
			if !ok {
				if ctx.Err() != nil {
					return v.stopped()
				}
				v.closeWith(websocket.CloseNormalClosure, "stream ended")
				return "stream_ended"
			}
			if !v.writeFrame(ctx, f) {
				return "write_error"
			}
		case <-status.C:
			if !v.writeStatus(ctx) {
				return "write_error"
			}
		case <-ping.C:
			if err := v.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(orDefault(h.WriteTimeout, 5*time.Second))); err != nil {
				return v.failed(ctx, err)
			}
		case <-ctx.Done():
			return v.stopped()
		}
	}
}

// stopped sends the close frame stop asked for, if it did (the browser
// may have left instead).
func (v *viewer) stopped() string {
	v.mu.Lock()
	code, text := v.closeCode, v.closeText
	v.mu.Unlock()
	if code != 0 {
		v.closeWith(code, text)
	}
	return "closed"
}

func (v *viewer) closeWith(code int, text string) {
	_ = v.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(time.Second))
}

// writeFrame writes one frame: the header, then the unit's data, as one
// binary message.
func (v *viewer) writeFrame(ctx context.Context, f frame) bool {
	u := f.u
	hd := Header{Codec: CodecNumber(u.Codec), Seq: u.Seq, Captured: microseconds(u.Captured),
		Width: clampDimension(u.Width), Height: clampDimension(u.Height)}
	if u.Key {
		hd.Flags |= FlagKey
	}
	if f.resync {
		hd.Flags |= FlagResync
	}
	v.codec.Store(u.Codec)
	v.buf = AppendHeader(v.buf[:0], hd)
	_ = v.conn.SetWriteDeadline(time.Now().Add(orDefault(v.h.WriteTimeout, 5*time.Second)))
	w, err := v.conn.NextWriter(websocket.BinaryMessage)
	if err == nil {
		_, err = w.Write(v.buf)
	}
	if err == nil {
		_, err = w.Write(u.Data)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		v.failed(ctx, err)
		return false
	}
	v.sent.Add(1)
	v.h.stats.sent.Add(1)
	return true
}

// Status is the text message a viewer gets every StatusPeriod (and
// first, on connecting). See PROTOCOL.md.
type Status struct {
	Type    string            `json:"type"` // "status"
	Vehicle gcs.VehicleID     `json:"vehicle"`
	Key     string            `json:"key"`
	Codec   string            `json:"codec,omitempty"`
	Time    int64             `json:"time"`    // the station's clock, Unix microseconds
	Sent    uint64            `json:"sent"`    // frames sent to this viewer
	Dropped uint64            `json:"dropped"` // frames this viewer lost
	Resyncs uint64            `json:"resyncs"` // times it skipped to a key frame
	Queued  int               `json:"queued"`  // frames waiting for its socket
	Health  *gcs.StreamHealth `json:"health,omitempty"`
}

func (v *viewer) writeStatus(ctx context.Context) bool {
	s := Status{Type: "status", Vehicle: v.id, Key: v.key, Time: v.h.now().UnixMicro(),
		Sent: v.sent.Load(), Dropped: v.dropped.Load(), Resyncs: v.resyncs.Load(), Queued: len(v.q)}
	s.Codec, _ = v.codec.Load().(string)
	if v.h.Health != nil {
		if hl, ok := v.h.Health(v.id, v.key); ok {
			s.Health = &hl
		}
	}
	b, err := json.Marshal(s)
	if err != nil { // not for these types; say so rather than send nothing
		v.h.log().Error("video status", "err", err)
		return true
	}
	_ = v.conn.SetWriteDeadline(time.Now().Add(orDefault(v.h.WriteTimeout, 5*time.Second)))
	if err := v.conn.WriteMessage(websocket.TextMessage, b); err != nil {
		v.failed(ctx, err)
		return false
	}
	return true
}

// failed counts a viewer whose write failed (it stalled, or the
// connection broke); after a timed-out write no close frame can follow.
func (v *viewer) failed(ctx context.Context, err error) string {
	if ctx.Err() != nil {
		return "closed"
	}
	v.h.stats.stuck.Add(1)
	reason := "write_error"
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		reason = "write_timeout"
	}
	v.h.log().Info("video viewer dropped", "vehicle", string(v.id), "stream", v.key, "remote", v.remote, "reason", reason, "err", err)
	return reason
}

// read discards what the browser sends (nothing is expected), answering
// pings, and ends the viewer when the connection does or goes silent.
func (v *viewer) read() {
	defer v.cancel()
	period := orDefault(v.h.PingPeriod, 15*time.Second)
	v.conn.SetReadLimit(4 << 10)
	alive := func() { _ = v.conn.SetReadDeadline(time.Now().Add(2 * period)) }
	alive()
	v.conn.SetPongHandler(func(string) error { alive(); return nil })
	for {
		if _, _, err := v.conn.NextReader(); err != nil {
			return
		}
		alive()
	}
}
