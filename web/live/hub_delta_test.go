package live

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/live/livetest"
)

func TestOutboxMergesTheChangesOfCoalescedStates(t *testing.T) {
	o := newOutbox(8, 0)
	o.pushVehicle(&outEntry{typ: MsgVehicle, vehicle: "a", slot: 0, changed: 1 << 2, data: []byte("1")})
	o.pushVehicles([]*outEntry{{typ: MsgVehicle, vehicle: "a", slot: 0, changed: 1 << 5, data: []byte("2")}})
	e, changed, _, _ := o.pop(time.Now())
	require.Equal(t, "2", string(e.data), "the newest state")
	require.Equal(t, memberMask(1<<2|1<<5), changed, "with what both changed")

	o.pushVehicle(&outEntry{typ: MsgVehicle, vehicle: "a", slot: 0, changed: 1 << 7, data: []byte("3")})
	_, changed, _, _ = o.pop(time.Now())
	require.Equal(t, memberMask(1<<7), changed, "what was sent is not sent again")

	o.pushVehicle(&outEntry{typ: MsgVehicle, vehicle: "a", slot: 0, changed: 1 << 9, data: []byte("4")})
	o.reset(&outEntry{typ: MsgSnapshot, data: []byte("s")})
	o.pushVehicle(&outEntry{typ: MsgVehicle, vehicle: "a", slot: 0, changed: 1 << 1, data: []byte("5")})
	e, _, _, _ = o.pop(time.Now())
	require.Equal(t, MsgSnapshot, e.typ)
	_, changed, _, _ = o.pop(time.Now())
	require.Equal(t, memberMask(1<<1), changed, "a snapshot carries everything before it")
}

// TestConsolesGetDeltasUnlessTheyAskForWholeStates: after a vehicle's
// first state, a console gets only what changed; ?states=full gets every
// state whole; both end with the same picture.
func TestConsolesGetDeltasUnlessTheyAskForWholeStates(t *testing.T) {
	e := newHubEnv(t, envOptions{})
	deltas := livetest.Dial(t, e.ws, nil, false)
	whole := livetest.Dial(t, e.ws+"?states=full", nil, false)
	require.Equal(t, MsgSnapshot, deltas.Next().Type)
	require.Equal(t, MsgSnapshot, whole.Next().Type)

	observe(e.fleet, "l1-1", gcs.Identity{Mode: "AUTO", Type: "quadrotor"})
	deltas.Until(vehicleAt("l1-1", 0)) // its first state is whole
	for i := 1; i <= 20; i++ {
		observe(e.fleet, "l1-1", position(36+float64(i)/100))
	}
	last := vehicleAt("l1-1", 36.2)
	m, _ := deltas.Until(last)
	require.True(t, m.Delta, "the last position came as a delta")
	require.Equal(t, "AUTO", livetest.Decode[gcs.Vehicle](t, m.Data).Mode, "applied to what the console had")
	w, _ := whole.Until(func(m livetest.Msg) bool {
		require.False(t, m.Delta && m.Type == MsgVehicle, "?states=full gets no delta")
		return last(m)
	})
	require.JSONEq(t, string(w.Data), string(m.Data))
	// The writer counts a delta once its write returns, which may be just
	// after the console has read it.
	require.Eventually(t, func() bool { return e.hub.Metrics().Deltas > 0 }, 5*time.Second, time.Millisecond)

	res, err := http.Get(e.srv.URL + "/ws?states=some")
	require.NoError(t, err)
	_ = res.Body.Close()
	require.Equal(t, http.StatusBadRequest, res.StatusCode)
}

// TestASlowConsoleGetsTheUnionOfWhatChanged: a console that does not read
// for a while has its states coalesced, each change to a different member;
// when it reads again its picture is exactly the station's.
func TestASlowConsoleGetsTheUnionOfWhatChanged(t *testing.T) {
	e := newHubEnv(t, envOptions{smallBufs: true})
	slow := livetest.Dial(t, e.ws, nil, true)
	require.Equal(t, MsgSnapshot, slow.Next().Type)
	observe(e.fleet, "l1-1", gcs.Identity{Mode: "LOITER", Type: "quadrotor"})
	slow.Until(vehicleAt("l1-1", 0))

	modes := []string{"AUTO", "GUIDED", "RTL"}
	for i := 1; i <= 600; i++ { // far more than the socket buffers hold
		if i%2 == 0 {
			observe(e.fleet, "l1-1", gcs.Identity{Mode: modes[i%len(modes)], Type: "quadrotor"})
		} else {
			observe(e.fleet, "l1-1", gcs.AttitudeUpdate{Attitude: gcs.Attitude{Yaw: gcs.Reading(i % 360)}})
		}
		lat := 36 + float64(i)/1e5
		observe(e.fleet, "l1-1", position(lat))
		require.Eventually(t, func() bool { return hubHas(e.hub, "l1-1", lat) }, 10*time.Second, 50*time.Microsecond)
	}
	observe(e.fleet, "l1-1", position(37))
	require.Eventually(t, func() bool { return hubHas(e.hub, "l1-1", 37) }, 10*time.Second, time.Millisecond)
	var station []byte
	e.hub.do(func() { station = e.hub.vehicles["l1-1"].payload() })

	m, _ := slow.Until(vehicleAt("l1-1", 37))
	require.JSONEq(t, string(station), string(m.Data), "the console's picture is the station's")
	require.NotZero(t, e.hub.Metrics().Coalesced, "states were coalesced")
}
