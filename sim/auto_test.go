package sim

import (
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/stretchr/testify/require"
)

func TestAutoMissionJumpRallyLanding(t *testing.T) {
	g := newTestGCS(t)
	s := startSim(t, Config{Vehicles: 1, Links: []LinkConfig{{Paths: []string{g.path()}}}, Speedup: 40})
	g.waitSeen(1)
	home := s.Vehicles()[0]
	la, lo := home.Lat, home.Lon
	items := []common.MessageMissionItemInt{
		wp(la, lo, 16, 0, 0, 0),
		wp(la, lo, 22, 0, 0, 20),                 // 1 takeoff
		wp(la, lo, 16, 50, 0, 20),                // 2
		wp(la, lo, 16, 50, 50, 20),               // 3
		do(common.MAV_CMD_DO_JUMP, 2, 1),         // 4: back to 2 once
		do(common.MAV_CMD_DO_CHANGE_SPEED, 1, 6), // 5
		wp(la, lo, 18, 80, 80, 20, 1, 0, 10),     // 6 loiter 1 turn r 10
		wp(la, lo, 16, 100, 100, 20),             // 7
		wp(la, lo, 20, 0, 0, 0),                  // 8 RTL
	}
	r, _ := g.upload(1, common.MAV_MISSION_TYPE_MISSION, items)
	require.Equal(t, common.MAV_MISSION_ACCEPTED, r)
	r, _ = g.upload(1, common.MAV_MISSION_TYPE_RALLY, testRally(la, lo))
	require.Equal(t, common.MAV_MISSION_ACCEPTED, r)
	require.Equal(t, resFailed, g.command(1, common.MAV_CMD_MISSION_START), "disarmed")
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_DO_SET_MODE, 1, copterGuided))
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_COMPONENT_ARM_DISARM, 1))
	start := len(g.snapshot())
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_MISSION_START))
	require.Eventually(t, func() bool { return !s.Vehicles()[0].Armed }, 40*time.Second, 20*time.Millisecond)
	v := s.Vehicles()[0]
	require.Equal(t, "AUTO", v.Mode, "mode stays AUTO")
	rallyLat, rallyLon := offsetLatLon(la, lo, 70, 70)
	require.Less(t, dist(v.Lat, v.Lon, rallyLat, rallyLon), 3.0, "lands at the rally point, closer than home")

	var reached []uint16
	maxCur, total := uint16(0), uint16(8)
	read := func() {
		reached, maxCur = nil, 0
		for _, f := range g.snapshot()[start:] {
			switch m := f.msg.(type) {
			case *common.MessageMissionItemReached:
				reached = append(reached, m.Seq)
			case *common.MessageMissionCurrent:
				maxCur = max(maxCur, m.Seq)
				if m.Total != 8 {
					total = m.Total
				}
			}
		}
	}
	// The last frames may still be on their way when the simulator says
	// it disarmed: wait for the last item's report.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if read(); len(reached) > 0 && reached[len(reached)-1] == 8 || time.Now().After(deadline) {
			break
		}
	}
	require.Equal(t, uint16(8), total, "MISSION_CURRENT's total")
	require.Equal(t, []uint16{1, 2, 3, 2, 3, 5, 6, 7, 8}, reached, "DO_JUMP repeat 1: items 2-3 twice")
	require.Equal(t, uint16(8), maxCur, "MISSION_CURRENT advances")
	require.True(t, waitText(g, 1, "Reached command #7", 100*time.Millisecond))
	require.True(t, waitText(g, 1, "Mission: 6 LoitTurns", 100*time.Millisecond))
}

