package telemetry

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/message"

	"skerry/mission/mavlink"
)

// fakeMission is the vehicle side of the mission protocol, ArduPilot-like,
// on a test peer: it stores what is uploaded, re-requests missing items
// every reRequest, answers out-of-sequence items with INVALID_SEQUENCE, an
// item after the upload ended with MAV_MISSION_ERROR as ArduPilot does (or,
// with px4Final, the final ACK again, as PX4 does), and drops
// mission messages in each direction with a seeded probability.
type fakeMission struct {
	p         *peer
	reRequest time.Duration

	mu        sync.Mutex
	store     [3][]mavlink.MAVItem
	legacyReq bool // request with MISSION_REQUEST
	legacyIt  bool // answer downloads with MISSION_ITEM
	stray     bool // send the previous item before each requested one
	px4Final  bool // answer a repeated last item with the final ACK again
	nackSeq   int  // NACK this seq once with nack (-1 never)
	nack      common.MAV_MISSION_RESULT
	nackEvery bool // NACK nackSeq on every upload, not once
	clearRes  common.MAV_MISSION_RESULT
	staleAck  bool // answer MISSION_REQUEST_LIST with a late ERROR ACK before the count
	silentAt  int  // stop answering after item silentAt arrived (-1 never)
	silent    bool
	inLoss    float64
	outLoss   float64
	inRng     *rand.Rand
	outRng    *rand.Rand

	up       upState
	lastDone upState                              // the last finished upload, to repeat its ACK
	requests map[int]int                          // download requests per seq
	legacyN  int                                  // MISSION_REQUEST sent
	acks     chan common.MessageMissionAck        // ACKs from the station
	setCur   chan common.MessageMissionSetCurrent // MISSION_SET_CURRENT received
	stop     chan struct{}
}

type upState struct {
	active bool
	typ    common.MAV_MISSION_TYPE
	items  []mavlink.MAVItem
	next   int
	last   time.Time
}

func newFakeMission(t testing.TB, p *peer, reRequest time.Duration) *fakeMission {
	f := &fakeMission{p: p, reRequest: reRequest, nackSeq: -1, silentAt: -1, requests: map[int]int{},
		acks: make(chan common.MessageMissionAck, 100), setCur: make(chan common.MessageMissionSetCurrent, 10),
		stop: make(chan struct{}), inRng: rand.New(rand.NewPCG(1, 1)), outRng: rand.New(rand.NewPCG(2, 2))}
	h := f.handle
	p.hook.Store(&h)
	go f.loop()
	t.Cleanup(func() { close(f.stop) })
	return f
}

// setLoss sets the loss probability in each direction with a seed.
func (f *fakeMission) setLoss(in, out float64, seed uint64) {
	f.mu.Lock()
	f.inLoss, f.outLoss = in, out
	f.inRng, f.outRng = rand.New(rand.NewPCG(seed, 1)), rand.New(rand.NewPCG(seed, 2))
	f.mu.Unlock()
}

func (f *fakeMission) set(fn func(f *fakeMission)) {
	f.mu.Lock()
	fn(f)
	f.mu.Unlock()
}

// loop re-requests the awaited item when the station's answer is missing.
func (f *fakeMission) loop() {
	t := time.NewTicker(f.reRequest / 2)
	defer t.Stop()
	for {
		select {
		case <-f.stop:
			return
		case now := <-t.C:
			f.mu.Lock()
			if f.up.active && !f.silent && now.Sub(f.up.last) >= f.reRequest {
				f.request()
			}
			f.mu.Unlock()
		}
	}
}

// send writes a message, unless the outbound loss drops it (f.mu held).
func (f *fakeMission) send(m message.Message) {
	if f.outLoss > 0 && f.outRng.Float64() < f.outLoss {
		return
	}
	f.p.send(m)
}

func (f *fakeMission) ack(typ common.MAV_MISSION_TYPE, r common.MAV_MISSION_RESULT) {
	f.send(&common.MessageMissionAck{TargetSystem: 255, TargetComponent: 190, Type: r, MissionType: typ})
}

func (f *fakeMission) request() {
	f.up.last = time.Now()
	seq := uint16(f.up.next)
	if f.legacyReq {
		f.legacyN++
		f.send(&common.MessageMissionRequest{TargetSystem: 255, TargetComponent: 190, Seq: seq, MissionType: f.up.typ})
		return
	}
	f.send(&common.MessageMissionRequestInt{TargetSystem: 255, TargetComponent: 190, Seq: seq, MissionType: f.up.typ})
}

