package bench

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// WebClientsConfig sets up the websocket side of the web benchmark: Clients
// consoles on URL (ws://HOST/ws), connected at once, measured for Duration
// after Settle. It runs in a process of its own (`skerry bench
// web-clients`) so that the clients' CPU is not counted as the station's.
type WebClientsConfig struct {
	URL      string
	Clients  int
	Settle   time.Duration // after every client connected, before measuring
	Duration time.Duration
	// Measuring and Measured, when set, are called as the measurement
	// starts and ends (before the clients disconnect), so the caller can
	// take its own counters over the same window.
	Measuring, Measured func()
	// CPUProfile, when set, receives a CPU profile of the measurement.
	CPUProfile string
	// ReceiveBuffer, when set, is each client's socket receive buffer in
	// bytes (SO_RCVBUF, which stops the kernel growing it); 0 leaves it to
	// the kernel, as a browser does.
	ReceiveBuffer int
	// Vehicles, when set, is how many vehicles the station has: a client
	// that has seen states of them all stops looking each one up.
	Vehicles int
}

// WebClientsResult is what the clients saw while measuring.
type WebClientsResult struct {
	Clients  int           `json:"clients"`
	Duration time.Duration `json:"duration"`
	// Latency is from the station's receipt of the newest MAVLink frame
	// folded into a vehicle state (its last_seen) to a client's receipt of
	// the message carrying it, over every vehicle message of every client.
	Latency  Latencies `json:"latency"`
	Messages uint64    `json:"messages"` // all types, all clients
	Bytes    uint64    `json:"bytes"`    // websocket payload bytes, all clients
	// Per-client rates: mean and the slowest client.
	MsgsPerSecMean  float64 `json:"msgs_per_sec_mean"`
	MsgsPerSecMin   float64 `json:"msgs_per_sec_min"`
	BytesPerSecMean float64 `json:"bytes_per_sec_mean"`
	BytesPerSecMin  float64 `json:"bytes_per_sec_min"`
	// VehiclesMin is the fewest distinct vehicles one client had a state of.
	VehiclesMin int `json:"vehicles_min"`
	// SeqGaps counts messages missing from the seq numbering (0 when none
	// was lost); Snapshots counts snapshots after the first of each
	// client, warm-up included (the hub resends them when it fell behind).
	SeqGaps   uint64 `json:"seq_gaps"`
	Snapshots uint64 `json:"snapshots"`
	// Disconnects lists clients whose connection ended before the end,
	// with the reason (close code and text).
	Disconnects []string `json:"disconnects,omitempty"`
	// BadMessages counts messages the scanner could not read, and sampled
	// vehicle messages where the short scan and a full one disagree.
	BadMessages uint64 `json:"bad_messages"`
}

// Measurement phases, shared by the clients through an atomic.
const (
	phaseSettle int32 = iota
	phaseMeasure
	phaseDone
)

// benchClient is one console; its reader goroutine owns every field
// until the goroutine ends.
type benchClient struct {
	conn      *websocket.Conn
	phase     *atomic.Int32
	hist      latencyHist
	msgs      uint64
	bytes     uint64
	seq       uint64
	gaps      uint64
	snapshots uint64
	bad       uint64
	checked   uint64 // vehicle messages, for sampling checks
	vehicles  map[string]struct{}
	expect    int // vehicles the station has; 0 unknown
	stamps    stampParser
	err       error // why the connection ended early
}

// WebClients connects the clients, measures and reports.
func WebClients(ctx context.Context, cfg WebClientsConfig) (WebClientsResult, error) {
	res := WebClientsResult{Clients: cfg.Clients}
	var phase atomic.Int32
	clients := make([]*benchClient, 0, cfg.Clients)
	defer func() {
		for _, c := range clients {
			_ = c.conn.Close()
		}
	}()
	dialer := websocket.Dialer{HandshakeTimeout: 10 * time.Second, ReadBufferSize: 64 << 10}
	if cfg.ReceiveBuffer > 0 {
		dialer.NetDialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
			if tc, ok := c.(*net.TCPConn); ok {
				err = tc.SetReadBuffer(cfg.ReceiveBuffer)
			}
			return c, err
		}
	}
	for range cfg.Clients {
		conn, _, err := dialer.DialContext(ctx, cfg.URL, nil)
		if err != nil {
			return res, fmt.Errorf("client %d of %d: %w", len(clients)+1, cfg.Clients, err)
		}
		clients = append(clients, &benchClient{conn: conn, phase: &phase, vehicles: map[string]struct{}{}, expect: cfg.Vehicles})
	}
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Go(c.read)
	}
	if err := sleep(ctx, cfg.Settle); err != nil {
		return res, err
	}
	if cfg.Measuring != nil {
		cfg.Measuring()
	}
	if cfg.CPUProfile != "" {
		stop, err := startProfile(cfg.CPUProfile)
		if err != nil {
			return res, err
		}
		defer stop()
	}
	t0 := time.Now()
	phase.Store(phaseMeasure)
	err := sleep(ctx, cfg.Duration)
	phase.Store(phaseDone)
	res.Duration = time.Since(t0)
	if cfg.Measured != nil {
		cfg.Measured()
	}
	closeAll(clients, &wg)
	if err != nil {
		return res, err
	}
	res.collect(clients)
	return res, nil
}

