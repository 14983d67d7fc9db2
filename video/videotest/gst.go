package videotest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// gstServer is the GStreamer RTSP server the tests start: it serves one
// pipeline at /stream on the port it is given and says "ready" on stdout.
const gstServer = `
import sys, gi
gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import Gst, GstRtspServer, GLib
Gst.init(None)
server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(sys.argv[1])
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch("( " + sys.argv[2] + " )")
factory.set_shared(True)
server.get_mount_points().add_factory("/stream", factory)
if server.attach(None) == 0:
    print("attach failed", flush=True)
    sys.exit(1)
print("ready", flush=True)
GLib.MainLoop().run()
`

// GStreamer pipelines for NewGStreamer. The MJPEG one fixes I420: left
// to choose, jpegenc takes a format rtpjpegpay cannot pay and the server
// never answers DESCRIBE.
const (
	GstH264 = "videotestsrc is-live=true ! video/x-raw,width=640,height=360,framerate=25/1 ! " +
		"x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 ! rtph264pay name=pay0 pt=96"
	GstMJPEG = "videotestsrc is-live=true ! video/x-raw,width=640,height=360,framerate=25/1,format=I420 ! " +
		"jpegenc ! rtpjpegpay name=pay0"
)

// python is Debian's Python, which has GStreamer's bindings.
const python = "/usr/bin/python3"

// NewGStreamer starts GStreamer's RTSP server (a child process) serving
// pipeline on a free port, and returns the stream's URL. The process ends
// with t. It skips t when GStreamer or its RTSP server bindings are
// missing (fails when CI=true).
func NewGStreamer(t testing.TB, pipeline string) string {
	t.Helper()
	if _, err := os.Stat(python); err != nil {
		need(t, python, err.Error())
	}
	probe := exec.Command(python, "-c", `import gi; gi.require_version("GstRtspServer", "1.0"); from gi.repository import GstRtspServer`)
	if out, err := probe.CombinedOutput(); err != nil {
		need(t, "GStreamer's RTSP server for Python (gir1.2-gst-rtsp-server-1.0)", fmt.Sprintf("%v: %s", err, out))
	}
	port := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, python, "-c", gstServer, itoa(port), pipeline)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatalf("videotest: %v", err)
	}
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("videotest: gstreamer: %v", err)
	}
	t.Cleanup(func() { cancel(); _ = cmd.Wait() })
	ready := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		ready <- strings.TrimSpace(line)
	}()
	select {
	case line := <-ready:
		if line != "ready" {
			t.Fatalf("videotest: gstreamer rtsp server: %q", line)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("videotest: gstreamer rtsp server did not start in 20 s")
	}
	return fmt.Sprintf("rtsp://127.0.0.1:%d/stream", port)
}
