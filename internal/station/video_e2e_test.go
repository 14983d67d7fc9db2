package station_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/sim"
	"skerry/sim/scene"
	"skerry/video"
)

// needTool skips (fails under CI=true) when a program is missing.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing (make deps installs it)", name)
		}
		t.Skipf("SKIPPED: %s is missing (make deps installs it)", name)
	}
}

// streamOf returns a vehicle's first announced stream, once it plays.
func streamOf(w *world, id gcs.VehicleID) (gcs.VideoStream, bool) {
	v, ok := w.st.Fleet.Vehicle(id)
	if !ok {
		return gcs.VideoStream{}, false
	}
	for _, c := range v.Cameras {
		for _, s := range c.Streams {
			if s.Health != nil && s.Health.State == "playing" && s.Health.Frames > 0 {
				return s, true
			}
		}
	}
	return gcs.VideoStream{}, false
}

// TestCameraStreamsEndToEnd flies the whole video path on real protocols:
// the simulator's camera announces itself over MAVLink, the station finds
// its RTSP stream, ingests and decodes it, reports its health, serves a
// snapshot whose burnt-in capture time matches the station's capture time,
// streams it to a websocket viewer, records it to an MP4 that ffprobe
// reads, and turns the gimbal on a pilot's order.
func TestCameraStreamsEndToEnd(t *testing.T) {
	needTool(t, "ffmpeg")
	needTool(t, "ffprobe")
	data := t.TempDir()
	started := time.Now()
	w := startWorld(t, worldOpts{vehicles: 2, links: 1, cameras: 1, data: data,
		camera: sim.CameraConfig{Width: 640, Height: 360, FPS: 15}})
	id := gcs.VehicleID("l1-1")
	var st gcs.VideoStream
	waitFor(t, 60*time.Second, "the camera's stream playing", func() bool {
		var ok bool
		st, ok = streamOf(w, id)
		return ok
	})
	require.Equal(t, "c100s1", st.Key)
	require.Equal(t, w.sim.Cameras()[0].URL, st.URI)
	require.Equal(t, "mavlink", st.Source)
	require.Equal(t, "h264", st.Health.Codec)
	v, _ := w.st.Fleet.Vehicle("l1-2")
	require.Empty(t, v.Cameras, "the second vehicle carries no camera")

	// Analysis frames: the snapshot is a decoded frame with the simulator's
	// burnt-in capture time. The station's capture time of a frame is never
	// earlier than the camera's; once it reads the camera's RTCP sender
	// reports (health clock "rtcp") it is the camera's own, and stays so.
	// Before, it rests on the first packet's arrival, later by the first
	// packet's delay, and the switch never moves it back: frames right
	// after the switch may keep the later time a little while.
	base := strings.TrimSuffix(w.st.URL, "/")
	snapURL := fmt.Sprintf("%s/api/vehicles/%s/streams/%s/snapshot.jpg", base, id, st.Key)
	var stamp, captured time.Time
	waitFor(t, 30*time.Second, "a snapshot", func() bool {
		var ok bool
		stamp, captured, ok = snapshot(t, snapURL)
		return ok
	})
	waitFor(t, 30*time.Second, "the camera's capture times from its sender reports", func() bool {
		if exact(stamp, captured) && streamClock(w, id) == video.ClockRTCP {
			return true
		}
		stamp, captured, _ = snapshot(t, snapURL)
		return false
	})
	for range 3 { // later frames too
		last := stamp
		waitFor(t, 30*time.Second, "a newer analysed frame", func() bool {
			var ok bool
			stamp, captured, ok = snapshot(t, snapURL)
			return ok && stamp.After(last)
		})
		require.True(t, exact(stamp, captured), "frame %s: the station says %s, not the camera's capture time", stamp, captured)
	}

	// A viewer on the websocket gets the frames as the camera encoded them.
	wsURL := "ws" + strings.TrimPrefix(base, "http") + fmt.Sprintf("/api/vehicles/%s/streams/%s/live", id, st.Key)
	conn, _, err := websocket.DefaultDialer.Dial(wsURL, nil)
	require.NoError(t, err)
	defer conn.Close()
	frames, keyFirst, prev := 0, false, started
	for frames < 20 {
		_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		kind, b, err := conn.ReadMessage()
		require.NoError(t, err)
		if kind != websocket.BinaryMessage {
			continue
		}
		require.GreaterOrEqual(t, len(b), 24)
		require.Equal(t, byte(1), b[1], "codec H.264")
		if frames == 0 {
			keyFirst = b[2]&1 == 1
		}
		// Each carries its capture time: the camera's clock, never going
		// back, between the camera's start and the frame's arrival.
		at := time.UnixMicro(int64(binary.BigEndian.Uint64(b[12:])))
		require.False(t, at.Before(prev), "capture time %s after %s", at, prev)
		require.False(t, at.Before(started) || at.After(time.Now()), "capture time %s outside %s…now", at, started)
		prev = at
		frames++
	}
	require.True(t, keyFirst, "a viewer starts at a key frame")

	// The gimbal obeys a pilot's order through the core.
	post(t, base+"/api/commands", `{"targets":["l1-1"],"command":{"kind":"gimbal","pitch":-80,"yaw":0}}`, http.StatusOK)
	waitFor(t, 20*time.Second, "the gimbal at -80°", func() bool {
		v, _ := w.st.Fleet.Vehicle(id)
		return v.Gimbal != nil && v.Gimbal.Pitch.Known() && v.Gimbal.Pitch.Or(0) < -75
	})
	v, _ = w.st.Fleet.Vehicle(id)
	require.NotNil(t, v.Footprint, "the camera's footprint on the sea")
	require.Len(t, v.Footprint.Corners, 4)

	// Recording for evidence: a fragmented MP4 that ffprobe reads.
	recURL := fmt.Sprintf("%s/api/vehicles/%s/streams/%s/recording", base, id, st.Key)
	post(t, recURL, "", http.StatusCreated)
	// It starts at the next key frame (every 2 s of the camera's frames) with
	// the init segment, then writes a fragment about every second.
	var initBytes int64
	waitFor(t, 60*time.Second, "the recording started at a key frame", func() bool {
		initBytes = recordingBytes(w, id)
		return initBytes > 0
	})
	waitFor(t, 60*time.Second, "a fragment of frames recorded", func() bool { return recordingBytes(w, id) > initBytes })
	req, _ := http.NewRequest(http.MethodDelete, recURL, nil)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, "stopping the recording: %s", body)
	var rec gcs.Recording
	require.NoError(t, json.Unmarshal(body, &rec))
	path := rec.File
	if !filepath.IsAbs(path) {
		path = filepath.Join(data, path)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
		"-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "json", path).Output()
	require.NoError(t, err, "ffprobe %s", path)
	var probe struct {
		Streams []struct {
			Codec  string `json:"codec_name"`
			Width  int    `json:"width"`
			Height int    `json:"height"`
			Frames string `json:"nb_read_frames"`
		} `json:"streams"`
	}
	require.NoError(t, json.Unmarshal(out, &probe))
	require.Len(t, probe.Streams, 1)
	require.Equal(t, "h264", probe.Streams[0].Codec)
	require.Equal(t, 640, probe.Streams[0].Width)
	require.NotEqual(t, "0", probe.Streams[0].Frames)
}

