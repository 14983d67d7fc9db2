package sim

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// needTool skips the test loudly when an executable is missing, and fails
// it when CI=true.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required in CI: %v", name, err)
		}
		t.Skipf("SKIPPED: %s not installed (%v); install Debian's ffmpeg to run this test", name, err)
	}
}

// startCameraSim starts one vehicle with a camera of cfg and no MAVLink
// link.
func startCameraSim(t *testing.T, cfg CameraConfig) (*Sim, *camera) {
	s := startSim(t, Config{Vehicles: 1, Cameras: 1, Camera: cfg})
	require.Len(t, s.cams, 1)
	return s, s.cams[0]
}

// ffprobeStream is what ffprobe reports of a video stream.
type ffprobeStream struct {
	CodecName string `json:"codec_name"`
	Width     int    `json:"width"`
	Height    int    `json:"height"`
}

// ffprobe reads url's first video stream, over RTSP with the given
// transport ("" lets ffprobe choose: it tries UDP, then TCP).
func ffprobe(t *testing.T, url, transport string) ffprobeStream {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	args := []string{"-v", "error", "-analyzeduration", "1000000"}
	if transport != "" {
		args = append(args, "-rtsp_transport", transport)
	}
	args = append(args, "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "json", url)
	var stderr strings.Builder
	cmd := exec.CommandContext(ctx, "ffprobe", args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "ffprobe: %s", stderr.String())
	var r struct{ Streams []ffprobeStream }
	require.NoError(t, json.Unmarshal(out, &r), "%s", out)
	require.Len(t, r.Streams, 1, "%s", out)
	return r.Streams[0]
}

func TestFFprobeReadsCameraStreams(t *testing.T) {
	needTool(t, "ffprobe")
	needTool(t, "ffmpeg")
	cases := []struct {
		name, codec, want, transport string
		w, h                         int
	}{
		{"h264 720p", CodecH264, "h264", "tcp", 0, 0},
		{"mjpeg udp-first", CodecMJPEG, "mjpeg", "", 320, 240},
	}
	for _, ca := range cases {
		t.Run(ca.name, func(t *testing.T) {
			s, c := startCameraSim(t, CameraConfig{Codec: ca.codec, Width: ca.w, Height: ca.h})
			info := s.Cameras()[0]
			require.Equal(t, ca.codec, info.Codec)
			require.Zero(t, c.stats.frames.Load(), "an unwatched camera renders nothing")
			got := ffprobe(t, info.URL, ca.transport)
			require.Equal(t, ffprobeStream{CodecName: ca.want, Width: info.Width, Height: info.Height}, got)
			require.Eventually(t, func() bool { return c.readers.Load() == 0 && c.stats.pid.Load() == 0 },
				5*time.Second, 20*time.Millisecond, "the camera stops when its reader leaves")
			n := c.stats.frames.Load()
			time.Sleep(300 * time.Millisecond)
			require.LessOrEqual(t, c.stats.frames.Load(), n+1, "no rendering without readers")
		})
	}
}

func TestUnknownPathIsNotFound(t *testing.T) {
	needTool(t, "ffprobe")
	s, _ := startCameraSim(t, CameraConfig{Codec: CodecMJPEG, Width: 320, Height: 240})
	out, err := exec.Command("ffprobe", "-v", "error", "-rtsp_transport", "tcp", "rtsp://"+s.RTSPAddr()+"/9-9/cam").CombinedOutput()
	require.Error(t, err)
	require.Contains(t, string(out), "404")
}
