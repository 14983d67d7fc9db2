package sim

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/sim/scene"
	aisrx "skerry/telemetry/ais"
)

// classBScenario has class B vessels at 8 kn (every 30 s) and at anchor
// (every 3 minutes) and a class A vessel at 8 kn (every 10 s).
const classBScenario = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"kind":"base","name":"b"},"geometry":{"type":"Point","coordinates":[-5.43,36.13]}},
{"type":"Feature","properties":{"kind":"vessel","id":"bee","name":"Bee Yacht","type":"yacht","speed":8,"ais":true,"ais_class":"B","mmsi":224000011},
 "geometry":{"type":"LineString","coordinates":[[-5.40,36.10],[-5.20,36.10]]}},
{"type":"Feature","properties":{"kind":"vessel","id":"moored","name":"Moored B","type":"fishing","speed":0,"ais":true,"ais_class":"B","mmsi":224000012,"behaviour":"loiter","radius":0},
 "geometry":{"type":"Point","coordinates":[-5.35,36.08]}},
{"type":"Feature","properties":{"kind":"vessel","id":"ayy","name":"Class A","type":"patrol","speed":8,"ais":true,"mmsi":224000013},
 "geometry":{"type":"LineString","coordinates":[[-5.40,36.05],[-5.20,36.05]]}}
]}`

// rxReport is one report decoded by the station's AIS decoder, with the
// simulated time it arrived.
type rxReport struct {
	simT time.Duration
	r    aisrx.Report
}

// TestAISClassB: class B vessels send message 18 at class B "CS" rates and
// message 24 parts A and B every 6 minutes, which the station's decoder
// (telemetry/ais) reads as class B with the scenario's name and positions.
func TestAISClassB(t *testing.T) {
	file := filepath.Join(t.TempDir(), "b.geojson")
	require.NoError(t, os.WriteFile(file, []byte(classBScenario), 0o600))
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	require.NoError(t, err)
	_ = conn.SetReadBuffer(1 << 22)
	s, err := New(Config{Vehicles: 1, Scenario: file, Speedup: 200, Seed: 3, AISAddr: conn.LocalAddr().String()})
	require.NoError(t, err)
	require.NoError(t, s.Start())

	var mu sync.Mutex
	var got []rxReport
	var bad []string
	done := make(chan struct{})
	go func() {
		defer close(done)
		dec := aisrx.NewDecoder(time.Now)
		buf := make([]byte, 2048)
		for {
			n, err := conn.Read(buf)
			if err != nil {
				return
			}
			simT := s.SimTime()
			for _, line := range strings.Split(strings.TrimSuffix(string(buf[:n]), "\r\n"), "\r\n") {
				r, ok, err := dec.Decode(line)
				mu.Lock()
				if err != nil {
					bad = append(bad, line+": "+err.Error())
				} else if ok {
					got = append(got, rxReport{simT, r})
				}
				mu.Unlock()
			}
		}
	}()
	for s.SimTime() < 13*time.Minute {
		time.Sleep(20 * time.Millisecond)
	}
	s.Close()
	time.Sleep(50 * time.Millisecond)
	conn.Close()
	<-done
	require.Empty(t, bad)
	t.Logf("stats %+v, %d reports", s.AISStats(), len(got))

	w, err := scene.NewWorld([]byte(classBScenario), 3)
	require.NoError(t, err)
	type key struct {
		mmsi uint32
		typ  uint8
	}
	by := map[key][]rxReport{}
	for _, g := range got {
		by[key{g.r.MMSI, g.r.MessageType}] = append(by[key{g.r.MMSI, g.r.MessageType}], g)
	}
	for k, rs := range by {
		t.Logf("mmsi %d type %d: %d", k.mmsi, k.typ, len(rs))
	}
	// positions: class and track
	for i, mmsi := range []uint32{224000011, 224000012} {
		pos := by[key{mmsi, 18}]
		require.NotEmpty(t, pos, "mmsi %d", mmsi)
		require.Empty(t, by[key{mmsi, 1}], "a class B sends no message 1")
		require.Empty(t, by[key{mmsi, 5}], "a class B sends no message 5")
		for _, p := range pos {
			require.Equal(t, aisrx.ClassB, p.r.Class)
			require.True(t, p.r.HasPosition)
			d := 1e9
			for tau := p.simT; tau >= max(0, p.simT-time.Minute); tau -= 100 * time.Millisecond {
				v := w.Vessels(tau)[i]
				d = min(d, distM(p.r.Lat, p.r.Lon, v.Lat, v.Lon))
			}
			require.LessOrEqual(t, d, 3.0, "mmsi %d at %v", mmsi, p.simT)
		}
	}
	// rates: 30 s above 2 kn, 3 min at anchor; class A at 8 kn every 10 s
	moving := by[key{224000011, 18}]
	require.InDelta(t, 13*60/30, len(moving), 3)
	require.InDelta(t, 30, medianGap(toAISRx(moving)).Seconds(), 4)
	require.InDelta(t, 13*60/180, len(by[key{224000012, 18}]), 1)
	require.InDelta(t, 10, medianGap(toAISRx(by[key{224000013, 1}])).Seconds(), 2)

	// static: part A with the name, part B with type and call sign, each
	// every 6 minutes, B shortly after A
	for _, c := range []struct {
		mmsi uint32
		name string
		typ  uint8
	}{{224000011, "BEE YACHT", 37}, {224000012, "MOORED B", 30}} {
		var partA, partB []rxReport
		for _, r := range by[key{c.mmsi, 24}] {
			require.Equal(t, aisrx.ClassB, r.r.Class)
			require.NotNil(t, r.r.Static)
			if r.r.Static.Name != "" {
				require.Equal(t, c.name, r.r.Static.Name)
				partA = append(partA, r)
			} else {
				require.Equal(t, c.typ, r.r.Static.ShipType)
				require.NotEmpty(t, r.r.Static.CallSign)
				require.NotZero(t, r.r.Static.ToBow)
				partB = append(partB, r)
			}
		}
		require.Len(t, partA, 3, "mmsi %d: 13 minutes, every 6", c.mmsi)
		require.Len(t, partB, 3, "mmsi %d", c.mmsi)
		for i := range partA {
			gap := partB[i].simT - partA[i].simT
			require.True(t, gap >= 0 && gap < 10*time.Second, "part B %v after part A", gap)
			if i > 0 {
				require.InDelta(t, 360, (partA[i].simT - partA[i-1].simT).Seconds(), 6)
			}
		}
	}
}

func toAISRx(rs []rxReport) []aisRx {
	out := make([]aisRx, len(rs))
	for i, r := range rs {
		out[i].simT = r.simT
	}
	return out
}

// TestAISClassBInterval is ITU-R M.1371-5's class B "CS" table.
func TestAISClassBInterval(t *testing.T) {
	for _, c := range []struct {
		kn   float64
		want time.Duration
	}{{0, 3 * time.Minute}, {2, 3 * time.Minute}, {2.1, 30 * time.Second}, {14, 30 * time.Second}, {35, 30 * time.Second}} {
		require.Equal(t, c.want, aisClassBInterval(c.kn), "%v kn", c.kn)
	}
}
