package cli

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestServeBadAIS: skerry serve with an AIS source that is not one exits
// at once with the reason.
func TestServeBadAIS(t *testing.T) {
	var out, errOut bytes.Buffer
	code := Run(context.Background(), []string{"serve", "--http", "127.0.0.1:0", "--data", "", "--link", "udp-server:127.0.0.1:0", "--ais", "serial:/dev/ttyS0"}, &out, &errOut)
	require.NotEqual(t, 0, code)
	require.Contains(t, errOut.String(), `"serial:/dev/ttyS0"`)
}

// TestServeAIS: skerry serve --ais (twice) says where each source listens.
func TestServeAIS(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int)
	go func() {
		done <- Run(ctx, []string{"serve", "--http", "127.0.0.1:0", "--data", "", "--link", "udp-server:127.0.0.1:0",
			"--ais", "udp-server:127.0.0.1:0", "--ais", "udp-server:127.0.0.1:0"}, &out, &errOut)
	}()
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "AIS source 2: ") }, 10*time.Second, 10*time.Millisecond, errOut.String())
	for _, line := range strings.Split(out.String(), "\n") {
		if addr, ok := strings.CutPrefix(line, "AIS source 1: "); ok {
			_, port, err := net.SplitHostPort(addr)
			require.NoError(t, err)
			require.NotEqual(t, "0", port)
		}
	}
	cancel()
	require.Equal(t, 0, <-done, errOut.String())
}
