package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/sim/scene"
)

// TestAISReportInterval is ITU-R M.1371's class A table.
func TestAISReportInterval(t *testing.T) {
	cases := []struct {
		kn                float64
		turning, anchored bool
		want              time.Duration
	}{
		{0, false, true, 3 * time.Minute},
		{2.9, true, true, 3 * time.Minute},
		{5, false, true, 10 * time.Second}, // at anchor but dragging faster than 3 kn
		{0, false, false, 10 * time.Second},
		{13.9, false, false, 10 * time.Second},
		{10, true, false, 10 * time.Second / 3},
		{14.1, false, false, 6 * time.Second},
		{22.9, false, false, 6 * time.Second},
		{18, true, false, 2 * time.Second},
		{23.1, false, false, 2 * time.Second},
		{40, true, false, 2 * time.Second},
	}
	for _, c := range cases {
		require.Equal(t, c.want, aisReportInterval(c.kn, c.turning, c.anchored), "%+v", c)
	}
}

// TestAISCollide: two messages in one slot of one channel are both lost;
// the same slot on the other channel, or the next slot, is free; a static
// report takes two slots.
func TestAISCollide(t *testing.T) {
	at := func(slot int64) time.Duration { return time.Duration(slot)*aisSlot + time.Millisecond }
	msgs := []aisMsg{
		{at: at(10), channel: 0},
		{at: at(10) + 5*time.Millisecond, channel: 0}, // same slot: both lost
		{at: at(10), channel: 1},                      // other channel
		{at: at(11), channel: 0},                      // next slot
		{at: at(20), channel: 1, static: true},        // slots 20 and 21
		{at: at(21), channel: 1},                      // hits the static report's second slot
		{at: at(30), channel: 1, static: true},
		{at: at(32), channel: 1},
	}
	require.Equal(t, []bool{true, true, false, false, true, true, false, false}, aisCollide(msgs))
}

// TestAISTurning: for 10 s after a route's corner a vessel is changing
// course, and reports at the turning rate.
func TestAISTurning(t *testing.T) {
	const sc = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"kind":"vessel","id":"v","type":"yacht","speed":10,"ais":true,"mmsi":224000009},
 "geometry":{"type":"LineString","coordinates":[[-5.40,36.10],[-5.39,36.10],[-5.39,36.11]]}}]}`
	w, err := scene.NewWorld([]byte(sc), 1)
	require.NoError(t, err)
	leg := time.Duration(distM(36.10, -5.40, 36.10, -5.39) / (10 / msToKn) * float64(time.Second))
	for _, c := range []struct {
		at   time.Duration
		want bool
	}{{leg - 5*time.Second, false}, {leg + 2*time.Second, true}, {leg + 9*time.Second, true}, {leg + 15*time.Second, false}} {
		v := w.Vessels(c.at)[0]
		require.Equal(t, c.want, aisTurning(w, 0, c.at, v), "at %v (corner at %v)", c.at, leg)
	}
	require.Equal(t, 10*time.Second/3, aisReportInterval(10, true, false))
}

// TestAISConfigErrors: a bad address or drop probability is refused by New.
func TestAISConfigErrors(t *testing.T) {
	_, err := New(Config{Vehicles: 1, AISAddr: "nohostport"})
	require.ErrorContains(t, err, "sim: AIS address")
	_, err = New(Config{Vehicles: 1, AISAddr: "127.0.0.1:1", AISDrop: 1.5})
	require.ErrorContains(t, err, "AIS drop probability 1.5")
}

// TestAISWake: a vessel reporting at anchor that gets under way reports
// again within its new interval, not 3 minutes later.
func TestAISWake(t *testing.T) {
	const sc = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"kind":"vessel","id":"v","type":"fishing","speed":2,"ais":true,"mmsi":224000009,"behaviour":"loiter","radius":200},
 "geometry":{"type":"Point","coordinates":[-5.40,36.10]}}]}`
	w, err := scene.NewWorld([]byte(sc), 1)
	require.NoError(t, err)
	rng := seededRand(1, 0)
	st := &aisStation{idx: 0, mmsi: 224000009, nextStatic: 10 * time.Hour}
	prev, prevSlow, woke := time.Duration(-1), false, 0
	for cut := time.Duration(0); cut < 2*time.Hour; cut += time.Second {
		for {
			m, ok := st.due(w, rng, cut)
			if !ok {
				break
			}
			if prevSlow {
				// the first second after prev it was under way again
				for tau := prev + time.Second; tau < m.at; tau += time.Second {
					if w.Vessels(tau)[0].Speed*msToKn >= aisAnchoredKn {
						require.LessOrEqual(t, m.at, tau+12*time.Second, "under way at %v", tau)
						woke++
						break
					}
				}
			}
			prevSlow = m.v.Speed*msToKn < aisAnchoredKn
			prev = m.at
		}
	}
	require.Positive(t, woke, "the loiterer never slowed below 0.5 kn and sped up again")
}
