package sim

import (
	"fmt"
	"net"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// udpSink counts datagrams arriving on a loopback socket.
func udpSink(b *testing.B) (*net.UDPConn, *atomic.Int64) {
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		b.Fatal(err)
	}
	_ = c.SetReadBuffer(8 << 20)
	var n atomic.Int64
	go func() {
		buf := make([]byte, 2048)
		for {
			if _, _, err := c.ReadFromUDP(buf); err != nil {
				return
			}
			n.Add(1)
		}
	}()
	return c, &n
}

// BenchmarkSim runs N vehicles, one UDP socket each, at ArduPilot default
// stream rates (and at MAVProxy's 4 Hz) for 5 s of wall-clock time per
// iteration, and reports CPU use (percent of one core, including the sink
// reading the datagrams) and frames per second.
func BenchmarkSim(b *testing.B) {
	for _, n := range []int{100, 1000} {
		for _, hz := range []float64{0, 4} {
			b.Run(fmt.Sprintf("vehicles=%d/streamHz=%g", n, hz), func(b *testing.B) { benchSim(b, n, hz) })
		}
	}
}

// benchSim is one BenchmarkSim case.
func benchSim(b *testing.B, n int, hz float64) {
	sink, got := udpSink(b)
	defer sink.Close()
	links := (n + 249) / 250
	cfg := Config{Vehicles: n, StreamHz: hz}
	for range links {
		cfg.Links = append(cfg.Links, LinkConfig{Paths: []string{"udp:" + sink.LocalAddr().String()}})
	}
	s, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Start(); err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	time.Sleep(time.Second) // warm up
	const window = 5 * time.Second
	for b.Loop() {
		c0, f0, r0, t0 := cpuTime(), s.Stats().FramesOut, got.Load(), time.Now()
		time.Sleep(window)
		wall := time.Since(t0).Seconds()
		b.ReportMetric(100*(cpuTime()-c0).Seconds()/wall, "cpu%")
		b.ReportMetric(float64(s.Stats().FramesOut-f0)/wall, "frames/s")
		b.ReportMetric(float64(got.Load()-r0)/wall, "received/s")
	}
}
