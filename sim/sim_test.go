package sim

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/stretchr/testify/require"
)

func TestParseLink(t *testing.T) {
	cases := []struct {
		in    string
		paths int
		ok    bool
	}{
		{"udp:127.0.0.1:14550", 1, true},
		{"udp:a:1,tcp-server:127.0.0.1:0", 2, true},
		{"tcp:localhost:5760", 1, true},
		{"serial:/dev/ttyS0", 0, false},
		{"udp:nohost", 0, false},
		{"udp:h:99999", 0, false},
	}
	for _, ca := range cases {
		t.Run(ca.in, func(t *testing.T) {
			lc, err := ParseLink(ca.in)
			if !ca.ok {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			require.Len(t, lc.Paths, ca.paths)
		})
	}
}

func TestHeartbeatsFromAllVehicles(t *testing.T) {
	g := newTestGCS(t)
	s := startSim(t, Config{Vehicles: 6, Links: []LinkConfig{{Paths: []string{g.path()}}, {Paths: []string{g.path()}}}, Speedup: 5})
	time.Sleep(500 * time.Millisecond)
	type key struct {
		sys  uint8
		port int
	}
	seen := map[key]*common.MessageHeartbeat{}
	for _, f := range g.snapshot() {
		if hb, ok := f.msg.(*common.MessageHeartbeat); ok {
			seen[key{f.sys, f.from.Port}] = hb
		}
	}
	require.Len(t, seen, 6)
	for _, v := range s.Vehicles() {
		require.Equal(t, uint8(v.Index%3+1), v.SystemID, "system ids restart at 1 on each link")
	}
	for _, hb := range seen {
		require.Equal(t, common.MAV_TYPE_QUADROTOR, hb.Type)
		require.Equal(t, common.MAV_AUTOPILOT_ARDUPILOTMEGA, hb.Autopilot)
		require.NotZero(t, hb.BaseMode&common.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED)
		require.Equal(t, common.MAV_STATE_STANDBY, hb.SystemStatus)
	}
}

// countByID counts frames of system sys by message id.
func countByID(frames []rx, sys uint8) map[uint32]int {
	c := map[uint32]int{}
	for _, f := range frames {
		if f.sys == sys {
			c[f.msg.GetID()]++
		}
	}
	return c
}

func TestDefaultStreamRates(t *testing.T) {
	g := newTestGCS(t)
	s := startSim(t, Config{Vehicles: 1, Links: []LinkConfig{{Paths: []string{g.path()}}}, Speedup: 20})
	t0 := s.SimTime()
	time.Sleep(time.Second)
	simSecs := (s.SimTime() - t0).Seconds()
	c := countByID(g.snapshot(), 1)
	for _, id := range []uint32{0, 1, 24, 33, 30, 74, 168, 147} {
		rate := float64(c[id]) / simSecs
		require.InDelta(t, 1.0, rate, 0.25, "message %d: %d in %.1f s", id, c[id], simSecs)
	}
	require.Zero(t, c[245], "EXTENDED_SYS_STATE only when asked, as ArduPilot does")
}

// TestExtendedSysStateOnlyWhenAsked: ArduPilot puts EXTENDED_SYS_STATE in
// no stream group: REQUEST_DATA_STREAM for all streams does not start it;
// SET_MESSAGE_INTERVAL by id does.
func TestExtendedSysStateOnlyWhenAsked(t *testing.T) {
	g := newTestGCS(t)
	s := startSim(t, Config{Vehicles: 1, Links: []LinkConfig{{Paths: []string{g.path()}}}, Speedup: 20})
	g.waitSeen(1)
	g.send(1, &common.MessageRequestDataStream{TargetSystem: 1, TargetComponent: 1, ReqStreamId: 0, ReqMessageRate: 4, StartStop: 1})
	time.Sleep(300 * time.Millisecond)
	require.Zero(t, countByID(g.snapshot(), 1)[245])
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_SET_MESSAGE_INTERVAL, 245, 500000))
	start, t0 := len(g.snapshot()), s.SimTime()
	time.Sleep(500 * time.Millisecond)
	rate := float64(countByID(g.snapshot()[start:], 1)[245]) / (s.SimTime() - t0).Seconds()
	require.InDelta(t, 2, rate, 0.5)
}

