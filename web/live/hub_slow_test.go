package live

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/web/live/livetest"
)

// maxPending returns the longest queue of any client, asked on the hub
// goroutine.
func maxPending(h *Hub) (total, queued int) {
	h.do(func() {
		for c := range h.clients {
			t, q := c.out.size()
			total, queued = max(total, t), max(queued, q)
		}
	})
	return total, queued
}

func TestStalledClientIsDroppedAndDoesNotSlowOthers(t *testing.T) {
	const vehicles, rounds, maxQueue = 20, 40, 16
	e := newHubEnv(t, envOptions{smallBufs: true, hub: func(h *Hub) {
		h.MaxQueue = maxQueue
		h.WriteTimeout = 300 * time.Millisecond
	}})
	for i := range vehicles {
		observe(e.fleet, gcs.VehicleID(fmt.Sprint("l1-", i)), gcs.Identity{Mode: "AUTO"})
	}
	waitVehicles(t, e.hub, vehicles)

	stalled := livetest.Dial(t, e.ws, nil, true) // never reads until the end
	fast := livetest.Dial(t, e.ws, nil, false)
	require.Eventually(t, func() bool { return e.hub.Metrics().Clients == 2 }, 10*time.Second, 5*time.Millisecond)

	// The fast client keeps the latest state of each vehicle and every
	// alert change, in order.
	latest := map[gcs.VehicleID]float64{}
	var alerts []bool
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			m, err := fast.TryNext()
			if err != nil {
				return
			}
			mu.Lock()
			switch m.Type {
			case MsgVehicle:
				var v gcs.Vehicle
				_ = json.Unmarshal(m.Data, &v)
				latest[v.ID] = v.Position.Lat
			case MsgAlert:
				var a gcs.Alert
				_ = json.Unmarshal(m.Data, &a)
				alerts = append(alerts, a.Active)
			}
			mu.Unlock()
		}
	}()

	bound := maxQueue + vehicles + 1 // alerts and replies, one state per vehicle, a snapshot
	for r := 1; r <= rounds; r++ {
		for i := range vehicles {
			observe(e.fleet, gcs.VehicleID(fmt.Sprint("l1-", i)), position(float64(r)))
		}
		battery := gcs.Reading(90)
		if r%2 == 1 {
			battery = 10
		}
		observe(e.fleet, "l1-0", gcs.BatteryUpdate{Battery: gcs.Battery{Remaining: battery}})
		total, queued := maxPending(e.hub)
		require.LessOrEqual(t, total, bound)
		require.LessOrEqual(t, queued, maxQueue)
		// The next round waits for the fast client to have this one's
		// alert (progress, not speed): the stalled one falls behind.
		require.Eventually(t, func() bool {
			mu.Lock()
			defer mu.Unlock()
			return len(alerts) == r
		}, 10*time.Second, time.Millisecond, "round %d", r)
	}

	ok := assert.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		if len(alerts) != rounds {
			return false
		}
		for i := range vehicles {
			if latest[gcs.VehicleID(fmt.Sprint("l1-", i))] != rounds {
				return false
			}
		}
		return true
	}, 10*time.Second, 5*time.Millisecond, "the fast client gets every change")
	if !ok {
		mu.Lock()
		t.Fatalf("%d alerts, latest %v; hub %+v", len(alerts), latest, e.hub.Metrics())
	}
	mu.Lock()
	for i, active := range alerts {
		require.Equal(t, i%2 == 0, active, "alert %d: raised and cleared in turn", i)
	}
	mu.Unlock()

	require.Eventually(t, func() bool {
		d := e.hub.Metrics().DroppedClients
		return d["queue_full"]+d["write_timeout"] == 1 && e.hub.Metrics().Clients == 1
	}, 10*time.Second, 5*time.Millisecond, "the stalled client is dropped")
	t.Logf("dropped: %v", e.hub.Metrics().DroppedClients)

	// Its connection ends: with close 1013 when the writer could still
	// send it, abruptly when a write had timed out.
	var err error
	for err == nil {
		_, err = stalled.TryNext()
	}
	var ce *websocket.CloseError
	if errors.As(err, &ce) { // 1006 is gorilla's name for an abrupt end
		require.Contains(t, []int{websocket.CloseTryAgainLater, websocket.CloseAbnormalClosure}, ce.Code)
	}
	require.NoError(t, fast.Conn.Close())
	<-done
}
