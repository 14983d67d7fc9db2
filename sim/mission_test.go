package sim

import (
	"math"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/stretchr/testify/require"
)

const rel = common.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT

// wp builds a mission item at north/east metres from (lat, lon).
func wp(lat, lon float64, cmd common.MAV_CMD, n, e float64, alt float32, p ...float32) common.MessageMissionItemInt {
	var ps [4]float32
	copy(ps[:], p)
	la, lo := offsetLatLon(lat, lon, n, e)
	return common.MessageMissionItemInt{Frame: rel, Command: cmd, Autocontinue: 1, Param1: ps[0], Param2: ps[1],
		Param3: ps[2], Param4: ps[3], X: degE7(la), Y: degE7(lo), Z: alt}
}

// do builds a non-location command.
func do(cmd common.MAV_CMD, p ...float32) common.MessageMissionItemInt {
	var ps [4]float32
	copy(ps[:], p)
	return common.MessageMissionItemInt{Frame: common.MAV_FRAME_MISSION, Command: cmd, Autocontinue: 1,
		Param1: ps[0], Param2: ps[1], Param3: ps[2], Param4: ps[3]}
}

// twentyItems is a 20-item mission around (lat, lon), home at seq 0.
func twentyItems(lat, lon float64) []common.MessageMissionItemInt {
	items := []common.MessageMissionItemInt{wp(lat, lon, 16, 0, 0, 0), wp(lat, lon, 22, 0, 0, 20)}
	for i := 0; i < 12; i++ {
		items = append(items, wp(lat, lon, 16, float64(i*10), float64(i%3)*15.5, 20.25+float32(i), float32(i%2)))
	}
	items = append(items, wp(lat, lon, 18, 50, 50, 25, 2, 0, -15),
		do(common.MAV_CMD_DO_CHANGE_SPEED, 1, 7.5, -1),
		do(common.MAV_CMD_DO_JUMP, 3, 2),
		do(common.MAV_CMD_CONDITION_DELAY, 2),
		wp(lat, lon, 19, 20, 20, 30, 5),
		wp(lat, lon, 20, 0, 0, 0))
	return items
}

// sameItem compares an uploaded item with its download, allowing
// ArduPilot's storage round-off (cm altitudes, relative frame reported
// without _INT).
func sameItem(t *testing.T, up common.MessageMissionItemInt, down *common.MessageMissionItemInt) {
	require.Equal(t, up.Command, down.Command, "seq %d", down.Seq)
	if locationCmds[up.Command] {
		require.Equal(t, common.MAV_FRAME_GLOBAL_RELATIVE_ALT, down.Frame)
		require.Equal(t, up.X, down.X)
		require.Equal(t, up.Y, down.Y)
		require.InDelta(t, up.Z, down.Z, 0.011)
	}
	require.InDelta(t, up.Param1, down.Param1, 1e-6, "seq %d", down.Seq)
}

