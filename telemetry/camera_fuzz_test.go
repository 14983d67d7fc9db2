package telemetry

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/ardupilotmega"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/frame"
	"github.com/bluenviron/gomavlib/v3/pkg/message"
	"github.com/bluenviron/gomavlib/v3/pkg/streamwriter"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// encodeFrom encodes messages as v2 frames from sysid/compid.
func encodeFrom(tb testing.TB, sysid, compid uint8, msgs ...message.Message) []byte {
	tb.Helper()
	var buf bytes.Buffer
	fw := &frame.Writer{ByteWriter: &buf, DialectRW: newDialectRW(tb)}
	require.NoError(tb, fw.Initialize())
	sw := &streamwriter.Writer{FrameWriter: fw, Version: streamwriter.V2, SystemID: sysid, ComponentID: compid}
	require.NoError(tb, sw.Initialize())
	for _, m := range msgs {
		require.NoError(tb, sw.Write(m))
	}
	return buf.Bytes()
}

// cameraSeeds are a vehicle with a camera and a gimbal talking: the
// autopilot's heartbeat, then camera and gimbal frames, good and bad.
func cameraSeeds(tb testing.TB) [][]byte {
	ap := encode(tb, 1, copterHB(ardupilotmega.COPTER_MODE_GUIDED, true),
		&common.MessageGlobalPositionInt{Lat: 361_400_000, Lon: -53_500_000, Alt: 120_000, RelativeAlt: 100_000, Hdg: 9000})
	camHB := &common.MessageHeartbeat{Type: common.MAV_TYPE_CAMERA, Autopilot: common.MAV_AUTOPILOT_INVALID, MavlinkVersion: 3}
	var seeds [][]byte
	for _, m := range siyiAnswers() {
		seeds = append(seeds, append(append([]byte{}, ap...), encodeFrom(tb, 1, 100, append([]message.Message{camHB}, m...)...)...))
	}
	for _, ca := range streamCases {
		seeds = append(seeds, append(append([]byte{}, ap...), encodeFrom(tb, 1, 100, camHB, ca.msg)...))
	}
	for _, ca := range gimbalCases {
		seeds = append(seeds, append(append([]byte{}, ap...), encodeFrom(tb, 1, compGimbal, ca.msg)...))
		seeds = append(seeds, append(append([]byte{}, ap...), encodeFrom(tb, 1, 1, ca.msg)...))
	}
	// A camera claiming to be a quadrotor, heard before the autopilot.
	seeds = append(seeds, append(encodeFrom(tb, 1, 100, copterHB(0, false)), ap...))
	return seeds
}

// FuzzCameraFrames feeds arbitrary bytes, seeded with camera and gimbal
// traffic, through the session into a real fleet: nothing may panic, no
// camera or gimbal component may make or rename a vehicle, and every
// state must encode as JSON.
func FuzzCameraFrames(f *testing.F) {
	for _, s := range cameraSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fleet := &gcs.Fleet{TickPeriod: time.Hour, Log: slog.New(slog.DiscardHandler)}
		require.NoError(t, fleet.Initialize())
		defer fleet.Close()
		s, l := offlineStation(t, func(o gcs.Observation) {
			if id, ok := o.Update.(gcs.Identity); ok && id.Type == "camera" {
				t.Fatalf("a camera became a vehicle: %+v", id)
			}
			fleet.Observe(o)
		})
		feed(s, l, newReader(t, s, data))
		for _, v := range fleet.Vehicles() {
			if _, err := json.Marshal(v); err != nil {
				t.Fatalf("state of %s does not encode: %v", v.ID, err)
			}
			for _, c := range v.Cameras {
				for _, st := range c.Streams {
					checkStream(t, st)
				}
			}
		}
	})
}

// checkStream holds a decoded stream to what consumers rely on.
func checkStream(t *testing.T, st gcs.VideoStream) {
	t.Helper()
	if !strings.HasPrefix(st.Key, "c") || st.ID <= 0 || st.Source != "mavlink" {
		t.Fatalf("bad stream identity %+v", st)
	}
	for _, s := range []string{st.Name, st.URI, st.Note} {
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\x00\x01\x1b") || len(s) > 4*maxCameraText {
			t.Fatalf("unclean text %q", s)
		}
	}
	if (st.URI == "" || !strings.HasPrefix(strings.ToLower(st.URI), "rtsp")) && st.Note == "" {
		t.Fatalf("unwatchable stream without a note: %+v", st)
	}
	if math.IsNaN(st.FPS) || st.FPS < 0 || st.HFOV < 0 || st.HFOV >= 180 {
		t.Fatalf("bad numbers %+v", st)
	}
}

// FuzzCameraDecode drives the decoders with arbitrary field values.
func FuzzCameraDecode(f *testing.F) {
	for _, ca := range streamCases {
		m := ca.msg
		f.Add(m.StreamId, uint8(m.Type), uint8(m.Encoding), m.Framerate, m.ResolutionH, m.Hfov, m.Name, m.Uri, float32(1), float32(0), float32(0), float32(0), uint16(0))
	}
	for _, ca := range gimbalCases {
		q := ca.msg.Q
		f.Add(uint8(1), uint8(0), uint8(1), float32(30), uint16(1280), uint16(60), "", "rtsp://x/y", q[0], q[1], q[2], q[3], uint16(ca.msg.Flags))
	}
	f.Fuzz(func(t *testing.T, id, typ, enc uint8, fps float32, w, hfov uint16, name, uri string, q0, q1, q2, q3 float32, flags uint16) {
		st, ok := decodeVideoStream(100, &common.MessageVideoStreamInformation{StreamId: id, Type: common.VIDEO_STREAM_TYPE(typ),
			Encoding: common.VIDEO_STREAM_ENCODING(enc), Framerate: fps, ResolutionH: w, ResolutionV: w, Hfov: hfov, Name: name, Uri: uri})
		if ok != (id != 0) {
			t.Fatalf("ok %v for stream id %d", ok, id)
		}
		if ok {
			checkStream(t, st)
		}
		g := decodeGimbal(&common.MessageGimbalDeviceAttitudeStatus{Q: [4]float32{q0, q1, q2, q3}, Flags: common.GIMBAL_DEVICE_FLAGS(flags)}, 154, time.Time{}).Gimbal
		if g.Pitch.Known() && (g.Pitch < -90 || g.Pitch > 90) {
			t.Fatalf("pitch %v", g.Pitch)
		}
		if g.Yaw.Known() == g.YawEarth.Known() && g.Pitch.Known() {
			t.Fatalf("one yaw frame expected: %+v", g)
		}
		if _, err := json.Marshal(g); err != nil {
			t.Fatal(err)
		}
	})
}

// TestWriteCameraFuzzSeeds rewrites the committed camera seed corpora
// when SKERRY_WRITE_SEEDS=1.
func TestWriteCameraFuzzSeeds(t *testing.T) {
	if os.Getenv("SKERRY_WRITE_SEEDS") != "1" {
		t.Skip("set SKERRY_WRITE_SEEDS=1 to rewrite testdata/fuzz/FuzzCameraFrames")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzCameraFrames")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	for i, s := range cameraSeeds(t) {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", s)
		require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%02d", i)), []byte(body), 0o644))
	}
}
