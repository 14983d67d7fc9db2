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

// TestSimSendsAIS: `skerry sim --ais HOST:PORT` sends the scenario's AIS
// as !AIVDM sentences over UDP; a bad --ais-drop is refused.
func TestSimSendsAIS(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	defer pc.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errs bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"sim", "--vehicles", "1", "--out", "udp:127.0.0.1:1", "--speedup", "20",
			"--ais", pc.LocalAddr().String(), "--log-level", "error"}, &out, &errs)
	}()
	require.NoError(t, pc.SetReadDeadline(time.Now().Add(60*time.Second))) // a functional deadline: AIS comes within seconds of sim time
	buf := make([]byte, 2048)
	n, _, err := pc.ReadFrom(buf)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(buf[:n]), "!AIVDM,"), "%q", buf[:n])
	cancel()
	require.Equal(t, 0, <-done, errs.String())

	errs.Reset()
	require.Equal(t, 1, Run(context.Background(), []string{"sim", "--vehicles", "1", "--out", "udp:127.0.0.1:1",
		"--ais", pc.LocalAddr().String(), "--ais-drop", "2"}, &out, &errs))
	require.Contains(t, errs.String(), "AIS")
}