func (f *fakeMission) handle(m message.Message) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.inLoss > 0 && f.inRng.Float64() < f.inLoss {
		return
	}
	if a, ok := m.(*common.MessageMissionAck); ok {
		select {
		case f.acks <- *a:
		default:
		}
	}
	if f.silent {
		return
	}
	switch m := m.(type) {
	case *common.MessageMissionCount:
		f.up = upState{active: true, typ: m.MissionType, items: make([]mavlink.MAVItem, m.Count)}
		if m.Count == 0 {
			f.finishUpload()
			return
		}
		f.request()
	case *common.MessageMissionItemInt:
		f.onItem(m)
	case *common.MessageMissionRequestList:
		if f.staleAck {
			f.ack(m.MissionType, common.MAV_MISSION_ERROR) // as if for an item re-sent in the upload before
		}
		f.send(&common.MessageMissionCount{TargetSystem: 255, TargetComponent: 190, Count: uint16(len(f.store[m.MissionType])), MissionType: m.MissionType})
	case *common.MessageMissionRequestInt:
		f.onRequest(int(m.Seq), m.MissionType)
	case *common.MessageMissionClearAll:
		if f.clearRes == common.MAV_MISSION_ACCEPTED {
			f.store[m.MissionType] = nil
		}
		f.ack(m.MissionType, f.clearRes)
	case *common.MessageMissionSetCurrent:
		f.setCur <- *m
		f.send(&common.MessageMissionCurrent{Seq: m.Seq})
	}
}

func (f *fakeMission) onItem(m *common.MessageMissionItemInt) {
	if !f.up.active || m.MissionType != f.up.typ || int(m.Seq) != f.up.next {
		if !f.up.active && f.px4Final && m.MissionType == f.lastDone.typ && int(m.Seq) == len(f.lastDone.items)-1 {
			f.ack(m.MissionType, common.MAV_MISSION_ACCEPTED) // our final ACK was lost
			return
		}
		if !f.up.active {
			f.ack(m.MissionType, common.MAV_MISSION_ERROR) // ArduPilot: not receiving
			return
		}
		f.ack(m.MissionType, common.MAV_MISSION_INVALID_SEQUENCE)
		return
	}
	if int(m.Seq) == f.nackSeq {
		if !f.nackEvery {
			f.nackSeq = -1 // ArduPilot: the NACK does not end the upload
		}
		f.ack(m.MissionType, f.nack)
		return
	}
	f.up.items[m.Seq] = itemFromInt(m)
	if int(m.Seq) == f.silentAt {
		f.silent = true
		return
	}
	f.up.next++
	if f.up.next == len(f.up.items) {
		f.finishUpload()
		return
	}
	f.request()
}

func (f *fakeMission) finishUpload() {
	f.store[f.up.typ] = f.up.items
	f.up.active = false
	f.lastDone = f.up
	f.ack(f.up.typ, common.MAV_MISSION_ACCEPTED)
}

func (f *fakeMission) onRequest(seq int, typ common.MAV_MISSION_TYPE) {
	f.requests[seq]++
	items := f.store[typ]
	if seq >= len(items) {
		f.ack(typ, common.MAV_MISSION_INVALID_SEQUENCE)
		return
	}
	if f.stray && seq > 0 {
		f.sendItem(items[seq-1])
	}
	f.sendItem(items[seq])
}

func (f *fakeMission) sendItem(it mavlink.MAVItem) {
	if f.legacyIt {
		x, y := float32(it.X), float32(it.Y)
		if globalFrame(common.MAV_FRAME(it.Frame)) {
			x, y = float32(degE7(it.X)), float32(degE7(it.Y))
		}
		f.send(&common.MessageMissionItem{TargetSystem: 255, TargetComponent: 190, Seq: it.Seq,
			Frame: common.MAV_FRAME(it.Frame), Command: common.MAV_CMD(it.Command), Current: it.Current, Autocontinue: it.Autocontinue,
			Param1: it.Param1, Param2: it.Param2, Param3: it.Param3, Param4: it.Param4,
			X: x, Y: y, Z: it.Z, MissionType: common.MAV_MISSION_TYPE(it.MissionType)})
		return
	}
	msg := itemToInt(it, int(it.Seq)).(*common.MessageMissionItemInt)
	msg.TargetSystem, msg.TargetComponent, msg.MissionType = 255, 190, common.MAV_MISSION_TYPE(it.MissionType)
	f.send(msg)
}

// testItems makes n items of a kind that survive the round trip.
func testItems(kind mavlink.MissionType, n int) []mavlink.MAVItem {
	cmd := map[mavlink.MissionType]uint16{mavlink.TypeMission: 16, mavlink.TypeFence: 5001, mavlink.TypeRally: 5100}[kind]
	items := make([]mavlink.MAVItem, n)
	for i := range items {
		items[i] = mavlink.MAVItem{Seq: uint16(i), Frame: 6, Command: cmd, Autocontinue: 1, Param1: float32(n),
			Param2: 0.5, X: 436_000_000 + int32(i)*1234, Y: 73_000_000 - int32(i)*4321, Z: float32(20 + i%7), MissionType: kind}
	}
	return items
}
