package live

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"skerry/web/view"
)

// Websocket close codes the hub uses.
const (
	closeGoingAway     = websocket.CloseGoingAway       // 1001: station shutting down
	closePolicy        = websocket.ClosePolicyViolation // 1008: the client broke the protocol
	closeTryAgainLater = websocket.CloseTryAgainLater   // 1013: too slow; reconnect and resync
)

// closeWait bounds the write of a close frame.
const closeWait = time.Second

// maxRateCap bounds ?max_rate.
const maxRateCap = 1000

// wsWritePool shares write buffers between clients between writes.
var wsWritePool sync.Pool

// wsClient is one console connection. The hub pushes into out; the writer
// goroutine pops and writes; the reader goroutine answers client messages.
type wsClient struct {
	hub    *Hub
	conn   *websocket.Conn
	batch  *batchConn // under conn
	out    *outbox
	remote string
	whole  bool // ?states=full: every vehicle state whole, no deltas
}

// ServeHTTP upgrades GET /ws to a websocket and serves it until either
// side ends it. ?max_rate=N caps the states of one vehicle sent per
// second (never above Hub.MaxRate when that is set); ?states=full sends
// every vehicle state whole instead of as a vehicle_delta.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	gap, err := h.clientGap(r)
	if err != nil {
		view.WriteError(w, h.Log, http.StatusBadRequest, err.Error())
		return
	}
	whole := false
	switch q := r.URL.Query().Get("states"); q {
	case "", "delta":
	case "full":
		whole = true
	default:
		view.WriteError(w, h.Log, http.StatusBadRequest, fmt.Sprintf("states must be delta or full, not %q", truncate(q, 64)))
		return
	}
	up := websocket.Upgrader{CheckOrigin: h.checkOrigin, WriteBufferPool: &wsWritePool, HandshakeTimeout: 10 * time.Second}
	hw := &hijackBatch{ResponseWriter: w}
	conn, err := up.Upgrade(hw, r, nil)
	if err != nil {
		h.Log.Info("websocket refused", "remote", r.RemoteAddr, "origin", r.Header.Get("Origin"), "err", err)
		return // Upgrade has answered
	}
	if h.UnsentLimit > 0 {
		if err := setUnsentLimit(hw.conn.Conn, h.UnsentLimit); err != nil {
			h.Log.Warn("websocket send buffering left to the kernel", "remote", r.RemoteAddr, "err", err)
		}
	}
	c := &wsClient{hub: h, conn: conn, batch: hw.conn, out: newOutbox(h.MaxQueue, gap), remote: r.RemoteAddr, whole: whole}
	c.out.coalesced = &h.stats.coalesced
	if !h.register(c) {
		_ = conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(closeGoingAway, "station shutting down"), time.Now().Add(closeWait))
		_ = conn.Close()
		return
	}
	h.Log.Debug("websocket client connected", "remote", c.remote)
	go c.writeLoop()
	go c.readLoop()
}

// clientGap returns the least time between two states of one vehicle.
func (h *Hub) clientGap(r *http.Request) (time.Duration, error) {
	rate := h.MaxRate
	if q := r.URL.Query().Get("max_rate"); q != "" {
		v, err := strconv.ParseFloat(q, 64)
		if err != nil || !(v > 0 && v <= maxRateCap) {
			return 0, fmt.Errorf("max_rate must be a number of messages per second in (0, %d], not %q", maxRateCap, q)
		}
		if rate == 0 || v < rate {
			rate = v
		}
	}
	if rate <= 0 {
		return 0, nil
	}
	return time.Duration(float64(time.Second) / rate), nil
}

// checkOrigin allows requests without an Origin (not from a browser), the
// page's own origin, loopback origins and AllowedOrigins.
func (h *Hub) checkOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return h.allowedListed(origin)
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	switch strings.ToLower(u.Hostname()) {
	case "127.0.0.1", "localhost", "::1":
		return true
	}
	return h.allowedListed(origin)
}

func (h *Hub) allowedListed(origin string) bool {
	for _, a := range h.AllowedOrigins {
		if a == "*" || strings.EqualFold(strings.TrimSuffix(a, "/"), origin) {
			return true
		}
	}
	return false
}

// writeLoop sends what the hub queues, numbering each message as it goes
// out. What is ready when the writer comes round goes out in one socket
// write (see batchConn); while that write waits, the hub keeps
// coalescing vehicle states in the outbox.
func (c *wsClient) writeLoop() {
	h := c.hub
	defer h.wg.Done()
	defer c.conn.Close()
	ping := time.NewTicker(h.PingPeriod)
	defer ping.Stop()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	w := writer{c: c}
	for {
		e, changed, wait, closed := c.out.pop(h.Now())
		if closed {
			if code, text := c.out.closeFrame(); code != 0 {
				_ = c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(closeWait))
			}
			return
		}
		if e == nil {
			var due <-chan time.Time
			if wait > 0 {
				timer.Reset(wait)
				due = timer.C
			}
			select {
			case <-c.out.wake:
			case <-due:
			case <-ping.C:
				if !c.ping() {
					return
				}
			}
			timer.Stop()
			continue
		}
		select {
		case <-ping.C: // keep pinging a busy client too
			if !c.ping() {
				return
			}
		default:
		}
		if !w.batch(e, changed) {
			return
		}
	}
}

