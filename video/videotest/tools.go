// Package videotest serves RTSP test streams over loopback for the video
// adapter's tests: a gortsplib server playing a real H.264 (or H.265)
// clip made by ffmpeg or pure-Go MJPEG, with faults on demand (restart,
// silence, corrupt packets), and an independent camera: GStreamer's RTSP
// server in a child process.
package videotest

import (
	"net"
	"os"
	"os/exec"
	"testing"
)

// need skips t loudly when a tool is missing, and fails it when CI=true
// (the build machine must have every tool).
func need(t testing.TB, what, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing (%s); CI must have it", what, why)
	}
	t.Skipf("SKIPPED: %s is missing (%s); install it to run this test", what, why)
}

// needTool checks that an executable exists.
func needTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		need(t, name, err.Error())
	}
	return p
}

// freePort returns a TCP port free on loopback now.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// freeUDPPair returns an even UDP port p such that p and p+1 are free on
// loopback now (RTP and RTCP).
func freeUDPPair(t testing.TB) int {
	t.Helper()
	for range 100 {
		a, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("free udp port: %v", err)
		}
		p := a.LocalAddr().(*net.UDPAddr).Port
		if p%2 != 0 || p > 65000 {
			a.Close()
			continue
		}
		b, err := net.ListenPacket("udp", net.JoinHostPort("127.0.0.1", itoa(p+1)))
		a.Close()
		if err != nil {
			continue
		}
		b.Close()
		return p
	}
	t.Fatal("no free pair of UDP ports")
	return 0
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}
