package telemetry

import (
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// A breach is dated with the vehicle's boot time once SYSTEM_TIME (or any
// time_boot_ms) is known; a reboot restarts the estimate.
func TestFenceBreachTime(t *testing.T) {
	var st decodeState
	t0 := decodeNow
	decodeTelemetry(&common.MessageSystemTime{TimeBootMs: 100_000}, &st, t0.Add(20*time.Millisecond)) // 20 ms late
	decodeTelemetry(&common.MessageAttitude{TimeBootMs: 101_000}, &st, t0.Add(time.Second))
	boot := t0.Add(-100 * time.Second)
	require.Equal(t, boot, st.boot.at)
	u, ok := decodeTelemetry(&common.MessageFenceStatus{BreachStatus: 1, BreachCount: 1, BreachType: common.FENCE_BREACH_BOUNDARY, BreachTime: 95_500}, &st, t0.Add(2*time.Second))
	require.True(t, ok)
	require.Equal(t, gcs.FenceState{Breached: true, Count: 1, Type: "boundary", At: boot.Add(95500 * time.Millisecond)}, u.(gcs.FenceStatus).Fence)
	decodeTelemetry(&common.MessageSystemTime{TimeBootMs: 500}, &st, t0.Add(3*time.Second)) // rebooted
	require.Equal(t, t0.Add(2500*time.Millisecond), st.boot.at)
}

// Without a boot time a breach keeps the time it was first seen.
func TestFenceBreachFirstSeen(t *testing.T) {
	var st decodeState
	m := &common.MessageFenceStatus{BreachStatus: 1, BreachCount: 1, BreachType: common.FENCE_BREACH_MINALT, BreachTime: 5000}
	u1, _ := decodeTelemetry(m, &st, decodeNow)
	u2, _ := decodeTelemetry(m, &st, decodeNow.Add(time.Second))
	require.Equal(t, decodeNow, u2.(gcs.FenceStatus).Fence.At)
	require.Equal(t, u1, u2)
}

// MISSION_CURRENT, MISSION_ITEM_REACHED and FENCE_STATUS reach the sink.
func TestMissionStateLive(t *testing.T) {
	c, p := commandSetup(t, &Station{}, copter())
	n := c.len()
	p.send(&common.MessageMissionCurrent{Seq: 2, Total: 9, MissionState: common.MISSION_STATE_ACTIVE},
		&common.MessageMissionItemReached{Seq: 1},
		&common.MessageFenceStatus{BreachStatus: 1, BreachCount: 3, BreachType: common.FENCE_BREACH_BOUNDARY})
	o := c.wait(t, n, func(o gcs.Observation) bool { _, ok := o.Update.(gcs.MissionProgress); return ok })
	require.Equal(t, gcs.MissionProgress{Current: 2, Total: 9, State: "active"}, o.Update)
	o = c.wait(t, n, func(o gcs.Observation) bool { _, ok := o.Update.(gcs.ItemReached); return ok })
	require.Equal(t, gcs.ItemReached{Seq: 1}, o.Update)
	o = c.wait(t, n, func(o gcs.Observation) bool { _, ok := o.Update.(gcs.FenceStatus); return ok })
	require.Equal(t, "boundary", o.Update.(gcs.FenceStatus).Fence.Type)
}
