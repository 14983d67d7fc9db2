package live

import (
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/live/livetest"
)

// countConn records each write to it.
type countConn struct {
	net.Conn
	mu     sync.Mutex
	writes [][]byte
}

func (c *countConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writes = append(c.writes, append([]byte(nil), p...))
	return len(p), nil
}

func TestBatchConnGathersThenWritesOnce(t *testing.T) {
	cc := &countConn{}
	b := &batchConn{Conn: cc}
	_, _ = b.Write([]byte("a")) // not gathering: straight through
	b.gather()
	_, _ = b.Write([]byte("b"))
	_, _ = b.Write([]byte("c"))
	require.Len(t, cc.writes, 1)
	require.NoError(t, b.flush())
	require.NoError(t, b.flush(), "nothing gathered: no write")
	_, _ = b.Write([]byte("d"))
	require.Equal(t, [][]byte{[]byte("a"), []byte("bc"), []byte("d")}, cc.writes)
}

// TestBatchedMessagesKeepOrderAndSeq queues many states while the client
// is connected and checks that every message arrives whole, numbered
// without a gap (wsTestClient checks seq), however the writes batched them.
func TestBatchedMessagesKeepOrderAndSeq(t *testing.T) {
	e := newHubEnv(t, envOptions{})
	c := livetest.Dial(t, e.ws, nil, false)
	require.Equal(t, MsgSnapshot, c.Next().Type)
	const vehicles = 200
	for i := range vehicles {
		observe(e.fleet, gcs.VehicleID(fmt.Sprint("l1-", i)), gcs.Identity{Mode: "AUTO"})
	}
	seen := map[string]bool{}
	for len(seen) < vehicles {
		m := c.Next()
		if m.Type == MsgVehicle {
			seen[string(livetest.Decode[gcs.Vehicle](t, m.Data).ID)] = true
		}
	}
	require.Eventually(t, func() bool {
		m := e.hub.Metrics()
		return m.Writes > 0 && m.Writes <= m.MessagesSent
	}, 10*time.Second, 5*time.Millisecond)
}

func TestAppendTextFramesEveryLength(t *testing.T) {
	for _, n := range []int{0, 125, 126, 0xffff, 0x10000} {
		cc := &countConn{}
		b := &batchConn{Conn: cc}
		b.gather()
		b.appendText(make([]byte, n))
		require.NoError(t, b.flush())
		got := cc.writes[0]
		require.Equal(t, byte(0x81), got[0], "FIN and text")
		hdr := 2
		switch {
		case n < 126:
			require.Equal(t, byte(n), got[1])
		case n <= 0xffff:
			require.Equal(t, byte(126), got[1])
			hdr = 4
		default:
			require.Equal(t, byte(127), got[1])
			hdr = 10
		}
		require.Len(t, got, hdr+n, "length %d", n)
	}
}
