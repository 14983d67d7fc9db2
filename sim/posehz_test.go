package sim

import (
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/stretchr/testify/require"
)

// TestPoseHzSurvivesStreamRequest checks that Config.PoseHz sends position,
// attitude and VFR_HUD at its rate from boot and that a GCS's group request
// (MAVProxy's and the station's REQUEST_DATA_STREAM) changes only the
// other streams.
func TestPoseHzSurvivesStreamRequest(t *testing.T) {
	g := newTestGCS(t)
	s := startSim(t, Config{Vehicles: 1, Links: []LinkConfig{{Paths: []string{g.path()}}}, Speedup: 20, PoseHz: 10})
	g.waitSeen(1)
	g.send(1, &common.MessageRequestDataStream{TargetSystem: 1, TargetComponent: 1,
		ReqStreamId: common.MAV_DATA_STREAM_ALL, ReqMessageRate: 4, StartStop: 1})
	time.Sleep(100 * time.Millisecond) // let the request land
	start, t0 := len(g.snapshot()), s.SimTime()
	time.Sleep(time.Second)
	simSecs := (s.SimTime() - t0).Seconds()
	c := countByID(g.snapshot()[start:], 1)
	for id, want := range map[uint32]float64{33: 10, 30: 10, 74: 10, 1: 4, 24: 4, 147: 4, 0: 1} {
		require.InDelta(t, want, float64(c[id])/simSecs, want/5, "message %d: %d in %.1f simulated s", id, c[id], simSecs)
	}
}

func TestPoseHzRestoredByIntervalZero(t *testing.T) {
	g := newTestGCS(t)
	s := startSim(t, Config{Vehicles: 1, Links: []LinkConfig{{Paths: []string{g.path()}}}, Speedup: 20, PoseHz: 10})
	g.waitSeen(1)
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_SET_MESSAGE_INTERVAL, 33, 1e6))
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_SET_MESSAGE_INTERVAL, 33, 0))
	start, t0 := len(g.snapshot()), s.SimTime()
	time.Sleep(500 * time.Millisecond)
	rate := float64(countByID(g.snapshot()[start:], 1)[33]) / (s.SimTime() - t0).Seconds()
	require.InDelta(t, 10, rate, 2)
}