func TestMissionUploadDownloadClear(t *testing.T) {
	g := newTestGCS(t)
	s := startSim(t, Config{Vehicles: 1, Links: []LinkConfig{{Paths: []string{g.path()}}}, Speedup: 5})
	g.waitSeen(1)
	v := s.Vehicles()[0]
	items := twentyItems(v.Lat, v.Lon)
	r, ok := g.upload(1, common.MAV_MISSION_TYPE_MISSION, items)
	require.True(t, ok)
	require.Equal(t, common.MAV_MISSION_ACCEPTED, r)
	require.True(t, waitText(g, 1, "Flight plan received", time.Second))
	down := g.download(1, common.MAV_MISSION_TYPE_MISSION)
	require.Len(t, down, 20)
	require.Equal(t, common.MAV_FRAME_GLOBAL, down[0].Frame, "seq 0 is home, AMSL")
	require.Equal(t, degE7(v.Lat), down[0].X)
	for i := 1; i < 20; i++ {
		sameItem(t, items[i], down[i])
	}
	require.Equal(t, float32(-15), down[14].Param3, "loiter turns radius and direction kept")
	require.Equal(t, float32(2), down[16].Param2, "jump repeat count kept")

	start := len(g.snapshot())
	g.send(1, &common.MessageMissionItemInt{TargetSystem: 1, Seq: 3, Command: 16})
	f, ok := g.waitForFrom(start, time.Second, func(f rx) bool { _, ok := f.msg.(*common.MessageMissionAck); return ok })
	require.True(t, ok)
	require.Equal(t, common.MAV_MISSION_ERROR, f.msg.(*common.MessageMissionAck).Type, "item without an upload")

	r, ok = g.upload(1, common.MAV_MISSION_TYPE_MISSION, make([]common.MessageMissionItemInt, 701))
	require.True(t, ok)
	require.Equal(t, common.MAV_MISSION_NO_SPACE, r)

	bad := append([]common.MessageMissionItemInt(nil), items[:3]...)
	bad[2].Frame = common.MAV_FRAME_BODY_FRD
	r, _ = g.upload(1, common.MAV_MISSION_TYPE_MISSION, bad)
	require.Equal(t, common.MAV_MISSION_UNSUPPORTED_FRAME, r)
	require.Len(t, g.download(1, common.MAV_MISSION_TYPE_MISSION), 3, "not atomic: truncated to the count, items written as they came")

	start = len(g.snapshot())
	g.send(1, &common.MessageMissionClearAll{TargetSystem: 1, MissionType: common.MAV_MISSION_TYPE_MISSION})
	f, ok = g.waitForFrom(start, time.Second, func(f rx) bool { _, ok := f.msg.(*common.MessageMissionAck); return ok })
	require.True(t, ok)
	require.Equal(t, common.MAV_MISSION_ACCEPTED, f.msg.(*common.MessageMissionAck).Type)
	require.Len(t, g.download(1, common.MAV_MISSION_TYPE_MISSION), 1, "home only")
}

func TestMissionUploadOutOfOrderAndBusy(t *testing.T) {
	g := newTestGCS(t)
	s := startSim(t, Config{Vehicles: 1, Links: []LinkConfig{{Paths: []string{g.path()}}}, Speedup: 2})
	g.waitSeen(1)
	v := s.Vehicles()[0]
	start := len(g.snapshot())
	g.send(1, &common.MessageMissionCount{TargetSystem: 1, Count: 3})
	_, ok := g.waitForFrom(start, time.Second, func(f rx) bool { _, _, r := requestOf(f); return r })
	require.True(t, ok)
	it := wp(v.Lat, v.Lon, 16, 10, 0, 10)
	it.TargetSystem, it.Seq = 1, 2
	start = len(g.snapshot())
	g.send(1, &it)
	f, ok := g.waitForFrom(start, time.Second, func(f rx) bool { _, ok := f.msg.(*common.MessageMissionAck); return ok })
	require.True(t, ok)
	require.Equal(t, common.MAV_MISSION_INVALID_SEQUENCE, f.msg.(*common.MessageMissionAck).Type)
	start = len(g.snapshot())
	g.send(1, &common.MessageMissionRequestList{TargetSystem: 1})
	f, ok = g.waitForFrom(start, time.Second, func(f rx) bool { _, ok := f.msg.(*common.MessageMissionAck); return ok })
	require.True(t, ok)
	require.Equal(t, common.MAV_MISSION_DENIED, f.msg.(*common.MessageMissionAck).Type, "download while uploading")
	_, ok = g.waitForFrom(start, 10*time.Second, func(f rx) bool {
		a, ok := f.msg.(*common.MessageMissionAck)
		return ok && a.Type == common.MAV_MISSION_OPERATION_CANCELLED
	})
	require.True(t, ok, "upload times out")
	require.True(t, waitText(g, 1, "Mission upload timeout", time.Second))
}