// snapshot fetches a stream's snapshot and reads the time the simulator
// burnt into it (stamp) and the station's capture time (X-Captured); ok is
// false while there is none. No capture time is earlier than the camera's
// (the first packet's arrival, the fallback, is later).
func snapshot(t *testing.T, url string) (stamp, captured time.Time, ok bool) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return time.Time{}, time.Time{}, false
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, err = buf.ReadFrom(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		return time.Time{}, time.Time{}, false
	}
	captured, err = time.Parse(time.RFC3339Nano, resp.Header.Get("X-Captured"))
	require.NoError(t, err, "X-Captured")
	img, err := jpeg.Decode(&buf)
	require.NoError(t, err)
	require.Equal(t, 640, img.Bounds().Dx())
	ycc, isYCC := img.(*image.YCbCr)
	require.True(t, isYCC, "a JPEG of a video frame is YCbCr, not %T", img)
	stamp, ok = scene.ReadStamp(ycc)
	require.True(t, ok, "the simulator's burnt-in capture time survives H.264, decoding and JPEG")
	require.False(t, captured.Before(stamp.Add(-2*rtpTick)), "captured %s before the camera took the frame at %s", captured, stamp)
	return stamp, captured, true
}

// rtpTick is one tick of the 90 kHz RTP clock video capture times ride on.
const rtpTick = time.Second / 90000

// exact says whether the station's capture time is the camera's: the stamp
// carries whole milliseconds (truncated) and RTP time 90 kHz ticks, so the
// two agree to the millisecond, give or take a tick either side.
func exact(stamp, captured time.Time) bool {
	return !captured.Before(stamp.Add(-2*rtpTick)) && captured.Before(stamp.Add(time.Millisecond+2*rtpTick))
}

// streamClock is what a vehicle's first playing stream's capture times
// rest on (video.ClockRTCP or video.ClockArrival).
func streamClock(w *world, id gcs.VehicleID) string {
	s, ok := streamOf(w, id)
	if !ok {
		return ""
	}
	return s.Health.Clock
}

// recordingBytes is the size of the file a vehicle's first playing stream
// is recorded to, as its health reports say (0: not recording, or nothing
// written yet).
func recordingBytes(w *world, id gcs.VehicleID) int64 {
	v, ok := w.st.Fleet.Vehicle(id)
	if !ok {
		return 0
	}
	for _, c := range v.Cameras {
		for _, s := range c.Streams {
			if s.Recording != nil {
				return s.Recording.Bytes
			}
		}
	}
	return 0
}

// post sends a JSON body and checks the status.
func post(t *testing.T, url, body string, want int) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	require.Equal(t, want, resp.StatusCode, "POST %s: %s", url, buf.String())
}
