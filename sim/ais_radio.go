package sim

import (
	"math"
	"math/rand"
	"time"

	ais "github.com/BertoldVdb/go-ais"

	"skerry/sim/scene"
)

// aisSlot is one SOTDMA slot: a minute is 2250 slots per channel.
const aisSlot = time.Minute / 2250

// aisStaticInterval is how often class A sends its static and voyage data
// (message 5).
const aisStaticInterval = 6 * time.Minute

// knots per metre per second.
const msToKn = 3600.0 / 1852

// aisAnchoredKn is the speed below which a vessel reports at anchor
// (navigational status 1) at the 3-minute rate.
const aisAnchoredKn = 0.5

// aisReportInterval is ITU-R M.1371's class A reporting interval for a
// vessel at speed kn knots, turning or not; anchored is at anchor or moored
// (and not moving faster than 3 knots).
func aisReportInterval(kn float64, turning, anchored bool) time.Duration {
	switch {
	case anchored && kn <= 3:
		return 3 * time.Minute
	case kn > 23:
		return 2 * time.Second
	case kn > 14 && turning:
		return 2 * time.Second
	case kn > 14:
		return 6 * time.Second
	case turning:
		return 10 * time.Second / 3
	}
	return 10 * time.Second
}

// aisTurning tells whether the heading changed by more than 5° over the
// 10 s before t (ITU's "changing course").
func aisTurning(w *scene.World, i int, t time.Duration, now scene.Vessel) bool {
	if t < 10*time.Second {
		return false
	}
	before := w.Vessels(t - 10*time.Second)[i]
	d := math.Abs(math.Mod(now.Heading-before.Heading+540, 360) - 180)
	return d > 5
}

// aisMsg is one transmission: a position report (type 1, or 18 for class
// B) or static data (type 5, two slots; or one part of type 24).
type aisMsg struct {
	at      time.Duration // simulated time of the transmission
	st      *aisStation
	static  bool
	classB  bool
	partB   bool // class B static: message 24 part B (else part A)
	channel int  // 0 = A, 1 = B
	v       scene.Vessel
}

// slots is how many consecutive slots the message occupies.
func (m aisMsg) slots() int64 {
	if m.static && !m.classB {
		return 2
	}
	return 1
}

// packet is the message to send.
func (m aisMsg) packet(epoch time.Time) ais.Packet {
	switch {
	case m.static && m.classB:
		return aisClassBStatic(m.v, m.partB)
	case m.static:
		return aisStatic(m.v)
	case m.classB:
		return aisClassBPosition(m.v, m.at, epoch)
	}
	return aisPosition(m.v, m.at, epoch)
}

// aisStation is one vessel's transponder schedule.
type aisStation struct {
	idx        int // in World.Vessels
	mmsi       uint32
	off        time.Duration // 0 = never switched off
	nominal    time.Duration // nominal time of the next position report
	nextPos    time.Duration // its actual time (nominal ± 10 % of the interval)
	nextStatic time.Duration
	channel    int // of the next transmission
	classB     bool
	partB      bool // class B: part B of message 24 is next (after part A)
	silent     bool
	last, iv   time.Duration // last position report and the interval then
}

// due returns the station's next transmission if it is before cut, and
// advances its schedule; ok is false when nothing is due.
func (st *aisStation) due(w *scene.World, rng *rand.Rand, cut time.Duration) (aisMsg, bool) {
	if st.silent {
		return aisMsg{}, false
	}
	st.wake(w, cut)
	at, static := st.nextPos, false
	if st.nextStatic < at {
		at, static = st.nextStatic, true
	}
	if at >= cut {
		return aisMsg{}, false
	}
	if st.off > 0 && at >= st.off {
		st.silent = true
		return aisMsg{}, false
	}
	v := w.Vessels(at)[st.idx]
	m := aisMsg{at: at, st: st, static: static, classB: st.classB, channel: st.channel, v: v}
	st.channel ^= 1
	if static {
		switch {
		case !st.classB:
			st.nextStatic += aisStaticInterval
		case st.partB:
			m.partB, st.partB = true, false
			st.nextStatic += aisStaticInterval - aisClassBStaticGap
		default:
			st.partB = true
			st.nextStatic += aisClassBStaticGap
		}
		return m, true
	}
	iv := st.interval(w, at, v)
	st.last, st.iv = at, iv
	st.nominal += iv
	if st.nominal <= at {
		st.nominal = at + iv
	}
	st.nextPos = max(st.nominal+time.Duration((rng.Float64()-0.5)*0.2*float64(iv)), at+aisSlot)
	return m, true
}

// wake brings the next position report forward when a vessel reporting
// at anchor (every 3 minutes) gets under way: ITU-R M.1371 has the rate
// rise at once.
func (st *aisStation) wake(w *scene.World, cut time.Duration) {
	if st.iv < time.Minute || st.nextPos < cut || cut <= st.last {
		return
	}
	v := w.Vessels(cut)[st.idx]
	if kn := v.Speed * msToKn; kn < aisAnchoredKn || st.classB && kn <= 2 {
		return
	}
	iv := st.interval(w, cut, v)
	if next := max(st.last+iv, cut); next < st.nextPos {
		st.nominal, st.nextPos = next, next
	}
}

// interval is the station's reporting interval for vessel v at simulated
// time t: class A's by speed, turning and anchoring, class B's by speed.
func (st *aisStation) interval(w *scene.World, t time.Duration, v scene.Vessel) time.Duration {
	kn := v.Speed * msToKn
	if st.classB {
		return aisClassBInterval(kn)
	}
	return aisReportInterval(kn, aisTurning(w, st.idx, t, v), kn < aisAnchoredKn)
}

// aisCollide marks the messages (sorted by time) that share a slot of the
// same channel with another: all of them are lost.
func aisCollide(msgs []aisMsg) []bool {
	type key struct {
		channel int
		slot    int64
	}
	use := map[key]int{}
	for _, m := range msgs {
		s := int64(m.at / aisSlot)
		for k := range m.slots() {
			use[key{m.channel, s + k}]++
		}
	}
	lost := make([]bool, len(msgs))
	for i, m := range msgs {
		s := int64(m.at / aisSlot)
		for k := range m.slots() {
			lost[i] = lost[i] || use[key{m.channel, s + k}] > 1
		}
	}
	return lost
}
