package sim

import (
	"fmt"
	"math"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	ais "github.com/BertoldVdb/go-ais"
	"github.com/BertoldVdb/go-ais/aisnmea"
	"github.com/stretchr/testify/require"

	"skerry/sim/scene"
)

// aisScenario has AIS vessels at 5, 18 and 30 kn on long straight routes,
// one at anchor, one without AIS and one that switches it off after 120 s.
const aisScenario = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"kind":"base","name":"b"},"geometry":{"type":"Point","coordinates":[-5.43,36.13]}},
{"type":"Feature","properties":{"kind":"vessel","id":"slow","name":"Slow One","type":"yacht","speed":5,"ais":true,"mmsi":224000001},
 "geometry":{"type":"LineString","coordinates":[[-5.40,36.10],[-5.30,36.10]]}},
{"type":"Feature","properties":{"kind":"vessel","id":"mid","type":"patrol","speed":18,"ais":true,"mmsi":224000002},
 "geometry":{"type":"LineString","coordinates":[[-5.40,36.05],[-5.20,36.05]]}},
{"type":"Feature","properties":{"kind":"vessel","id":"fast","type":"rib","speed":30,"ais":true,"mmsi":224000003},
 "geometry":{"type":"LineString","coordinates":[[-5.40,36.00],[-5.20,36.00]]}},
{"type":"Feature","properties":{"kind":"vessel","id":"anchor","type":"cargo","speed":0,"ais":true,"mmsi":224000004,"behaviour":"loiter","radius":0},
 "geometry":{"type":"Point","coordinates":[-5.35,36.08]}},
{"type":"Feature","properties":{"kind":"vessel","id":"dark","type":"fishing","speed":8},
 "geometry":{"type":"LineString","coordinates":[[-5.40,36.12],[-5.30,36.12]]}},
{"type":"Feature","properties":{"kind":"vessel","id":"off","type":"yacht","speed":8,"ais":true,"mmsi":224000005,"ais_off_after":120},
 "geometry":{"type":"LineString","coordinates":[[-5.40,36.14],[-5.30,36.14]]}}
]}`

// aisRx is one decoded message and the simulated time it arrived.
type aisRx struct {
	simT time.Duration
	p    ais.Packet
}

// aisReceiver collects what a Sim sends to a loopback UDP socket, decoded
// by go-ais's aisnmea (checksums checked by go-nmea and here).
type aisReceiver struct {
	conn      *net.UDPConn
	mu        sync.Mutex
	msgs      []aisRx
	sentences int
	lines     []string
	bad       []string
}

func newAISReceiver(t *testing.T) *aisReceiver {
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	require.NoError(t, err)
	_ = conn.SetReadBuffer(1 << 22)
	t.Cleanup(func() { conn.Close() })
	return &aisReceiver{conn: conn}
}

// run reads until the socket closes, stamping with s's simulated time.
func (r *aisReceiver) run(s *Sim) {
	nc := aisnmea.NMEACodecNew(ais.CodecNew(false, false))
	buf := make([]byte, 2048)
	for {
		n, err := r.conn.Read(buf)
		if err != nil {
			return
		}
		simT := s.SimTime()
		for _, line := range strings.Split(strings.TrimSuffix(string(buf[:n]), "\r\n"), "\r\n") {
			r.mu.Lock()
			r.sentences++
			r.lines = append(r.lines, line)
			if !checksumOK(line) || !strings.HasPrefix(line, "!AIVDM,") {
				r.bad = append(r.bad, line)
			}
			p, err := nc.ParseSentence(line)
			switch {
			case err != nil:
				r.bad = append(r.bad, line+": "+err.Error())
			case p != nil && p.Packet == nil:
				r.bad = append(r.bad, line+": undecodable")
			case p != nil:
				r.msgs = append(r.msgs, aisRx{simT, p.Packet})
			}
			r.mu.Unlock()
		}
	}
}

// checksumOK checks an NMEA sentence's XOR checksum.
func checksumOK(line string) bool {
	body, sum, ok := strings.Cut(line[1:], "*")
	if !ok {
		return false
	}
	x := byte(0)
	for i := 0; i < len(body); i++ {
		x ^= body[i]
	}
	return fmt.Sprintf("%02X", x) == sum
}

// runAIS runs a Sim on aisScenario for simDur of simulated time at speedup
// and returns what arrived, with the Sim's counters.
func runAISSim(t *testing.T, speedup float64, simDur time.Duration, drop float64) (*aisReceiver, AISStats, *scene.World) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "ais.geojson")
	require.NoError(t, os.WriteFile(file, []byte(aisScenario), 0o600))
	r := newAISReceiver(t)
	s, err := New(Config{Vehicles: 1, Scenario: file, Speedup: speedup, Seed: 7,
		AISAddr: r.conn.LocalAddr().String(), AISDrop: drop})
	require.NoError(t, err)
	require.NoError(t, s.Start())
	done := make(chan struct{})
	go func() { r.run(s); close(done) }()
	for s.SimTime() < simDur {
		time.Sleep(20 * time.Millisecond)
	}
	s.Close()
	time.Sleep(50 * time.Millisecond) // the last datagrams in flight on loopback
	r.conn.Close()
	<-done
	w, err := scene.NewWorld([]byte(aisScenario), 7)
	require.NoError(t, err)
	require.Empty(t, r.bad)
	return r, s.AISStats(), w
}

// byMMSI splits the received messages by MMSI and type.
func byMMSI(r *aisReceiver) (pos map[uint32][]aisRx, static map[uint32][]aisRx) {
	pos, static = map[uint32][]aisRx{}, map[uint32][]aisRx{}
	for _, m := range r.msgs {
		h := m.p.GetHeader()
		switch h.MessageID {
		case 1:
			pos[h.UserID] = append(pos[h.UserID], m)
		case 5:
			static[h.UserID] = append(static[h.UserID], m)
		}
	}
	return pos, static
}

// medianGap is the median of the gaps between arrivals.
func medianGap(ms []aisRx) time.Duration {
	var gaps []time.Duration
	for i := 1; i < len(ms); i++ {
		gaps = append(gaps, ms[i].simT-ms[i-1].simT)
	}
	sort.Slice(gaps, func(i, j int) bool { return gaps[i] < gaps[j] })
	return gaps[len(gaps)/2]
}

// TestAISReportingIntervals: each vessel reports at its speed band's rate.
func TestAISReportingIntervals(t *testing.T) {
	r, st, _ := runAISSim(t, 10, 90*time.Second, 0)
	pos, _ := byMMSI(r)
	t.Logf("stats %+v; reports per vessel: slow %d mid %d fast %d anchor %d", st,
		len(pos[224000001]), len(pos[224000002]), len(pos[224000003]), len(pos[224000004]))
	for mmsi, want := range map[uint32]time.Duration{224000001: 10 * time.Second, 224000002: 6 * time.Second, 224000003: 2 * time.Second} {
		require.GreaterOrEqual(t, len(pos[mmsi]), 5, "mmsi %d", mmsi)
		got := medianGap(pos[mmsi])
		require.InDelta(t, want.Seconds(), got.Seconds(), 0.2*want.Seconds()+0.3, "mmsi %d", mmsi)
	}
	require.LessOrEqual(t, len(pos[224000004]), 1, "at anchor: every 3 minutes")
}

// TestAISBroadcast: the AIS vessels (only they) report where the world
// has them, static data comes every 6 minutes, a switched-off vessel
// goes silent, and every sent sentence arrives.
func TestAISBroadcast(t *testing.T) {
	r, st, w := runAISSim(t, 200, 13*time.Minute, 0)
	t.Logf("stats %+v, %d messages received", st, len(r.msgs))
	require.Equal(t, st.Sent, int64(len(r.msgs)))
	require.Equal(t, st.Sentences, int64(r.sentences))
	pos, static := byMMSI(r)
	require.ElementsMatch(t, []uint32{224000001, 224000002, 224000003, 224000004, 224000005}, keys(pos))
	byMMSIIdx := map[uint32]int{}
	for i, v := range w.Vessels(0) {
		byMMSIIdx[v.MMSI] = i
	}
	// a report lies on the vessel's true track shortly before it arrived
	// (how long before depends on the machine's load, not on the sim)
	worst, worstLag := 0.0, time.Duration(0)
	for mmsi, ms := range pos {
		for _, m := range ms {
			pr := m.p.(ais.PositionReport)
			d, at := math.Inf(1), time.Duration(0)
			for tau := m.simT; tau >= max(0, m.simT-time.Minute); tau -= 50 * time.Millisecond {
				v := w.Vessels(tau)[byMMSIIdx[mmsi]]
				if dd := distM(float64(pr.Latitude), float64(pr.Longitude), v.Lat, v.Lon); dd < d {
					d, at = dd, tau
				}
			}
			truth := w.Vessels(at)[byMMSIIdx[mmsi]]
			require.LessOrEqual(t, d, 2.0, "mmsi %d received at %v", mmsi, m.simT)
			require.InDelta(t, truth.Speed*msToKn, float64(pr.Sog), 0.11, "mmsi %d", mmsi)
			require.InDelta(t, math.Mod(math.Round(truth.Heading)+360, 360), float64(pr.TrueHeading), 1, "mmsi %d", mmsi)
			if mmsi == 224000005 {
				require.LessOrEqual(t, at, 120*time.Second, "switched off after 120 s")
			}
			if d > worst {
				worst = d
			}
			worstLag = max(worstLag, m.simT-at)
		}
	}
	t.Logf("worst distance to the true track %.2f m; longest delay to arrival %v (simulated)", worst, worstLag)
	// switched off at 120 s
	off := pos[224000005]
	require.NotEmpty(t, off)
	require.Less(t, off[len(off)-1].simT, 4*time.Minute, "silent long before the end")
	// static data every 6 minutes, named
	for _, mmsi := range []uint32{224000001, 224000002, 224000003, 224000004} {
		ss := static[mmsi]
		require.GreaterOrEqual(t, len(ss), 2, "mmsi %d", mmsi)
		for i := 1; i < len(ss); i++ {
			gap := (ss[i].simT - ss[i-1].simT).Seconds()
			k := math.Round(gap / 360) // a lost one doubles the gap
			require.InDelta(t, 360*k, gap, 6, "mmsi %d", mmsi)
		}
	}
	// two-part messages: parts 1 and 2 in one datagram, message ids 0–9 in turn
	next := -1
	for i, l := range r.lines {
		f := strings.Split(l, ",")
		if f[1] != "2" || f[2] != "1" {
			continue
		}
		require.Less(t, i+1, len(r.lines))
		g := strings.Split(r.lines[i+1], ",")
		require.Equal(t, []string{"2", "2", f[3], f[4]}, g[1:5], "second part of %s", l)
		id := int(f[3][0] - '0')
		if next >= 0 {
			require.Equal(t, next, id)
		}
		next = (id + 1) % 10
	}
	require.GreaterOrEqual(t, next, 0, "no two-part message")
	sd := static[224000001][0].p.(ais.ShipStaticData)
	require.Equal(t, "SLOW ONE", strings.TrimRight(sd.Name, "@ "))
	require.Equal(t, uint8(37), sd.Type)
}

// TestAISLosses: with a drop probability, about that share is lost, and
// every message is counted once.
func TestAISLosses(t *testing.T) {
	r, st, _ := runAISSim(t, 200, 6*time.Minute, 0.3)
	total := st.Sent + st.Dropped + st.Collided
	t.Logf("stats %+v", st)
	require.Equal(t, st.Sent, int64(len(r.msgs)))
	require.Greater(t, total, int64(250))
	require.InDelta(t, 0.3, float64(st.Dropped)/float64(total), 0.08)
}

func keys(m map[uint32][]aisRx) []uint32 {
	var out []uint32
	for k := range m {
		out = append(out, k)
	}
	return out
}

// distM is the distance in metres between two nearby points.
func distM(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371000.0
	dy := (lat2 - lat1) * math.Pi / 180 * r
	dx := (lon2 - lon1) * math.Pi / 180 * r * math.Cos(lat1*math.Pi/180)
	return math.Hypot(dx, dy)
}
