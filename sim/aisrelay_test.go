package sim

import (
	"math"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/stretchr/testify/require"

	"skerry/sim/scene"
)

// relayRun runs the default scenario with cfg (one vehicle on a loopback
// test GCS) for simDur of simulated time and returns the AIS_VESSEL
// messages by MMSI, the world and where the vehicle was.
func relayRun(t *testing.T, cfg Config, simDur time.Duration) (map[uint32][]*common.MessageAisVessel, *scene.World, VehicleInfo) {
	t.Helper()
	g := newTestGCS(t)
	cfg.Vehicles, cfg.Seed, cfg.Speedup = 1, 5, 50
	cfg.Links = []LinkConfig{{Paths: []string{g.path()}}}
	s := startSim(t, cfg)
	for s.SimTime() < simDur {
		time.Sleep(20 * time.Millisecond)
	}
	s.Close()
	time.Sleep(50 * time.Millisecond)
	got := map[uint32][]*common.MessageAisVessel{}
	for _, f := range g.snapshot() {
		if m, ok := f.msg.(*common.MessageAisVessel); ok {
			require.Equal(t, uint8(1), f.comp, "from the autopilot, as ArduPilot sends it")
			got[m.Mmsi] = append(got[m.Mmsi], m)
		}
	}
	w, err := scene.NewWorld(DefaultScenario(), 5)
	require.NoError(t, err)
	return got, w, s.Vehicles()[0]
}

// TestAISRelay: a vehicle with an AIS receiver relays every AIS vessel of
// the scenario in range (all of them, from a base on the bay), no dark
// one, each about every 10 s of simulated time and never more often.
func TestAISRelay(t *testing.T) {
	const dur = 65 * time.Second
	got, w, _ := relayRun(t, Config{AISReceiver: true}, dur)
	want := map[uint32]scene.Vessel{}
	for _, v := range w.Vessels(0) {
		if v.AIS {
			want[v.MMSI] = v
		}
	}
	require.Len(t, got, len(want))
	for mmsi, ms := range got {
		v, ok := want[mmsi]
		require.True(t, ok, "mmsi %d is no AIS vessel", mmsi)
		require.GreaterOrEqual(t, len(ms), 5, "%s: about every 10 s", v.ID)
		require.LessOrEqual(t, len(ms), int(dur/aisRelayInterval)+1, "%s: at most every 10 s", v.ID)
		m := ms[0]
		require.Equal(t, aisText(v.Name, 20), m.Name)
		require.NotZero(t, m.Flags&common.AIS_FLAGS_VALID_NAME)
		// where the world had it during the run
		best := math.Inf(1)
		for at := time.Duration(0); at <= dur; at += time.Second {
			u := w.Vessels(at)
			for _, x := range u {
				if x.MMSI == mmsi {
					best = math.Min(best, distM(fromDegE7(m.Lat), fromDegE7(m.Lon), x.Lat, x.Lon))
				}
			}
		}
		require.Less(t, best, 20.0, "%s", v.ID)
	}
	t.Logf("%d vessels relayed, %d messages for the first", len(got), len(got[want[224567890].MMSI]))
}

// TestAISRelayRange: with a 5 km receiver only the vessels near the
// vehicle are relayed.
func TestAISRelayRange(t *testing.T) {
	const rng, dur = 5000.0, 30 * time.Second
	got, w, veh := relayRun(t, Config{AISReceiver: true, AISRange: rng}, dur)
	near, far := 0, 0
	for _, v := range w.Vessels(0) {
		if !v.AIS {
			continue
		}
		d0 := distM(veh.Lat, veh.Lon, v.Lat, v.Lon)
		v1 := w.Vessels(dur)
		var d1 float64
		for _, x := range v1 {
			if x.ID == v.ID {
				d1 = distM(veh.Lat, veh.Lon, x.Lat, x.Lon)
			}
		}
		switch {
		case math.Max(d0, d1) < rng-300:
			near++
			require.NotEmpty(t, got[v.MMSI], "%s at %.0f m", v.ID, d0)
		case math.Min(d0, d1) > rng+300:
			far++
			require.Empty(t, got[v.MMSI], "%s at %.0f m", v.ID, d0)
		}
	}
	t.Logf("vehicle at %.4f,%.4f: %d vessels near, %d far, %d relayed", veh.Lat, veh.Lon, near, far, len(got))
	require.Positive(t, near)
	require.Positive(t, far)
}

// TestAISRelayOff: without Config.AISReceiver nothing is relayed.
func TestAISRelayOff(t *testing.T) {
	got, _, _ := relayRun(t, Config{}, 15*time.Second)
	require.Empty(t, got)
}

// TestAISVesselMessage: the fields and flags of AIS_VESSEL.
func TestAISVesselMessage(t *testing.T) {
	v := scene.Vessel{ID: "x", Name: "Lady M", Type: "yacht", Lat: 36.1, Lon: -5.4, Heading: 359.7, Speed: 5,
		Length: 20, Beam: 5, AIS: true, MMSI: 319012345, AISClass: "B"}
	m := aisVessel(v)
	require.Equal(t, uint32(319012345), m.Mmsi)
	require.Equal(t, int32(361000000), m.Lat)
	require.Equal(t, int32(-54000000), m.Lon)
	require.Equal(t, uint16(35970), m.Cog)
	require.Equal(t, uint16(0), m.Heading, "359.7° rounds to 0")
	require.Equal(t, uint16(500), m.Velocity)
	require.Equal(t, common.AIS_NAV_STATUS_UNKNOWN, m.NavigationalStatus, "class B has no status")
	require.Equal(t, common.AIS_TYPE(37), m.Type)
	require.Equal(t, []uint16{10, 10}, []uint16{m.DimensionBow, m.DimensionStern})
	require.Equal(t, "LADY M", m.Name)
	require.Equal(t, "SK12345", m.Callsign)
	v.AISClass, v.Speed = "A", 0
	m = aisVessel(v)
	require.Equal(t, common.AIS_NAV_STATUS_ANCHORED, m.NavigationalStatus)
	require.InDelta(t, 37040, defaultAISRange, 1)
	require.Greater(t, aisHorizon(100), defaultAISRange, "at patrol altitude the range is the receiver's")
	require.InDelta(t, 13300, aisHorizon(0), 100, "on the ground, the horizon")
}
