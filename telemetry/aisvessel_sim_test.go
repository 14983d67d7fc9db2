package telemetry

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/sim"
	"skerry/sim/scene"
)

// TestAISVesselFromTheSimulator: a simulated drone carrying an AIS
// receiver relays the scenario's AIS vessels as AIS_VESSEL over loopback
// UDP; the station hands each to its AIS sink with the drone as source,
// named, placed and moving as the scenario has them.
func TestAISVesselFromTheSimulator(t *testing.T) {
	var mu sync.Mutex
	got := map[uint32][]gcs.AISReport{}
	s := &Station{Links: []LinkConfig{{Name: "sim", URL: "udp-server:127.0.0.1:0"}},
		AIS: func(r gcs.AISReport) { mu.Lock(); got[r.MMSI] = append(got[r.MMSI], r); mu.Unlock() }}
	c := startStation(t, s)
	sm, err := sim.New(sim.Config{Vehicles: 1, Speedup: 20, Seed: 3, AISReceiver: true,
		Links: []sim.LinkConfig{{Paths: []string{"udp:" + s.Addrs()["sim"]}}}})
	require.NoError(t, err)
	require.NoError(t, sm.Start())
	t.Cleanup(sm.Close)
	c.wait(t, 0, isLink("sim-1", found))

	w, err := scene.NewWorld(sim.DefaultScenario(), 3)
	require.NoError(t, err)
	want := map[uint32]scene.Vessel{}
	for _, v := range w.Vessels(0) {
		if v.AIS {
			want[v.MMSI] = v
		}
	}
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) == len(want)
	}, 20*time.Second, 20*time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	for mmsi, rs := range got {
		v, ok := want[mmsi]
		require.True(t, ok, "mmsi %d", mmsi)
		r := rs[0]
		require.Equal(t, "mavlink:sim-1", r.Source)
		require.NotNil(t, r.Static)
		require.Equal(t, aisName(v), r.Static.Name)
		require.True(t, r.HasPosition && r.HasSOG && r.HasCOG && r.HasHeading)
		require.NoError(t, gcs.CheckAISReport(&r))
		require.InDelta(t, v.Lat, r.Lat, 0.01, "%s near its start", v.ID)
		require.InDelta(t, v.Lon, r.Lon, 0.01, "%s", v.ID)
		require.Equal(t, v.AISClass == "A", r.HasNavStatus, "%s: class B has no navigational status", v.ID)
	}
	require.Zero(t, s.AISVesselStats().Rejected)
	t.Logf("%d vessels relayed by the drone: %+v", len(got), s.AISVesselStats())
}

// aisName is a scenario vessel's name as AIS carries it.
func aisName(v scene.Vessel) string {
	b := []byte(v.Name)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}
