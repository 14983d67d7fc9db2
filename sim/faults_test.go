package sim

import (
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/stretchr/testify/require"
)

// receivedSeqs runs a sim with 50 % outbound loss and returns the first n
// sequence numbers that arrive from vehicle 1.
func receivedSeqs(t *testing.T, seed int64, n int) []uint8 {
	g := newTestGCS(t)
	s, err := New(Config{Vehicles: 1, Links: []LinkConfig{{Paths: []string{g.path()}}}, Speedup: 20, Seed: seed})
	require.NoError(t, err)
	s.SetFaults(0, 0, Faults{DropOut: 0.5})
	require.NoError(t, s.Start())
	defer s.Close()
	require.Eventually(t, func() bool { return len(g.snapshot()) >= n }, 5*time.Second, 10*time.Millisecond)
	var out []uint8
	for _, f := range g.snapshot()[:n] {
		out = append(out, f.seq)
	}
	return out
}

func TestFaultsRepeatWithSeed(t *testing.T) {
	a := receivedSeqs(t, 42, 40)
	b := receivedSeqs(t, 42, 40)
	c := receivedSeqs(t, 7, 40)
	require.Equal(t, a, b, "same seed, same losses")
	require.NotEqual(t, a, c, "another seed, other losses")
	gaps := 0
	for i := 1; i < len(a); i++ {
		if a[i] != a[i-1]+1 {
			gaps++
		}
	}
	require.Greater(t, gaps, 5, "about half the frames are lost")
}

func TestCutPathAndRestore(t *testing.T) {
	g := newTestGCS(t)
	s := startSim(t, Config{Vehicles: 1, Links: []LinkConfig{{Paths: []string{g.path()}}}, Speedup: 20})
	g.waitSeen(1)
	s.CutPath(0, 0, 0)
	time.Sleep(50 * time.Millisecond)
	n := len(g.snapshot())
	time.Sleep(200 * time.Millisecond)
	require.Equal(t, n, len(g.snapshot()), "a cut path is silent")
	s.RestorePath(0, 0)
	require.Eventually(t, func() bool { return len(g.snapshot()) > n }, time.Second, 10*time.Millisecond)
}

func TestRebootResetsSequence(t *testing.T) {
	g := newTestGCS(t)
	s := startSim(t, Config{Vehicles: 1, Links: []LinkConfig{{Paths: []string{g.path()}}}, Speedup: 20})
	require.Eventually(t, func() bool { return len(g.snapshot()) > 30 }, 3*time.Second, 10*time.Millisecond)
	start := len(g.snapshot()) - 1
	s.Reboot(0)
	// Frames sent before the reboot may still be arriving: the sequence
	// runs on until its first break, which is the restart (or a 0 that
	// also continues it, when the old sequence had reached 255).
	var restart *uint8
	require.Eventually(t, func() bool {
		f := g.snapshot()
		for i := start + 1; i < len(f); i++ {
			if f[i].seq != f[i-1].seq+1 || f[i].seq == 0 {
				restart = &f[i].seq
				return true
			}
		}
		return false
	}, time.Second, 5*time.Millisecond)
	require.Equal(t, uint8(0), *restart, "sequence restarts at 0")
	require.True(t, waitText(g, 1, "ArduCopter V4", time.Second))
}

func TestGCSFailsafeTriggersRTL(t *testing.T) {
	g := newTestGCS(t)
	s := startSim(t, Config{Vehicles: 1, Links: []LinkConfig{{Paths: []string{g.path()}}}, Speedup: 10})
	g.waitSeen(1)
	g.send(1, &common.MessageParamSet{TargetSystem: 1, ParamId: "FS_GCS_ENABLE", ParamValue: 1})
	g.send(1, &common.MessageParamSet{TargetSystem: 1, ParamId: "FS_GCS_TIMEOUT", ParamValue: 1.5})
	g.heartbeat(1)
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_DO_SET_MODE, 1, copterGuided))
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_COMPONENT_ARM_DISARM, 1))
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_NAV_TAKEOFF, 0, 0, 0, 0, 0, 0, 10))
	g.heartbeat(1)
	last := time.Now()
	require.True(t, waitText(g, 1, "GCS Failsafe", 5*time.Second))
	elapsed := time.Since(last)
	require.GreaterOrEqual(t, elapsed, 1400*time.Millisecond, "timeout counts wall-clock time whatever the speedup")
	require.Equal(t, "RTL", s.Vehicles()[0].Mode)
}

func TestGPSLossInFlightLands(t *testing.T) {
	g := newTestGCS(t)
	s := startSim(t, Config{Vehicles: 1, Links: []LinkConfig{{Paths: []string{g.path()}}}, Speedup: 20})
	g.waitSeen(1)
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_DO_SET_MODE, 1, copterGuided))
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_COMPONENT_ARM_DISARM, 1))
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_NAV_TAKEOFF, 0, 0, 0, 0, 0, 0, 10))
	require.Eventually(t, func() bool { return s.Vehicles()[0].RelAlt > 5 }, 5*time.Second, 10*time.Millisecond)
	s.GPSLoss(0, 0)
	require.True(t, waitText(g, 1, "EKF Failsafe", 3*time.Second))
	require.Equal(t, "LAND", s.Vehicles()[0].Mode)
}