// writer is the write loop's state: the sequence number, a frame buffer
// and the last_seen of the vehicle states in the batch being written.
type writer struct {
	c    *wsClient
	seq  uint64
	buf  []byte
	seen []time.Time
}

// batch writes e (with changed, see outbox.pop) and whatever else is
// ready, up to batchBytes, in one socket write.
func (w *writer) batch(e *outEntry, changed memberMask) bool {
	c, h := w.c, w.c.hub
	start, now := time.Now(), h.Now() // now: the rate cap's clock, once a batch
	c.batch.gather()
	n, deltas, size := 0, 0, 0
	w.seen = w.seen[:0]
	for e != nil {
		if !e.seen.IsZero() {
			w.seen = append(w.seen, e.seen)
		}
		w.seq++
		switch {
		case e.rec == nil || c.whole:
			w.buf = frame(w.buf[:0], e.typ, w.seq, e.payload())
		case changed == e.changed && e.delta != nil: // nothing coalesced: the delta made once for all
			w.buf = frame(w.buf[:0], MsgVehicleDelta, w.seq, e.delta)
			deltas++
		case changed != e.changed && e.rec.deltaWorthIt(changed):
			w.buf = frameDelta(w.buf[:0], w.seq, e.rec, changed)
			deltas++
		default:
			w.buf = frame(w.buf[:0], e.typ, w.seq, e.payload())
		}
		c.batch.appendText(w.buf)
		n++
		size += len(w.buf)
		if cap(w.buf) > batchBytes {
			w.buf = nil // a snapshot's: not kept by every client for good
		}
		if size >= batchBytes {
			break
		}
		e, changed, _, _ = c.out.pop(now) // closed: the write loop sees it next
	}
	_ = c.batch.SetWriteDeadline(start.Add(h.WriteTimeout))
	err := c.batch.flush()
	end := time.Now()
	h.stats.writes.observe(end.Sub(start))
	if err != nil {
		c.writeFailed(err)
		return false
	}
	for _, seen := range w.seen {
		h.stats.ages.observe(end.Sub(seen))
	}
	h.stats.sent.Add(uint64(n))
	h.stats.deltas.Add(uint64(deltas))
	return true
}

func (c *wsClient) ping() bool {
	err := c.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(c.hub.WriteTimeout))
	if err != nil {
		c.writeFailed(err)
		return false
	}
	return true
}

// writeFailed drops the client after a failed write. A write that timed
// out left a partial frame behind: no close frame can follow it.
func (c *wsClient) writeFailed(err error) {
	reason := "write_error"
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		reason = "write_timeout"
	}
	c.out.close(0, "")
	c.hub.unregister(c, reason)
}

// readLoop answers client messages until the connection ends.
func (c *wsClient) readLoop() {
	h := c.hub
	reason := ""
	defer h.wg.Done()
	defer func() {
		c.out.close(0, "")
		h.unregister(c, reason)
		_ = c.conn.Close()
	}()
	c.conn.SetReadLimit(h.ReadLimit)
	alive := func() { _ = c.conn.SetReadDeadline(time.Now().Add(2 * h.PingPeriod)) }
	alive()
	c.conn.SetPongHandler(func(string) error { alive(); return nil })
	for {
		typ, b, err := c.conn.ReadMessage()
		if err != nil {
			if errors.Is(err, websocket.ErrReadLimit) {
				reason = "message_too_big" // gorilla has sent close 1009
				c.linger()
			}
			return
		}
		alive()
		h.stats.received.Add(1)
		if typ != websocket.TextMessage {
			c.reply(MsgError, "", "binary messages are not understood: send JSON text such as {\"type\":\"resync\"}")
			continue
		}
		m, err := DecodeClientMessage(b)
		switch {
		case err != nil:
			c.reply(MsgError, m.ID, err.Error())
		case m.Type == ClientResync:
			h.resync(c)
		case m.Type == ClientPing:
			c.reply(MsgPong, m.ID, "")
		}
	}
}

// reply queues a pong or error for this client only.
func (c *wsClient) reply(typ, id, text string) {
	e := &outEntry{typ: typ, data: c.hub.encode(replyData{ID: id, Error: text}), at: c.hub.Now()}
	if c.out.push(e, noVehicle) {
		return
	}
	h := c.hub
	h.do(func() {
		if _, ok := h.clients[c]; ok {
			h.drop(c, closePolicy, "too many requests unanswered", "queue_full")
		}
	})
}

// linger reads and discards what the client is still sending (briefly) so
// that closing does not reset the connection before the client has read
// the close frame.
func (c *wsClient) linger() {
	nc := c.conn.UnderlyingConn()
	_ = nc.SetReadDeadline(time.Now().Add(closeWait))
	_, _ = io.Copy(io.Discard, io.LimitReader(nc, 1<<20))
}