func TestFenceBreaches(t *testing.T) {
	g := newTestGCS(t)
	s := startSim(t, Config{Vehicles: 3, Links: []LinkConfig{{Paths: []string{g.path()}}}, Speedup: 30})
	g.waitSeen(3)
	for sys := uint8(1); sys <= 3; sys++ {
		v := s.Vehicles()[sys-1]
		r, _ := g.upload(sys, common.MAV_MISSION_TYPE_FENCE, testFence(v.Lat, v.Lon))
		require.Equal(t, common.MAV_MISSION_ACCEPTED, r)
		require.Equal(t, resAccepted, g.command(sys, common.MAV_CMD_DO_FENCE_ENABLE, 1))
		g.send(sys, &common.MessageParamSet{TargetSystem: sys, ParamId: "FENCE_ALT_MAX", ParamValue: 30, ParamType: pReal})
		require.Equal(t, resAccepted, g.command(sys, common.MAV_CMD_DO_SET_MODE, 1, copterGuided))
		require.Equal(t, resAccepted, g.command(sys, common.MAV_CMD_COMPONENT_ARM_DISARM, 1))
	}
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_NAV_TAKEOFF, 0, 0, 0, 0, 0, 0, 15))
	require.Equal(t, resAccepted, g.command(2, common.MAV_CMD_NAV_TAKEOFF, 0, 0, 0, 0, 0, 0, 40))
	require.Equal(t, resAccepted, g.command(3, common.MAV_CMD_NAV_TAKEOFF, 0, 0, 0, 0, 0, 0, 15))
	require.Eventually(t, func() bool { return s.Vehicles()[0].RelAlt > 14.5 && s.Vehicles()[2].RelAlt > 14.5 }, 10*time.Second, 10*time.Millisecond)

	start := len(g.snapshot())
	s.Push(0, 0, 180)
	require.True(t, waitFenceStatus(g, 1, start, common.FENCE_BREACH_BOUNDARY))
	require.True(t, waitText(g, 1, "Polygon fence breached", time.Second))
	require.Eventually(t, func() bool { return s.Vehicles()[0].Mode == "RTL" }, 2*time.Second, 10*time.Millisecond)

	require.True(t, waitFenceStatus(g, 2, start, common.FENCE_BREACH_MAXALT), "max altitude")
	require.True(t, waitText(g, 2, "Max Alt fence breached", time.Second))
	require.Eventually(t, func() bool { return s.Vehicles()[1].Mode == "RTL" }, 2*time.Second, 10*time.Millisecond)

	// A target inside the exclusion circle is refused, without a text, as
	// AC_Fence::check_destination_within_fence makes ArduCopter do; one
	// beyond it, across the circle, is flown, and the circle is breached.
	v := s.Vehicles()[2]
	lat, lon := offsetLatLon(v.Lat, v.Lon, 50, 0)
	st := len(g.snapshot())
	g.send(3, &common.MessageCommandInt{TargetSystem: 3, Command: common.MAV_CMD_DO_REPOSITION, Frame: rel, Param1: -1, X: degE7(lat), Y: degE7(lon), Z: 15})
	require.Equal(t, resFailed, g.waitAck(3, common.MAV_CMD_DO_REPOSITION, st))
	lat, lon = offsetLatLon(v.Lat, v.Lon, 85, 0)
	st = len(g.snapshot())
	g.send(3, &common.MessageCommandInt{TargetSystem: 3, Command: common.MAV_CMD_DO_REPOSITION, Frame: rel, Param1: -1, X: degE7(lat), Y: degE7(lon), Z: 15})
	require.Equal(t, resAccepted, g.waitAck(3, common.MAV_CMD_DO_REPOSITION, st))
	require.True(t, waitFenceStatus(g, 3, st, common.FENCE_BREACH_BOUNDARY), "exclusion circle entered")
	require.Eventually(t, func() bool { return s.Vehicles()[2].Mode == "RTL" }, 2*time.Second, 10*time.Millisecond)
}

// waitFenceStatus waits for a FENCE_STATUS breach of type typ from sys.
func waitFenceStatus(g *testGCS, sys uint8, start int, typ common.FENCE_BREACH) bool {
	_, ok := g.waitForFrom(start, 15*time.Second, func(f rx) bool {
		fs, ok := f.msg.(*common.MessageFenceStatus)
		return ok && f.sys == sys && fs.BreachStatus == 1 && fs.BreachType == typ && fs.BreachCount > 0
	})
	return ok
}