// closeAll says goodbye with a close frame, so the station counts no
// client as dropped, and waits (briefly) for the station to close.
func closeAll(clients []*benchClient, wg *sync.WaitGroup) {
	bye := websocket.FormatCloseMessage(websocket.CloseNormalClosure, "benchmark done")
	for _, c := range clients {
		_ = c.conn.WriteControl(websocket.CloseMessage, bye, time.Now().Add(time.Second))
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
	}
	for _, c := range clients {
		_ = c.conn.Close()
	}
	<-done
}

// read takes messages until the connection ends.
func (c *benchClient) read() {
	var buf bytes.Buffer
	for {
		_, r, err := c.conn.NextReader()
		if err != nil {
			if c.phase.Load() != phaseDone {
				c.err = err
			}
			return
		}
		buf.Reset()
		if _, err := buf.ReadFrom(r); err != nil {
			if c.phase.Load() != phaseDone {
				c.err = err
			}
			return
		}
		c.take(buf.Bytes(), time.Now())
	}
}

// checkEvery is how often a vehicle message scanned the short way is
// scanned again in full to check that both agree.
const checkEvery = 500

// agrees checks m, from scanMessage, against a full scan of b.
func agrees(b []byte, m wireInfo) bool {
	full, err := scanFull(b)
	return err == nil && string(full.typ) == string(m.typ) && full.seq == m.seq &&
		string(full.id) == string(m.id) && string(full.lastSeen) == string(m.lastSeen)
}

// take accounts for one message received at now.
func (c *benchClient) take(b []byte, now time.Time) {
	m, err := scanMessage(b)
	if err != nil {
		c.bad++
		return
	}
	if c.seq != 0 && m.seq > c.seq+1 {
		c.gaps += m.seq - c.seq - 1
	}
	c.seq = m.seq
	switch string(m.typ) {
	case "snapshot":
		if m.seq > 1 { // not the one that starts the connection
			c.snapshots++
		}
	case "vehicle", "vehicle_delta":
		measuring := c.phase.Load() == phaseMeasure
		c.checked++
		if c.expect == 0 || len(c.vehicles) < c.expect {
			if _, ok := c.vehicles[string(m.id)]; !ok {
				c.vehicles[string(m.id)] = struct{}{}
			}
		}
		if c.checked%checkEvery == 0 && !agrees(b, m) {
			c.bad++
		}
		if !measuring {
			return
		}
		if len(m.lastSeen) == 0 && string(m.typ) == "vehicle_delta" {
			break // a change that carries no new frame (the station's own bookkeeping): nothing to time
		}
		at, err := c.stamps.parse(m.lastSeen)
		if err != nil {
			c.bad++
			return
		}
		c.hist.add(now.Sub(at))
	}
	if c.phase.Load() == phaseMeasure {
		c.msgs++
		c.bytes += uint64(len(b))
	}
}

// collect sums the clients up.
func (r *WebClientsResult) collect(clients []*benchClient) {
	var all latencyHist
	secs := r.Duration.Seconds()
	r.VehiclesMin = -1
	r.MsgsPerSecMin, r.BytesPerSecMin = -1, -1
	for i, c := range clients {
		all.merge(&c.hist)
		r.Messages += c.msgs
		r.Bytes += c.bytes
		r.SeqGaps += c.gaps
		r.Snapshots += c.snapshots
		r.BadMessages += c.bad
		mps, bps := float64(c.msgs)/secs, float64(c.bytes)/secs
		if r.MsgsPerSecMin < 0 || mps < r.MsgsPerSecMin {
			r.MsgsPerSecMin = mps
		}
		if r.BytesPerSecMin < 0 || bps < r.BytesPerSecMin {
			r.BytesPerSecMin = bps
		}
		if r.VehiclesMin < 0 || len(c.vehicles) < r.VehiclesMin {
			r.VehiclesMin = len(c.vehicles)
		}
		if c.err != nil {
			r.Disconnects = append(r.Disconnects, fmt.Sprintf("client %d: %v", i+1, c.err))
		}
	}
	if n := float64(len(clients)); n > 0 {
		r.MsgsPerSecMean = float64(r.Messages) / secs / n
		r.BytesPerSecMean = float64(r.Bytes) / secs / n
	}
	r.VehiclesMin = max(r.VehiclesMin, 0)
	r.MsgsPerSecMin, r.BytesPerSecMin = max(r.MsgsPerSecMin, 0), max(r.BytesPerSecMin, 0)
	r.Latency = all.summary()
}
