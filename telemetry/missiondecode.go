package telemetry

import (
	"math"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/message"

	"skerry/gcs"
)

// decodeState is what decoding keeps per vehicle: the sensor list, the
// vehicle's boot time and the last fence breach.
type decodeState struct {
	sensors sensorList
	boot    bootClock
	fence   fenceMemo
}

// bootClock estimates when the vehicle booted, in station time, from the
// time_boot_ms of SYSTEM_TIME, GLOBAL_POSITION_INT and ATTITUDE:
// receive time − time_boot_ms is the boot time plus the link latency, so
// the smallest value seen is the best estimate. time_boot_ms going back
// means the vehicle rebooted: the estimate starts again.
type bootClock struct {
	at   time.Time
	last uint32
	ok   bool
}

func (b *bootClock) observe(bootMs uint32, now time.Time) {
	at := now.Add(-time.Duration(bootMs) * time.Millisecond)
	if !b.ok || bootMs < b.last || at.Before(b.at) {
		b.at = at
	}
	b.ok, b.last = true, bootMs
}

// fenceMemo remembers when the station first saw the current breach, for
// vehicles whose boot time is not known yet.
type fenceMemo struct {
	count uint16
	at    time.Time
}

var (
	missionStates = [...]string{"unknown", "no_mission", "not_started", "active", "paused", "complete"}
	breachTypes   = [...]string{"none", "min_alt", "max_alt", "boundary"}
)

// decodeMissionCurrent: ArduPilot before 4.4 (and MAVLink 1) send only seq;
// then total is -1 and the state "unknown". total 0 means "not supported",
// UINT16_MAX "no mission on the vehicle".
func decodeMissionCurrent(m *common.MessageMissionCurrent) gcs.MissionProgress {
	u := gcs.MissionProgress{Current: int(m.Seq), Total: int(m.Total), State: "unknown",
		MissionID: m.MissionId, FenceID: m.FenceId, RallyID: m.RallyPointsId}
	if int(m.MissionState) < len(missionStates) {
		u.State = missionStates[m.MissionState]
	}
	switch m.Total {
	case 0:
		u.Total = -1
	case math.MaxUint16:
		u.Total = 0
	}
	if m.MissionState == common.MISSION_STATE_NO_MISSION {
		u.Total = 0
	}
	return u
}

// decodeFenceStatus dates the breach with the vehicle's boot time when it
// is known (boot + breach_time); otherwise with the time the station first
// saw this breach count (an upper bound, late by up to the message period).
func decodeFenceStatus(m *common.MessageFenceStatus, st *decodeState, now time.Time) gcs.FenceStatus {
	f := gcs.FenceState{Breached: m.BreachStatus != 0, Count: int(m.BreachCount), Type: "none"}
	if int(m.BreachType) < len(breachTypes) {
		f.Type = breachTypes[m.BreachType]
	}
	if m.BreachCount != st.fence.count || st.fence.at.IsZero() {
		st.fence = fenceMemo{count: m.BreachCount, at: now}
	}
	switch {
	case m.BreachCount == 0 && m.BreachTime == 0:
	case st.boot.ok:
		f.At = st.boot.at.Add(time.Duration(m.BreachTime) * time.Millisecond)
	default:
		f.At = st.fence.at
	}
	return gcs.FenceStatus{Fence: f}
}

// decodeMission decodes the mission-state messages; ok is false for other
// messages. Boot-time sources are observed and give no update.
func decodeMission(msg message.Message, st *decodeState, now time.Time) (gcs.Update, bool) {
	switch m := msg.(type) {
	case *common.MessageMissionCurrent:
		return decodeMissionCurrent(m), true
	case *common.MessageMissionItemReached:
		return gcs.ItemReached{Seq: int(m.Seq)}, true
	case *common.MessageFenceStatus:
		return decodeFenceStatus(m, st, now), true
	case *common.MessageSystemTime:
		st.boot.observe(m.TimeBootMs, now)
	case *common.MessageGlobalPositionInt:
		st.boot.observe(m.TimeBootMs, now)
	case *common.MessageAttitude:
		st.boot.observe(m.TimeBootMs, now)
	}
	return nil, false
}
