package telemetry

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/ardupilotmega"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/frame"
	"github.com/bluenviron/gomavlib/v3/pkg/message"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// offlineStation is a Station with its session state but no network: the
// fuzz test and benchmark feed it frames directly.
func offlineStation(tb testing.TB, sink func(gcs.Observation)) (*Station, *link) {
	tb.Helper()
	at := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	s := &Station{Links: []LinkConfig{{Name: "f", URL: "udp-server:127.0.0.1:0"}}, Sink: sink, Now: func() time.Time { return at },
		Log: slog.New(slog.DiscardHandler)}
	s.defaults()
	require.NoError(tb, s.planLinks())
	s.dialectRW = newDialectRW(tb)
	s.vehicles, s.byID = map[vkey]*vehicle{}, map[gcs.VehicleID]*vehicle{}
	s.cmds, s.params = map[cmdKey]*pendingCmd{}, map[paramKey]*pendingParam{}
	return s, s.links[0]
}

// feed parses bytes as a link would and hands each frame to the session.
func feed(s *Station, l *link, r *frame.Reader) int {
	n := 0
	for {
		fr, err := r.Read()
		if err != nil {
			var rerr frame.ReadError
			if errors.As(err, &rerr) {
				l.counters.countParseError(err)
				continue
			}
			return n
		}
		n++
		s.handleFrame(l, nil, fr, s.Now())
	}
}

func newReader(tb testing.TB, s *Station, data []byte) *frame.Reader {
	r := &frame.Reader{BufByteReader: bufio.NewReader(bytes.NewReader(data)), DialectRW: s.dialectRW}
	require.NoError(tb, r.Initialize())
	return r
}

// seedFrames are real frames: a heartbeat, then every decode case.
func seedFrames(tb testing.TB) [][]byte {
	seeds := [][]byte{encode(tb, 1, copterHB(ardupilotmega.COPTER_MODE_GUIDED, true))}
	all := []message.Message{copterHB(ardupilotmega.COPTER_MODE_GUIDED, true)}
	for _, ca := range decodeCases {
		seeds = append(seeds, encode(tb, 1, copterHB(0, false), ca.msg))
		all = append(all, ca.msg)
	}
	all = append(all, &common.MessageStatustext{Severity: 2, Text: "PreArm: Need 3D Fix"},
		&common.MessageCommandAck{Command: common.MAV_CMD_COMPONENT_ARM_DISARM, Result: common.MAV_RESULT_DENIED},
		&common.MessageParamValue{ParamId: "WPNAV_SPEED", ParamValue: 500},
		&common.MessageSystemTime{TimeBootMs: 60_000},
		&common.MessageMissionCount{TargetSystem: 255, Count: 3},
		&common.MessageMissionRequestInt{TargetSystem: 255, Seq: 1},
		&common.MessageMissionRequest{TargetSystem: 255, Seq: 2, MissionType: 1},
		&common.MessageMissionItemInt{TargetSystem: 255, Seq: 0, Frame: 6, Command: 16, X: 436_000_000},
		&common.MessageMissionItem{TargetSystem: 255, Seq: 1, Frame: 3, Command: 16, X: 43.6},
		&common.MessageMissionAck{TargetSystem: 255, Type: common.MAV_MISSION_NO_SPACE})
	seeds = append(seeds, encode(tb, 1, all...), []byte("Init ArduCopter V4.5.7\n\xfe\x09\x00"))
	return seeds
}

// FuzzDecode feeds arbitrary bytes through the frame reader, the decoder
// and the vehicle session into a real fleet: nothing may panic, every
// vehicle must begin with an Identity, and every state the frames make
// must encode as JSON (what GET /api/vehicles and the live feed send).
func FuzzDecode(f *testing.F) {
	for _, s := range seedFrames(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fleet := &gcs.Fleet{TickPeriod: time.Hour, Log: slog.New(slog.DiscardHandler)}
		require.NoError(t, fleet.Initialize())
		defer fleet.Close()
		seen := map[gcs.VehicleID]bool{}
		s, l := offlineStation(t, func(o gcs.Observation) {
			if !seen[o.Vehicle] {
				if _, ok := o.Update.(gcs.Identity); !ok {
					t.Fatalf("first observation of %s is %T", o.Vehicle, o.Update)
				}
				seen[o.Vehicle] = true
			}
			fleet.Observe(o)
		})
		feed(s, l, newReader(t, s, data))
		s.tick(s.Now().Add(time.Hour))
		for _, v := range fleet.Vehicles() {
			if _, err := json.Marshal(v); err != nil {
				t.Fatalf("state of %s does not encode: %v", v.ID, err)
			}
		}
	})
}

// TestWriteFuzzSeeds rewrites the committed seed corpus when
// SKERRY_WRITE_SEEDS=1.
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("SKERRY_WRITE_SEEDS") != "1" {
		t.Skip("set SKERRY_WRITE_SEEDS=1 to rewrite testdata/fuzz/FuzzDecode")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzDecode")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	for i, s := range seedFrames(t) {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", s)
		require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%02d", i)), []byte(body), 0o644))
	}
}

// BenchmarkDecodeToState measures the receive path: encoded frames are
// parsed, decoded into updates and handed to a sink.
func BenchmarkDecodeToState(b *testing.B) {
	msgs := []message.Message{copterHB(ardupilotmega.COPTER_MODE_GUIDED, true)}
	for range 200 {
		msgs = append(msgs,
			&common.MessageGlobalPositionInt{Lat: 436_000_000, Lon: 73_000_000, Alt: 100_000, RelativeAlt: 40_000, Hdg: 9000},
			&common.MessageAttitude{Roll: 0.1, Pitch: -0.05, Yaw: 1.2},
			&common.MessageVfrHud{Airspeed: 10, Groundspeed: 9, Climb: 0.5},
			&common.MessageSysStatus{OnboardControlSensorsPresent: 0x1020ff, OnboardControlSensorsEnabled: 0x1020ff,
				OnboardControlSensorsHealth: 0x1020ff, VoltageBattery: 12600, CurrentBattery: 1500, BatteryRemaining: 80},
			&common.MessageGpsRawInt{FixType: 3, SatellitesVisible: 12, Eph: 80},
		)
	}
	data := encode(b, 1, msgs...)
	var got int
	s, l := offlineStation(b, func(gcs.Observation) { got++ })
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	b.ResetTimer()
	frames := 0
	for b.Loop() {
		frames += feed(s, l, newReader(b, s, data))
	}
	el := b.Elapsed()
	runtime.ReadMemStats(&m1)
	b.ReportMetric(float64(frames)/el.Seconds(), "msgs/s")
	b.ReportMetric(float64(m1.Mallocs-m0.Mallocs)/float64(frames), "allocs/msg")
	b.ReportMetric(float64(el.Nanoseconds())/float64(frames), "ns/msg")
	if got < frames {
		b.Fatalf("%d observations for %d frames", got, frames)
	}
}