func TestSetMessageIntervalChangesRate(t *testing.T) {
	g := newTestGCS(t)
	s := startSim(t, Config{Vehicles: 1, Links: []LinkConfig{{Paths: []string{g.path()}}}, Speedup: 20})
	g.waitSeen(1)
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_SET_MESSAGE_INTERVAL, 33, 100000))
	require.Equal(t, resFailed, g.command(1, common.MAV_CMD_SET_MESSAGE_INTERVAL, 9999, 100000))
	start, t0 := len(g.snapshot()), s.SimTime()
	time.Sleep(500 * time.Millisecond)
	rate := float64(countByID(g.snapshot()[start:], 1)[33]) / (s.SimTime() - t0).Seconds()
	require.InDelta(t, 10, rate, 2)
}

func TestParamSetGet(t *testing.T) {
	g := newTestGCS(t)
	startSim(t, Config{Vehicles: 2, Links: []LinkConfig{{Paths: []string{g.path()}}}, Speedup: 20})
	g.waitSeen(2)
	g.send(2, &common.MessageParamSet{TargetSystem: 2, TargetComponent: 1, ParamId: "RTL_ALT", ParamValue: 3000, ParamType: pInt32})
	pv := waitParam(t, g, 2, "RTL_ALT")
	require.Equal(t, float32(3000), pv.ParamValue)
	g.send(1, &common.MessageParamRequestRead{TargetSystem: 1, TargetComponent: 1, ParamId: "RTL_ALT", ParamIndex: -1})
	require.Equal(t, float32(1500), waitParam(t, g, 1, "RTL_ALT").ParamValue, "values are per vehicle")
	g.send(1, &common.MessageParamRequestList{TargetSystem: 1, TargetComponent: 1})
	idx := map[uint16]bool{}
	total := len(copterTable.defs)
	_, ok := g.waitFor(10*time.Second, func(f rx) bool {
		if p, ok := f.msg.(*common.MessageParamValue); ok && f.sys == 1 && p.ParamIndex != 65535 {
			require.Equal(t, uint16(total), p.ParamCount)
			idx[p.ParamIndex] = true
		}
		return len(idx) == total
	})
	require.True(t, ok, "%d of %d parameters", len(idx), total)
	require.Greater(t, total, 900, "about as many as ArduCopter has")
}

// waitParam waits for a PARAM_VALUE of name from sys.
func waitParam(t *testing.T, g *testGCS, sys uint8, name string) *common.MessageParamValue {
	f, ok := g.waitFor(2*time.Second, func(f rx) bool {
		p, ok := f.msg.(*common.MessageParamValue)
		return ok && f.sys == sys && p.ParamId == name
	})
	require.True(t, ok)
	return f.msg.(*common.MessageParamValue)
}

// waitText waits for a STATUSTEXT containing sub from sys.
func waitText(g *testGCS, sys uint8, sub string, timeout time.Duration) bool {
	_, ok := g.waitFor(timeout, func(f rx) bool {
		st, ok := f.msg.(*common.MessageStatustext)
		return ok && f.sys == sys && strings.Contains(st.Text, sub)
	})
	return ok
}

func TestArmDeniedWithoutGPS(t *testing.T) {
	g := newTestGCS(t)
	s := startSim(t, Config{Vehicles: 1, Links: []LinkConfig{{Paths: []string{g.path()}}}, Speedup: 10})
	g.waitSeen(1)
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_DO_SET_MODE, 1, copterGuided))
	s.GPSLoss(0, 0)
	require.Equal(t, resFailed, g.command(1, common.MAV_CMD_COMPONENT_ARM_DISARM, 1))
	require.True(t, waitText(g, 1, "PreArm: GPS 1: Bad fix", time.Second))
	require.False(t, s.Vehicles()[0].Armed)
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_COMPONENT_ARM_DISARM, 1, forceMagic), "forced arming skips checks")
}

