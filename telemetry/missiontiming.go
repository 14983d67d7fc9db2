package telemetry

import (
	"math"
	"time"
)

// MissionTiming configures mission, fence and rally transfers (the MAVLink
// mission protocol). Zero values mean the defaults documented on each.
//
// Retries are budgeted per transfer, not only per item: a transfer may
// spend MissionRetryBase + ceil(MissionRetryPerItem × items) retries in
// all, and at most MissionItemRetries on any one step (one item, the count,
// the final ack). With 20 % independent loss in each direction a
// request/answer round fails with p = 1 − 0.8² = 0.36, so an item costs
// p/(1−p) ≈ 0.56 retries on average (σ ≈ 0.94): a 100-item transfer needs
// ≈ 56 ± 9, a 200-item one ≈ 113 ± 13. The default budget, 10 + 1 per item
// (110 and 210), is more than five standard deviations above that, while a
// vehicle that stops answering is given up after MissionItemRetries
// (0.36¹³ ≈ 2·10⁻⁶ per item at 20 % loss; 13 × 250 ms ≈ 3.3 s while
// downloading). A link that goes silent ends the transfer at once, when
// the vehicle is declared lost (LinkTimeout).
type MissionTiming struct {
	// MissionAckTimeout is how long to wait for MISSION_COUNT, the vehicle's
	// MISSION_REQUEST during an upload and any MISSION_ACK. Default 1500 ms
	// (QGroundControl's PlanManager _ackTimeoutMilliseconds).
	MissionAckTimeout time.Duration
	// MissionItemTimeout is how long to wait for a requested item while
	// downloading before requesting it again. Default 250 ms (QGC's
	// _retryTimeoutMilliseconds).
	MissionItemTimeout time.Duration
	// MissionItemRetries is the most retries spent on one step. Default 12
	// (QGC gives up after 5 per step, with no per-transfer budget, so a
	// long transfer over a lossy link fails there); negative: none.
	MissionItemRetries int
	// MissionRetryBase and MissionRetryPerItem make the per-transfer retry
	// budget. Defaults 10 and 1.0; negative: 0.
	MissionRetryBase    int
	MissionRetryPerItem float64
}

func (m *MissionTiming) defaults() {
	if m.MissionAckTimeout <= 0 {
		m.MissionAckTimeout = 1500 * time.Millisecond
	}
	if m.MissionItemTimeout <= 0 {
		m.MissionItemTimeout = 250 * time.Millisecond
	}
	m.MissionItemRetries = defaultInt(m.MissionItemRetries, 12)
	m.MissionRetryBase = defaultInt(m.MissionRetryBase, 10)
	switch {
	case m.MissionRetryPerItem == 0:
		m.MissionRetryPerItem = 1
	case m.MissionRetryPerItem < 0:
		m.MissionRetryPerItem = 0
	}
}

func defaultInt(v, def int) int {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

// budget is the number of retries a transfer of n items may spend.
func (m *MissionTiming) budget(n int) int {
	return m.MissionRetryBase + int(math.Ceil(m.MissionRetryPerItem*float64(n)))
}
