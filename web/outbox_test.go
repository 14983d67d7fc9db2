package web

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestOutboxCoalescesVehiclesAndBoundsTheRest(t *testing.T) {
	o := newOutbox(2, 0)
	now := time.Now()
	require.False(t, o.pushVehicle(&outEntry{typ: MsgVehicle, vehicle: "a", data: []byte("1")}))
	require.True(t, o.push(&outEntry{typ: MsgAlert, data: []byte("x")}, ""))
	require.True(t, o.pushVehicle(&outEntry{typ: MsgVehicle, vehicle: "a", data: []byte("2")}))
	require.True(t, o.push(&outEntry{typ: MsgResult, data: []byte("r")}, ""))
	require.False(t, o.push(&outEntry{typ: MsgAlert, data: []byte("y")}, ""), "over the bound")

	var got []string
	for {
		e, _, closed := o.pop(now)
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
	o.pushVehicle(&outEntry{typ: MsgVehicle, vehicle: "a"})
	o.push(&outEntry{typ: MsgAlert}, "")
	o.push(&outEntry{typ: MsgResult}, "")
	o.push(&outEntry{typ: MsgVehicleRemoved}, "a")
	o.reset(&outEntry{typ: MsgSnapshot})
	e, _, _ := o.pop(time.Now())
	require.Equal(t, MsgSnapshot, e.typ)
	e, _, _ = o.pop(time.Now())
	require.Equal(t, MsgResult, e.typ)
	e, _, _ = o.pop(time.Now())
	require.Nil(t, e)
}

func TestOutboxRateCapHoldsAVehicleButNotOthers(t *testing.T) {
	o := newOutbox(8, 100*time.Millisecond)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	o.pushVehicle(&outEntry{typ: MsgVehicle, vehicle: "a", data: []byte("1")})
	e, _, _ := o.pop(t0)
	require.Equal(t, "1", string(e.data))
	o.pushVehicle(&outEntry{typ: MsgVehicle, vehicle: "a", data: []byte("2")})
	o.pushVehicle(&outEntry{typ: MsgVehicle, vehicle: "a", data: []byte("3")})
	o.push(&outEntry{typ: MsgAlert}, "")
	e, _, _ = o.pop(t0.Add(10 * time.Millisecond))
	require.Equal(t, MsgAlert, e.typ, "the alert overtakes the held-back state")
	e, wait, _ := o.pop(t0.Add(20 * time.Millisecond))
	require.Nil(t, e)
	require.Equal(t, 80*time.Millisecond, wait)
	e, _, _ = o.pop(t0.Add(100 * time.Millisecond))
	require.Equal(t, "3", string(e.data))
}

func TestOutboxClose(t *testing.T) {
	o := newOutbox(8, 0)
	o.push(&outEntry{typ: MsgAlert}, "")
	require.Equal(t, 1, o.close(closeTryAgainLater, "too slow"))
	require.Equal(t, 0, o.close(closeGoingAway, "later"))
	_, _, closed := o.pop(time.Now())
	require.True(t, closed)
	code, text := o.closeFrame()
	require.Equal(t, closeTryAgainLater, code)
	require.Equal(t, "too slow", text)
}
