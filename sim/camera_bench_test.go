package sim

import (
	"bytes"
	"fmt"
	"image/jpeg"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bluenviron/gortsplib/v4/pkg/format/rtpmjpeg"
	"github.com/stretchr/testify/require"

	"skerry/sim/scene"
)

// benchFrame renders one 720p frame of the default scenario.
func benchFrame(b *testing.B) (*scene.Renderer, scene.Pose) {
	w, err := scene.NewWorld(DefaultScenario(), 1)
	require.NoError(b, err)
	r := scene.NewRenderer(w, defaultCamWidth, defaultCamHeight)
	return r, scene.Pose{Lat: 36.13, Lon: -5.43, Alt: 120, GimbalPitch: -30, HFOV: 70}
}

func BenchmarkRender720p(b *testing.B) {
	r, pose := benchFrame(b)
	img := r.NewFrame()
	for i := 0; b.Loop(); i++ {
		r.Render(img, pose, time.Duration(i)*40*time.Millisecond, time.Now())
	}
}

func BenchmarkMJPEGEncode720p(b *testing.B) {
	r, pose := benchFrame(b)
	img := r.NewFrame()
	r.Render(img, pose, 0, time.Now())
	enc := &rtpmjpeg.Encoder{PayloadMaxSize: rtpPayloadMax}
	require.NoError(b, enc.Init())
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		require.NoError(b, jpeg.Encode(&buf, img, &jpeg.Options{Quality: defaultJPEGQ}))
		_, err := enc.Encode(buf.Bytes())
		require.NoError(b, err)
	}
	b.ReportMetric(float64(buf.Len()), "bytes/frame")
}

func BenchmarkAppendI420_720p(b *testing.B) {
	r, _ := benchFrame(b)
	img := r.NewFrame()
	var dst []byte
	for b.Loop() {
		dst = appendI420(dst[:0], img)
	}
}

// procCPU returns a process's user+system CPU time from /proc (Linux).
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
	ut, _ := strconv.Atoi(f[11])
	st, _ := strconv.Atoi(f[12])
	return time.Duration(ut+st) * 10 * time.Millisecond // USER_HZ = 100
}

// selfCPU returns this process's CPU time.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestCameraCPU measures what 4 cameras at 720p25 cost while watched: the
// simulator process (render, packetise, RTSP, plus the in-process test
// readers) and the ffmpeg children. Run by hand, it asserts nothing:
//
//	SKERRY_CAMCPU=h264 go test -run TestCameraCPU -v ./sim/   (or =mjpeg)
func TestCameraCPU(t *testing.T) {
	codec := os.Getenv("SKERRY_CAMCPU")
	if codec == "" {
		t.Skip("manual measurement: set SKERRY_CAMCPU=h264 or mjpeg")
	}
	const n, span = 4, 10 * time.Second
	s := startSim(t, Config{Vehicles: n, Cameras: n, Camera: CameraConfig{Codec: codec}})
	var chans []<-chan rxFrame
	for _, c := range s.Cameras() {
		chans = append(chans, playCamera(t, c.URL))
	}
	time.Sleep(2 * time.Second) // warm up
	frames := func() (sum int64) {
		for _, c := range s.cams {
			sum += c.stats.sent.Load()
		}
		return sum
	}
	pids := map[int]time.Duration{}
	for _, c := range s.cams {
		if p := int(c.stats.pid.Load()); p != 0 {
			pids[p] = procCPU(p)
		}
	}
	self, f0, t0 := selfCPU(), frames(), time.Now()
	drain := time.After(span)
loop:
	for {
		select {
		case <-drain:
			break loop
		case <-chans[0]:
		case <-chans[len(chans)-1]:
		}
	}
	wall := time.Since(t0)
	var child time.Duration
	for p, c0 := range pids {
		child += procCPU(p) - c0
	}
	fps := float64(frames()-f0) / wall.Seconds()
	t.Logf("%d cameras %s 720p25: %.1f frames/s in all; sim process %.0f%% of a core, ffmpeg children %.0f%% (%d processes)",
		n, codec, fps, 100*(selfCPU()-self).Seconds()/wall.Seconds(), 100*child.Seconds()/wall.Seconds(), len(pids))
}