func TestUnknownCommandAndOtherSystem(t *testing.T) {
	g := newTestGCS(t)
	startSim(t, Config{Vehicles: 1, Links: []LinkConfig{{Paths: []string{g.path()}}}})
	g.waitSeen(1)
	require.Equal(t, resUnsupported, g.command(1, common.MAV_CMD_DO_SET_SERVO, 1, 1500))
	require.Equal(t, resFailed, g.command(1, common.MAV_CMD_NAV_TAKEOFF, 0, 0, 0, 0, 0, 0, 10), "takeoff while disarmed")
	start := len(g.snapshot())
	g.send(1, &common.MessageCommandLong{TargetSystem: 7, Command: common.MAV_CMD_COMPONENT_ARM_DISARM, Param1: 1})
	time.Sleep(100 * time.Millisecond)
	for _, f := range g.snapshot()[start:] {
		_, isAck := f.msg.(*common.MessageCommandAck)
		require.False(t, isAck, "commands for another system are ignored")
	}
}

// positions returns the GLOBAL_POSITION_INT messages of sys.
func positions(frames []rx, sys uint8) []*common.MessageGlobalPositionInt {
	var out []*common.MessageGlobalPositionInt
	for _, f := range frames {
		if p, ok := f.msg.(*common.MessageGlobalPositionInt); ok && f.sys == sys {
			out = append(out, p)
		}
	}
	return out
}

// maxSpeed returns the largest speed between consecutive positions.
func maxSpeed(ps []*common.MessageGlobalPositionInt) float64 {
	best := 0.0
	for i := 1; i < len(ps); i++ {
		a, b := ps[i-1], ps[i]
		dt := float64(b.TimeBootMs-a.TimeBootMs) / 1000
		if dt <= 0 {
			continue
		}
		n, e := neDistance(fromDegE7(a.Lat), fromDegE7(a.Lon), fromDegE7(b.Lat), fromDegE7(b.Lon))
		d := math.Sqrt(n*n + e*e + math.Pow(float64(b.Alt-a.Alt)/1000, 2))
		best = math.Max(best, d/dt)
	}
	return best
}

func TestGuidedTakeoffGotoRTL(t *testing.T) {
	g := newTestGCS(t)
	s := startSim(t, Config{Vehicles: 1, Links: []LinkConfig{{Paths: []string{g.path()}}}, Speedup: 25})
	g.waitSeen(1)
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_SET_MESSAGE_INTERVAL, 33, 200000))
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_DO_SET_MODE, 1, copterGuided))
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_COMPONENT_ARM_DISARM, 1))
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_NAV_TAKEOFF, 0, 0, 0, 0, 0, 0, 20))
	require.Eventually(t, func() bool { return s.Vehicles()[0].RelAlt > 19.5 }, 10*time.Second, 20*time.Millisecond)
	home := s.Vehicles()[0]
	lat, lon := offsetLatLon(home.Lat, home.Lon, 80, 60)
	start := len(g.snapshot())
	g.send(1, &common.MessageCommandInt{TargetSystem: 1, Command: common.MAV_CMD_DO_REPOSITION, Frame: common.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT,
		Param1: -1, X: degE7(lat), Y: degE7(lon), Z: 25})
	require.Equal(t, resAccepted, g.waitAck(1, common.MAV_CMD_DO_REPOSITION, start))
	require.Eventually(t, func() bool {
		v := s.Vehicles()[0]
		n, e := neDistance(v.Lat, v.Lon, lat, lon)
		return math.Hypot(n, e) < 1
	}, 20*time.Second, 20*time.Millisecond)
	require.Equal(t, resAccepted, g.command(1, common.MAV_CMD_NAV_RETURN_TO_LAUNCH))
	require.Eventually(t, func() bool { return !s.Vehicles()[0].Armed }, 30*time.Second, 20*time.Millisecond)
	v := s.Vehicles()[0]
	require.True(t, v.Landed)
	require.Equal(t, "RTL", v.Mode)
	n, e := neDistance(v.Lat, v.Lon, home.Lat, home.Lon)
	require.Less(t, math.Hypot(n, e), 3.0, "lands near home")
	require.LessOrEqual(t, maxSpeed(positions(g.snapshot(), 1)), 10.5, "never jumps faster than WPNAV_SPEED")
}
