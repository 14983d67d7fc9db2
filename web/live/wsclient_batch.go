package live

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"net"
	"net/http"
	"sync"
)

// batchBytes bounds the frames gathered into one socket write.
const batchBytes = 64 << 10

// batchBufs recycles batch buffers between writes, so an idle client holds
// none.
var batchBufs = sync.Pool{New: func() any { b := make([]byte, 0, batchBytes+4096); return &b }}

// batchConn is the socket under one client's websocket. While the writer
// gathers (between gather and flush), its messages (appendText) and any
// frame the websocket library writes meanwhile (a pong) are collected and
// go to the kernel in one write, so the fixed cost of a write (the system
// call, the TCP stack, waking the reader) is paid once for all of them.
// Outside a batch (pings, close frames) writes go straight through.
type batchConn struct {
	net.Conn
	mu  sync.Mutex
	buf *[]byte // non-nil while gathering
}

// Write gathers p while batching, else writes it. The socket serialises
// whole writes, so a frame written straight through never lands inside a
// batch.
func (b *batchConn) Write(p []byte) (int, error) {
	b.mu.Lock()
	if b.buf != nil {
		*b.buf = append(*b.buf, p...)
		b.mu.Unlock()
		return len(p), nil
	}
	b.mu.Unlock()
	return b.Conn.Write(p)
}

// appendText gathers one websocket text message: a final, unmasked frame
// (RFC 6455 section 5.2; a server does not mask) holding payload. The
// writer frames its messages here rather than through the websocket
// library, which would copy each one twice more; control frames still go
// through the library and Write, so frames never interleave.
func (b *batchConn) appendText(payload []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf == nil {
		b.buf = batchBufs.Get().(*[]byte)
	}
	buf := append(*b.buf, 0x81) // FIN, text
	switch n := len(payload); {
	case n < 126:
		buf = append(buf, byte(n))
	case n <= 0xffff:
		buf = append(buf, 126, byte(n>>8), byte(n))
	default:
		buf = append(buf, 127)
		buf = binary.BigEndian.AppendUint64(buf, uint64(n))
	}
	*b.buf = append(buf, payload...)
}

// gather starts collecting writes.
func (b *batchConn) gather() {
	b.mu.Lock()
	if b.buf == nil {
		b.buf = batchBufs.Get().(*[]byte)
	}
	b.mu.Unlock()
}

// flush writes what was gathered in one write and stops gathering.
func (b *batchConn) flush() error {
	b.mu.Lock()
	buf := b.buf
	b.buf = nil
	b.mu.Unlock()
	if buf == nil {
		return nil
	}
	_, err := b.Conn.Write(*buf)
	if cap(*buf) <= 4*batchBytes { // a snapshot's buffer is not kept
		*buf = (*buf)[:0]
		batchBufs.Put(buf)
	}
	return err
}

// hijackBatch hands the websocket upgrader a batchConn in place of the
// connection it hijacks.
type hijackBatch struct {
	http.ResponseWriter
	conn *batchConn
}

// Hijack implements http.Hijacker.
func (h *hijackBatch) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, rw, err := http.NewResponseController(h.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, fmt.Errorf("websocket upgrade: %w", err)
	}
	h.conn = &batchConn{Conn: c}
	return h.conn, rw, nil
}
