package sim

import (
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
)

// upload runs the station side of a mission upload: it answers
// MISSION_REQUEST and MISSION_REQUEST_INT with MISSION_ITEM_INT, resends
// MISSION_COUNT while nothing is requested, and returns the final ACK
// (ok false on timeout).
func (g *testGCS) upload(sys uint8, mt common.MAV_MISSION_TYPE, items []common.MessageMissionItemInt) (common.MAV_MISSION_RESULT, bool) {
	count := &common.MessageMissionCount{TargetSystem: sys, TargetComponent: 1, Count: uint16(len(items)), MissionType: mt}
	seen := len(g.snapshot())
	g.send(sys, count)
	requested := false
	last := time.Now()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		fr := g.snapshot()
		for _, f := range fr[seen:] {
			if f.sys != sys {
				continue
			}
			seq, rt, isReq := requestOf(f)
			if isReq && rt == mt && int(seq) < len(items) {
				requested, last = true, time.Now()
				it := items[seq]
				it.TargetSystem, it.TargetComponent, it.Seq, it.MissionType = sys, 1, seq, mt
				g.send(sys, &it)
			}
			if a, ok := f.msg.(*common.MessageMissionAck); ok && a.MissionType == mt {
				return a.Type, true
			}
		}
		seen = len(fr)
		if !requested && time.Since(last) > 300*time.Millisecond {
			g.send(sys, count)
			last = time.Now()
		}
		time.Sleep(2 * time.Millisecond)
	}
	return 0, false
}

// requestOf extracts a mission request.
func requestOf(f rx) (uint16, common.MAV_MISSION_TYPE, bool) {
	switch m := f.msg.(type) {
	case *common.MessageMissionRequest:
		return m.Seq, m.MissionType, true
	case *common.MessageMissionRequestInt:
		return m.Seq, m.MissionType, true
	}
	return 0, 0, false
}

// download fetches a list with MISSION_REQUEST_LIST / MISSION_REQUEST_INT,
// retrying every 200 ms, and sends the final ACK.
func (g *testGCS) download(sys uint8, mt common.MAV_MISSION_TYPE) []*common.MessageMissionItemInt {
	n, ok := -1, false
	for try := 0; try < 20 && !ok; try++ {
		start := len(g.snapshot())
		g.send(sys, &common.MessageMissionRequestList{TargetSystem: sys, TargetComponent: 1, MissionType: mt})
		var f rx
		f, ok = g.waitForFrom(start, 200*time.Millisecond, func(f rx) bool {
			c, ok := f.msg.(*common.MessageMissionCount)
			return ok && f.sys == sys && c.MissionType == mt
		})
		if ok {
			n = int(f.msg.(*common.MessageMissionCount).Count)
		}
	}
	if !ok {
		g.t.Fatalf("no MISSION_COUNT from %d", sys)
	}
	out := make([]*common.MessageMissionItemInt, n)
	for seq := 0; seq < n; seq++ {
		for try := 0; try < 20 && out[seq] == nil; try++ {
			start := len(g.snapshot())
			g.send(sys, &common.MessageMissionRequestInt{TargetSystem: sys, TargetComponent: 1, Seq: uint16(seq), MissionType: mt})
			if f, ok := g.waitForFrom(start, 200*time.Millisecond, func(f rx) bool {
				it, ok := f.msg.(*common.MessageMissionItemInt)
				return ok && f.sys == sys && int(it.Seq) == seq && it.MissionType == mt
			}); ok {
				out[seq] = f.msg.(*common.MessageMissionItemInt)
			}
		}
		if out[seq] == nil {
			g.t.Fatalf("item %d not received", seq)
		}
	}
	g.send(sys, &common.MessageMissionAck{TargetSystem: sys, TargetComponent: 1, Type: common.MAV_MISSION_ACCEPTED, MissionType: mt})
	return out
}

// waitForFrom is waitFor on frames received after index start.
func (g *testGCS) waitForFrom(start int, timeout time.Duration, match func(rx) bool) (rx, bool) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		for _, f := range g.snapshot()[start:] {
			if match(f) {
				return f, true
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	return rx{}, false
}
