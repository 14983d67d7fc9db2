//go:build linux

package live

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/web/live/livetest"
)

func TestUnsentLimitIsSetOnTheSocket(t *testing.T) {
	for _, ca := range []struct {
		name  string
		limit int
		want  int // 0: the kernel's default, whatever it is
	}{{"default", 0, 16 << 10}, {"set", 4096, 4096}} {
		t.Run(ca.name, func(t *testing.T) {
			e := newHubEnv(t, envOptions{hub: func(h *Hub) { h.UnsentLimit = ca.limit }})
			c := livetest.Dial(t, e.ws, nil, false)
			require.Equal(t, MsgSnapshot, c.Next().Type)
			require.Eventually(t, func() bool { return e.hub.Metrics().Clients == 1 }, 10*time.Second, 5*time.Millisecond)
			var got int
			var err error
			e.hub.do(func() {
				for cl := range e.hub.clients {
					got, err = unsentLimit(cl.batch.Conn)
				}
			})
			require.NoError(t, err)
			require.Equal(t, ca.want, got)
		})
	}
}