func TestMissionUploadWithLoss(t *testing.T) {
	g := newTestGCS(t)
	s := startSim(t, Config{Vehicles: 1, Links: []LinkConfig{{Paths: []string{g.path()}}}, Speedup: 5, Seed: 3})
	g.waitSeen(1)
	v := s.Vehicles()[0]
	items := twentyItems(v.Lat, v.Lon)
	s.SetFaults(0, 0, Faults{DropIn: 0.2, DropOut: 0.2})
	start := len(g.snapshot())
	r, ok := g.upload(1, common.MAV_MISSION_TYPE_MISSION, items)
	if ok {
		require.Equal(t, common.MAV_MISSION_ACCEPTED, r)
	}
	reqs := map[uint16]int{}
	for _, f := range g.snapshot()[start:] {
		if seq, _, ok := requestOf(f); ok {
			reqs[seq]++
		}
	}
	rerequested := 0
	for _, n := range reqs {
		if n > 1 {
			rerequested++
		}
	}
	require.Positive(t, rerequested, "lost items are requested again")
	down := g.download(1, common.MAV_MISSION_TYPE_MISSION)
	require.Len(t, down, 20)
	for i := 1; i < 20; i++ {
		sameItem(t, items[i], down[i])
	}
}

func TestFenceAndRallyTransfer(t *testing.T) {
	g := newTestGCS(t)
	s := startSim(t, Config{Vehicles: 1, Links: []LinkConfig{{Paths: []string{g.path()}}}, Speedup: 5})
	g.waitSeen(1)
	v := s.Vehicles()[0]
	fence := testFence(v.Lat, v.Lon)
	r, ok := g.upload(1, common.MAV_MISSION_TYPE_FENCE, fence)
	require.True(t, ok)
	require.Equal(t, common.MAV_MISSION_ACCEPTED, r)
	down := g.download(1, common.MAV_MISSION_TYPE_FENCE)
	require.Len(t, down, len(fence))
	for i, it := range down {
		require.Equal(t, fence[i].Command, it.Command)
		require.Equal(t, fence[i].X, it.X)
		require.Equal(t, fence[i].Param1, it.Param1)
	}
	rally := testRally(v.Lat, v.Lon)
	r, _ = g.upload(1, common.MAV_MISSION_TYPE_RALLY, rally)
	require.Equal(t, common.MAV_MISSION_ACCEPTED, r)
	rd := g.download(1, common.MAV_MISSION_TYPE_RALLY)
	require.Len(t, rd, 2)
	require.Equal(t, rally[1].Y, rd[1].Y)
	require.Equal(t, float32(30), rd[1].Z)
	badFence := fence[:2] // a polygon needs all its vertices
	r, _ = g.upload(1, common.MAV_MISSION_TYPE_FENCE, badFence)
	require.Equal(t, common.MAV_MISSION_ERROR, r)
	require.Len(t, g.download(1, common.MAV_MISSION_TYPE_FENCE), len(fence), "fence uploads are staged: a failed one changes nothing")
}

// testFence is an inclusion square of ±100 m around (lat, lon) and an
// exclusion circle of 15 m radius 50 m north.
func testFence(lat, lon float64) []common.MessageMissionItemInt {
	var out []common.MessageMissionItemInt
	for _, c := range [][2]float64{{-100, -100}, {100, -100}, {100, 100}, {-100, 100}} {
		out = append(out, wp(lat, lon, common.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION, c[0], c[1], 0, 4, 1))
	}
	return append(out, wp(lat, lon, common.MAV_CMD_NAV_FENCE_CIRCLE_EXCLUSION, 50, 0, 0, 15))
}

// testRally has two rally points: 70 m north-east and 200 m south.
func testRally(lat, lon float64) []common.MessageMissionItemInt {
	return []common.MessageMissionItemInt{wp(lat, lon, common.MAV_CMD_NAV_RALLY_POINT, 70, 70, 25),
		wp(lat, lon, common.MAV_CMD_NAV_RALLY_POINT, -200, 0, 30.7)}
}

// dist is the horizontal distance between two points in metres.
func dist(lat1, lon1, lat2, lon2 float64) float64 {
	n, e := neDistance(lat1, lon1, lat2, lon2)
	return math.Hypot(n, e)
}
