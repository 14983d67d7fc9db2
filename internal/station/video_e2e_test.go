package station_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image"
	"image/jpeg"
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
	// burnt-in capture time, which the station's RTP/RTCP time agrees with.
	base := strings.TrimSuffix(w.st.URL, "/")
	var snap []byte
	var captured time.Time
	waitFor(t, 30*time.Second, "a snapshot", func() bool {
		resp, err := http.Get(fmt.Sprintf("%s/api/vehicles/%s/streams/%s/snapshot.jpg", base, id, st.Key))
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return false
		}
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(resp.Body)
		snap = buf.Bytes()
		captured, err = time.Parse(time.RFC3339Nano, resp.Header.Get("X-Captured"))
		return err == nil
	})
	img, err := jpeg.Decode(bytes.NewReader(snap))
	require.NoError(t, err)
	require.Equal(t, 640, img.Bounds().Dx())
	ycc, ok := img.(*image.YCbCr)
	require.True(t, ok, "a JPEG of a video frame is YCbCr, not %T", img)
	stamp, ok := scene.ReadStamp(ycc)
	require.True(t, ok, "the simulator's burnt-in capture time survives H.264, decoding and JPEG")
	require.WithinDuration(t, stamp, captured, 50*time.Millisecond,
		"the station's capture time (RTP time and the camera's RTCP sender reports) is the camera's")

	// A viewer on the websocket gets the frames as the camera encoded them.
	wsURL := "ws" + strings.TrimPrefix(base, "http") + fmt.Sprintf("/api/vehicles/%s/streams/%s/live", id, st.Key)
	conn, _, err := websocket.DefaultDialer.Dial(wsURL, nil)
	require.NoError(t, err)
	defer conn.Close()
	frames, keyFirst := 0, false
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
		capUs := int64(binary.BigEndian.Uint64(b[12:]))
		require.WithinDuration(t, time.Now(), time.UnixMicro(capUs), 5*time.Second)
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
	time.Sleep(3 * time.Second)
	req, _ := http.NewRequest(http.MethodDelete, recURL, nil)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	var rec gcs.Recording
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&rec))
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
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
