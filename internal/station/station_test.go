package station

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestHTTPIsLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "192.0.2.1:8080", ":8080", "[::]:0", "example.com:80"} {
		_, err := listenLoopback(addr, false)
		require.True(t, errors.Is(err, ErrNotLoopback), "%s: %v", addr, err)
	}
	for _, addr := range []string{"127.0.0.1:0", "localhost:0", "[::1]:0"} {
		ln, err := listenLoopback(addr, false)
		if err != nil && addr == "[::1]:0" {
			continue // no IPv6 on this machine
		}
		require.NoError(t, err, addr)
		ln.Close()
	}
}

func TestBusyPortFallsBackWhenAllowed(t *testing.T) {
	ln, err := listenLoopback("127.0.0.1:0", false)
	require.NoError(t, err)
	defer ln.Close()
	_, err = listenLoopback(ln.Addr().String(), false)
	require.Error(t, err)
	ln2, err := listenLoopback(ln.Addr().String(), true)
	require.NoError(t, err)
	ln2.Close()
}
