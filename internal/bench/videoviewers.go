package bench

import (
	"context"
	"encoding/binary"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// viewers are browser-like consumers: one websocket per stream on the
// station's live video endpoint (web/stream/PROTOCOL.md), reading every
// frame and timing it against its capture time.
type viewers struct {
	mu     sync.Mutex
	on     bool
	frames uint64
	lost   uint64
	delay  latencyHist
	conns  []*websocket.Conn
	wg     sync.WaitGroup
}

// startViewers connects one viewer to each stream.
func startViewers(ctx context.Context, base string, refs []streamRef) (*viewers, error) {
	vs := &viewers{}
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	for _, r := range refs {
		ws := url.URL{Scheme: "ws", Host: u.Host, Path: fmt.Sprintf("/api/vehicles/%s/streams/%s/live", url.PathEscape(string(r.vehicle)), url.PathEscape(r.key))}
		c, _, err := websocket.DefaultDialer.DialContext(ctx, ws.String(), nil)
		if err != nil {
			vs.close()
			return nil, fmt.Errorf("viewer of %s %s: %w", r.vehicle, r.key, err)
		}
		vs.conns = append(vs.conns, c)
		vs.wg.Add(1)
		go vs.read(c)
	}
	return vs, nil
}

// read takes frames until the connection closes.
func (vs *viewers) read(c *websocket.Conn) {
	defer vs.wg.Done()
	var last uint64
	for {
		kind, b, err := c.ReadMessage()
		if err != nil {
			return
		}
		now := time.Now()
		if kind != websocket.BinaryMessage || len(b) < 24 || b[0] != 1 {
			continue
		}
		seq := binary.BigEndian.Uint64(b[4:])
		captured := int64(binary.BigEndian.Uint64(b[12:]))
		vs.mu.Lock()
		if vs.on {
			vs.frames++
			if last != 0 && seq > last+1 {
				vs.lost += seq - last - 1
			}
			if captured != 0 {
				vs.delay.add(now.Sub(time.UnixMicro(captured)))
			}
		}
		vs.mu.Unlock()
		last = seq
	}
}

func (vs *viewers) start() {
	vs.mu.Lock()
	defer vs.mu.Unlock()
	vs.on, vs.frames, vs.lost, vs.delay = true, 0, 0, latencyHist{}
}

func (vs *viewers) stop() (frames, lost uint64, delay latencyHist) {
	vs.mu.Lock()
	defer vs.mu.Unlock()
	vs.on = false
	return vs.frames, vs.lost, vs.delay
}

func (vs *viewers) close() {
	for _, c := range vs.conns {
		_ = c.Close()
	}
	vs.wg.Wait()
}

// stationCPU is this process's CPU time plus that of its live children
// (the video decoders).
func stationCPU() time.Duration {
	t := selfCPU()
	for _, pid := range children(os.Getpid()) {
		t += procCPU(pid)
	}
	return t
}

// treeCPU is a process's CPU time plus that of its live children (the
// simulator's encoders).
func treeCPU(pid int) time.Duration {
	t := procCPU(pid)
	for _, c := range children(pid) {
		t += procCPU(c)
	}
	return t
}

// children lists a process's live child processes (Linux).
func children(pid int) []int {
	files, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	var out []int
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, s := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(s); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}
