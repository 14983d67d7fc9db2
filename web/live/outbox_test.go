package live

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

func TestOutboxCoalescesVehiclesAndBoundsTheRest(t *testing.T) {
	o := newOutbox(2, 0)
	now := time.Now()
	require.False(t, o.pushVehicle(&outEntry{typ: MsgVehicle, vehicle: "a", slot: 0, data: []byte("1")}))
	require.True(t, o.push(&outEntry{typ: MsgAlert, data: []byte("x")}, noVehicle))
	require.True(t, o.pushVehicle(&outEntry{typ: MsgVehicle, vehicle: "a", slot: 0, data: []byte("2")}))
	require.True(t, o.push(&outEntry{typ: MsgResult, data: []byte("r")}, noVehicle))
	require.False(t, o.push(&outEntry{typ: MsgAlert, data: []byte("y")}, noVehicle), "over the bound")

	var got []string
	for {
		e, _, _, closed := o.pop(now)
		require.False(t, closed)
		if e == nil {
			break
		}
		got = append(got, e.typ+":"+string(e.data))
	}
	// The newer state took the older one's place in the queue.
	require.Equal(t, []string{"vehicle:2", "alert:x", "result:r"}, got)
}

func TestOutboxResetKeepsResultsAndDropsSuperseded(t *testing.T) {
	o := newOutbox(8, 0)
	o.pushVehicle(&outEntry{typ: MsgVehicle, vehicle: "a", slot: 0})
	o.push(&outEntry{typ: MsgAlert}, noVehicle)
	o.push(&outEntry{typ: MsgResult}, noVehicle)
	o.push(&outEntry{typ: MsgVehicleRemoved}, 0)
	o.reset(&outEntry{typ: MsgSnapshot})
	e, _, _, _ := o.pop(time.Now())
	require.Equal(t, MsgSnapshot, e.typ)
	e, _, _, _ = o.pop(time.Now())
	require.Equal(t, MsgResult, e.typ)
	e, _, _, _ = o.pop(time.Now())
	require.Nil(t, e)
}

func TestOutboxRateCapHoldsAVehicleButNotOthers(t *testing.T) {
	o := newOutbox(8, 100*time.Millisecond)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	o.pushVehicle(&outEntry{typ: MsgVehicle, vehicle: "a", slot: 0, data: []byte("1")})
	e, _, _, _ := o.pop(t0)
	require.Equal(t, "1", string(e.data))
	o.pushVehicle(&outEntry{typ: MsgVehicle, vehicle: "a", slot: 0, data: []byte("2")})
	o.pushVehicle(&outEntry{typ: MsgVehicle, vehicle: "a", slot: 0, data: []byte("3")})
	o.push(&outEntry{typ: MsgAlert}, noVehicle)
	e, _, _, _ = o.pop(t0.Add(10 * time.Millisecond))
	require.Equal(t, MsgAlert, e.typ, "the alert overtakes the held-back state")
	e, _, wait, _ := o.pop(t0.Add(20 * time.Millisecond))
	require.Nil(t, e)
	require.Equal(t, 80*time.Millisecond, wait)
	e, _, _, _ = o.pop(t0.Add(100 * time.Millisecond))
	require.Equal(t, "3", string(e.data))
}

func TestOutboxClose(t *testing.T) {
	o := newOutbox(8, 0)
	o.push(&outEntry{typ: MsgAlert}, noVehicle)
	require.Equal(t, 1, o.close(closeTryAgainLater, "too slow"))
	require.Equal(t, 0, o.close(closeGoingAway, "later"))
	_, _, _, closed := o.pop(time.Now())
	require.True(t, closed)
	code, text := o.closeFrame()
	require.Equal(t, closeTryAgainLater, code)
	require.Equal(t, "too slow", text)
}

