package sim

import (
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/stretchr/testify/require"
)

// crx is a received frame; camera tests look at its component id.
type crx = rx

// camGCS is the loopback UDP ground station of the other tests, with
// helpers that wait from a frame index and address a component.
type camGCS struct{ *testGCS }

// newCamGCS listens on 127.0.0.1:0 and starts reading.
func newCamGCS(t *testing.T) *camGCS { return &camGCS{newTestGCS(t)} }

// count returns how many frames have arrived.
func (g *camGCS) count() int { return len(g.snapshot()) }

// waitFor waits for a frame after index start that matches.
func (g *camGCS) waitFor(start int, timeout time.Duration, match func(crx) bool) (crx, bool) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		for _, f := range g.snapshot()[start:] {
			if match(f) {
				return f, true
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	return crx{}, false
}

// command sends a COMMAND_LONG to (sys, comp) and returns its ACK's result
// and the component that sent the ACK.
func (g *camGCS) command(sys, comp uint8, cmd common.MAV_CMD, p ...float32) (common.MAV_RESULT, uint8) {
	var ps [7]float32
	copy(ps[:], p)
	start := g.count()
	g.send(sys, &common.MessageCommandLong{TargetSystem: sys, TargetComponent: comp, Command: cmd,
		Param1: ps[0], Param2: ps[1], Param3: ps[2], Param4: ps[3], Param5: ps[4], Param6: ps[5], Param7: ps[6]})
	f, ok := g.waitFor(start, 3*time.Second, func(f crx) bool {
		a, ok := f.msg.(*common.MessageCommandAck)
		return ok && f.sys == sys && a.Command == cmd
	})
	require.True(g.t, ok, "no COMMAND_ACK for %v", cmd)
	return f.msg.(*common.MessageCommandAck).Result, f.comp
}
