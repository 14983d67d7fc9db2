package ais

import (
	"context"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const (
	typ1 = "!AIVDM,1,1,,B,13aDp<PP000IwSlN?Wm@0?wN2<1T,0*29"
	typ5 = "!AIVDM,2,1,9,B,55R3Vn82=ILTQ3KKS>1<D60Dq@E918U<F222221J1`?164vc03S1CCAD,0*2A\n!AIVDM,2,2,9,B,`88888888888880,2*76"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func collect(t *testing.T, out <-chan Report, n int) []Report {
	t.Helper()
	var got []Report
	timeout := time.After(10 * time.Second)
	for len(got) < n {
		select {
		case r := <-out:
			got = append(got, r)
		case <-timeout:
			t.Fatalf("got %d of %d reports", len(got), n)
		}
	}
	return got
}

// TestUDPServer sends the real capture and some garbage over loopback UDP.
func TestUDPServer(t *testing.T) {
	l, err := Open("udp-server:127.0.0.1:0", quiet(), nil)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	out := make(chan Report, 16)
	done := make(chan error, 1)
	go func() { done <- l.Run(ctx, out) }()

	conn, err := net.Dial("udp", l.Addr())
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.Write([]byte(typ1 + "\r\n!AIVDM,1,1,,B,13aDp<PP000IwSlN?Wm@0?wN2<1T,0*28\r\n" + typ5 + "\n"))
	require.NoError(t, err)
	got := collect(t, out, 2)
	require.Equal(t, uint32(244660274), got[0].MMSI)
	require.Equal(t, "SEA ENTERPRISE", got[1].Static.Name)
	require.Eventually(t, func() bool { return l.Stats().Checksum == 1 }, 5*time.Second, 5*time.Millisecond)
	cancel()
	require.NoError(t, <-done)
}

// TestTCPClient reads from a loopback TCP server that drops the link after
// each message and checks the client reconnects and keeps decoding.
func TestTCPClient(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	go func() {
		for _, msg := range []string{typ1, typ5, "garbage\n" + typ1} {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			_, _ = io.WriteString(c, msg+"\r\n")
			c.Close()
		}
	}()
	l, err := Open("tcp-client:"+ln.Addr().String(), quiet(), nil)
	require.NoError(t, err)
	l.Backoff, l.MaxBackoff = 5*time.Millisecond, 20*time.Millisecond
	ctx, cancel := context.WithCancel(t.Context())
	out := make(chan Report)
	done := make(chan error, 1)
	go func() { done <- l.Run(ctx, out) }()
	got := collect(t, out, 3)
	require.Equal(t, []uint8{1, 5, 1}, []uint8{got[0].MessageType, got[1].MessageType, got[2].MessageType})
	s := l.Stats()
	require.GreaterOrEqual(t, s.Connects, uint64(3))
	require.Equal(t, uint64(1), s.Framing)
	cancel()
	require.NoError(t, <-done)
}

func TestOpenRejectsBadSpecs(t *testing.T) {
	for _, spec := range []string{"", "udp-server", "serial:/dev/ttyUSB0:1", "tcp-client:nohost", "udp-server:127.0.0.1:x"} {
		_, err := Open(spec, quiet(), nil)
		require.Error(t, err, spec)
		require.True(t, strings.Contains(err.Error(), "ais"), spec)
	}
}