func TestOutboxPushVehiclesMergesWhenPopped(t *testing.T) {
	o := newOutbox(8, 0)
	var coalesced atomic.Uint64
	o.coalesced = &coalesced
	es := []*outEntry{{typ: MsgVehicle, vehicle: "a", slot: 0, data: []byte("1")}, {typ: MsgVehicle, vehicle: "b", slot: 1, data: []byte("1")}}
	o.pushVehicles(es)
	o.push(&outEntry{typ: MsgAlert, data: []byte("x")}, noVehicle) // after the states pushed before it
	o.pushVehicles([]*outEntry{{typ: MsgVehicle, vehicle: "b", slot: 1, data: []byte("2")}, {typ: MsgVehicle, vehicle: "c", slot: 2, data: []byte("2")}})
	o.pushVehicles([]*outEntry{{typ: MsgVehicle, vehicle: "c", slot: 2, data: []byte("3")}})
	var got []string
	for e, _, _, _ := o.pop(time.Now()); e != nil; e, _, _, _ = o.pop(time.Now()) {
		got = append(got, e.typ+":"+string(e.vehicle)+":"+string(e.data))
	}
	require.Equal(t, []string{"vehicle:a:1", "vehicle:b:2", "alert::x", "vehicle:c:3"}, got)
	require.Equal(t, uint64(2), coalesced.Load())
	require.Equal(t, "1", string(es[1].data), "the hub's shared entry is not changed")
	o.close(0, "")
	o.pushVehicles(es)
	total, _ := o.size()
	require.Zero(t, total)
}

func TestOutboxMergesForAStuckWriter(t *testing.T) {
	o := newOutbox(8, 0)
	for i := range 10 * maxInbox {
		o.pushVehicles([]*outEntry{{typ: MsgVehicle, vehicle: "a", slot: 0, data: []byte{byte(i)}}})
	}
	o.mu.Lock()
	inbox := len(o.inbox)
	o.mu.Unlock()
	require.Less(t, inbox, maxInbox, "the hub merged: one pending state, not 160 batches")
	total, _ := o.size()
	require.Equal(t, 1, total)
}

func TestOutboxRateCapReleasesInSendOrder(t *testing.T) {
	o := newOutbox(8, 100*time.Millisecond)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	for i, id := range []gcs.VehicleID{"a", "b", "c"} {
		o.pushVehicle(&outEntry{typ: MsgVehicle, vehicle: id, slot: i, data: []byte("1")})
	}
	for i, want := range []gcs.VehicleID{"a", "b", "c"} { // cooling until 100, 110, 120 ms
		e, _, _, _ := o.pop(at(10 * i))
		require.Equal(t, want, e.vehicle)
	}
	for _, i := range []int{2, 0} {
		o.pushVehicle(&outEntry{typ: MsgVehicle, vehicle: gcs.VehicleID(string(rune(97 + i))), slot: i, data: []byte("2")})
	}
	total, _ := o.size()
	require.Equal(t, 2, total, "held states count as pending")
	e, _, wait, _ := o.pop(at(50))
	require.Nil(t, e)
	require.Equal(t, 50*time.Millisecond, wait, "until a's gap ends")
	e, _, _, _ = o.pop(at(105))
	require.Equal(t, gcs.VehicleID("a"), e.vehicle)
	e, _, wait, _ = o.pop(at(105))
	require.Nil(t, e)
	require.Equal(t, 5*time.Millisecond, wait, "b's gap ends next (nothing held for b: a spurious wake-up)")
	e, _, wait, _ = o.pop(at(115))
	require.Nil(t, e)
	require.Equal(t, 5*time.Millisecond, wait)
	e, _, _, _ = o.pop(at(120))
	require.Equal(t, gcs.VehicleID("c"), e.vehicle)
	require.Equal(t, "2", string(e.data))
	require.True(t, o.push(&outEntry{typ: MsgVehicleRemoved}, 0))
	require.Equal(t, 1, o.close(0, ""))
}

func TestOutboxHeldStateIsDroppedWithItsVehicle(t *testing.T) {
	o := newOutbox(8, time.Second)
	t0 := time.Now()
	o.pushVehicle(&outEntry{typ: MsgVehicle, vehicle: "a", slot: 0})
	o.pop(t0)
	o.pushVehicle(&outEntry{typ: MsgVehicle, vehicle: "a", slot: 0})
	o.push(&outEntry{typ: MsgVehicleRemoved}, 0)
	e, _, _, _ := o.pop(t0.Add(2 * time.Second))
	require.Equal(t, MsgVehicleRemoved, e.typ)
	e, _, wait, _ := o.pop(t0.Add(2 * time.Second))
	require.Nil(t, e)
	require.Zero(t, wait, "nothing pending")
}
