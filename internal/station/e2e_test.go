package station_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/gcs/maritime"
	"skerry/internal/station"
	"skerry/sim"
	"skerry/telemetry"
)

// world is a station and a simulated fleet talking real MAVLink over
// loopback UDP.
type world struct {
	st  *station.Station
	sim *sim.Sim
}

type worldOpts struct {
	vehicles  int
	links     int
	redundant bool // two paths per link
	speedup   float64
	timeout   time.Duration
	record    string
	timing    telemetry.MissionTiming
	data      string // the station's data directory
	cameras   int    // vehicles carrying a gimbal camera
	camera    sim.CameraConfig
	scenario  string // a scenario file ("": the default)
	basemap   bool   // the scenario is the station's basemap too (land, ports, sea zones)
	ais       bool   // the simulator's AIS goes to an AIS receiver of the station
	rules     *maritime.Settings
}

// startWorld starts a station with udp-server links on free ports and a
// simulator pointed at them.
func startWorld(t *testing.T, o worldOpts) *world {
	t.Helper()
	cfg := station.Config{HTTPAddr: "127.0.0.1:0", LinkTimeout: o.timeout, RecordDir: o.record, MissionTiming: o.timing, DataDir: o.data, Rules: o.rules}
	if o.basemap {
		b := sim.DefaultScenario()
		if o.scenario != "" {
			var err error
			b, err = os.ReadFile(o.scenario)
			require.NoError(t, err)
		}
		cfg.Basemap = b
	}
	if o.ais {
		cfg.AIS = []string{"udp-server:127.0.0.1:0"}
	}
	for i := range o.links {
		name := fmt.Sprintf("l%d", i+1)
		cfg.Links = append(cfg.Links, telemetry.LinkConfig{Name: name, URL: "udp-server:127.0.0.1:0"})
		if o.redundant {
			cfg.Links = append(cfg.Links, telemetry.LinkConfig{Name: name + "b", URL: "udp-server:127.0.0.1:0", RedundantWith: name})
		}
	}
	st, err := station.Start(cfg)
	require.NoError(t, err)
	t.Cleanup(st.Close)
	addrs := st.Telemetry.Addrs()
	sc := sim.Config{Vehicles: o.vehicles, Speedup: o.speedup, Seed: 7, Cameras: o.cameras, Camera: o.camera, Scenario: o.scenario}
	if o.ais {
		sc.AISAddr = st.AISAddrs()[0]
	}
	for i := range o.links {
		name := fmt.Sprintf("l%d", i+1)
		lc := sim.LinkConfig{Paths: []string{"udp:" + addrs[name]}}
		if o.redundant {
			lc.Paths = append(lc.Paths, "udp:"+addrs[name+"b"])
		}
		sc.Links = append(sc.Links, lc)
	}
	s, err := sim.New(sc)
	require.NoError(t, err)
	require.NoError(t, s.Start())
	t.Cleanup(s.Close)
	return &world{st: st, sim: s}
}

// waitFor polls cond until it holds or the deadline passes. The deadline
// is generous: it catches a hang, it does not measure speed.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(d)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (w *world) ready(n int) func() bool {
	return func() bool {
		vs := w.st.Fleet.Vehicles()
		ok := 0
		for _, v := range vs {
			if v.HasPosition && v.GPS.Fix >= 3 && v.Home != nil {
				ok++
			}
		}
		return ok == n
	}
}

func TestTwentyVehiclesOnTwoLinksWithRepeatedSystemIDs(t *testing.T) {
	w := startWorld(t, worldOpts{vehicles: 20, links: 2, speedup: 5})
	waitFor(t, 30*time.Second, "20 vehicles", func() bool { return len(w.st.Fleet.IDs()) == 20 })
	ids := map[gcs.VehicleID]bool{}
	sysids := map[uint8]int{}
	for _, v := range w.st.Fleet.Vehicles() {
		ids[v.ID] = true
		sysids[v.SystemID]++
		require.Equal(t, "ardupilot", v.Autopilot)
		require.Equal(t, "quadrotor", v.Type)
		require.Empty(t, v.Conflict)
	}
	require.Len(t, ids, 20)
	for id := uint8(1); id <= 10; id++ {
		require.Equal(t, 2, sysids[id], "system id %d on both links", id)
	}
	require.True(t, ids["l1-1"] && ids["l2-1"] && ids["l2-10"])
}

func TestFleetTakeoffAndReturn(t *testing.T) {
	w := startWorld(t, worldOpts{vehicles: 6, links: 2, speedup: 10})
	waitFor(t, 30*time.Second, "6 vehicles ready", w.ready(6))
	// The landed state comes only because the station asks ArduPilot for
	// EXTENDED_SYS_STATE by id (it is in no stream group).
	landed := func(want string) func() bool {
		return func() bool {
			for _, v := range w.st.Fleet.Vehicles() {
				if v.Landed != want {
					return false
				}
			}
			return true
		}
	}
	waitFor(t, 10*time.Second, "all known on the ground", landed("on_ground"))
	ctx := context.Background()
	for _, r := range w.st.Commander.Do(ctx, nil, gcs.Command{Kind: gcs.CmdTakeoff, Altitude: 30}) {
		require.True(t, r.OK, "%s: %s", r.Vehicle, r.Error)
	}
	waitFor(t, 60*time.Second, "all at 30 m", func() bool {
		for _, v := range w.st.Fleet.Vehicles() {
			if v.Position.AltRel < 28.5 || !v.Armed || v.Landed != "in_air" {
				return false
			}
		}
		return true
	})
	// Move them a little so that the return is a real journey.
	for _, v := range w.st.Fleet.Vehicles() {
		r := w.st.Commander.Do(ctx, []gcs.VehicleID{v.ID}, gcs.Command{Kind: gcs.CmdGoTo, Lat: v.Position.Lat + 0.0008, Lon: v.Position.Lon, Altitude: 30})
		require.True(t, r[0].OK, r[0].Error)
	}
	waitFor(t, 60*time.Second, "all 80 m away", func() bool {
		for _, v := range w.st.Fleet.Vehicles() {
			if metres(v.Position, *v.Home) < 60 {
				return false
			}
		}
		return true
	})
	for _, r := range w.st.Commander.Do(ctx, nil, gcs.Command{Kind: gcs.CmdReturn}) {
		require.True(t, r.OK, "%s: %s", r.Vehicle, r.Error)
	}
	waitFor(t, 120*time.Second, "all home, landed and disarmed", func() bool {
		for _, v := range w.st.Fleet.Vehicles() {
			if v.Armed || metres(v.Position, *v.Home) > 5 || v.Position.AltRel > 1 || v.Landed != "on_ground" {
				return false
			}
		}
		return true
	})
}

func metres(a, b gcs.Position) float64 {
	const r = 6371000.0
	x := (b.Lon - a.Lon) * math.Pi / 180 * math.Cos(a.Lat*math.Pi/180)
	y := (b.Lat - a.Lat) * math.Pi / 180
	return r * math.Hypot(x, y)
}

func TestLinkCutIsDetectedAndRecovered(t *testing.T) {
	w := startWorld(t, worldOpts{vehicles: 2, links: 1, speedup: 1, timeout: 1500 * time.Millisecond})
	waitFor(t, 30*time.Second, "2 vehicles", func() bool { return len(w.st.Fleet.IDs()) == 2 })
	w.sim.CutPath(0, 0, 4*time.Second)
	lost := func(want bool) func() bool {
		return func() bool {
			v, _ := w.st.Fleet.Vehicle("l1-1")
			return v.LinkLost == want
		}
	}
	waitFor(t, 10*time.Second, "link loss noticed", lost(true))
	require.Contains(t, activeKinds(w.st.Fleet.Alerts(), "l1-1"), "link_lost")
	waitFor(t, 20*time.Second, "link found again", lost(false))
	require.NotContains(t, activeKinds(w.st.Fleet.Alerts(), "l1-1"), "link_lost")
}

func activeKinds(as []gcs.Alert, id gcs.VehicleID) []string {
	var out []string
	for _, a := range as {
		if a.Active && a.Vehicle == id {
			out = append(out, a.Kind)
		}
	}
	return out
}

func TestFailoverToSecondPathKeepsVehicleAlive(t *testing.T) {
	w := startWorld(t, worldOpts{vehicles: 2, links: 1, redundant: true, speedup: 1, timeout: 1500 * time.Millisecond})
	waitFor(t, 30*time.Second, "2 vehicles on two paths", func() bool {
		vs := w.st.Fleet.Vehicles()
		return len(vs) == 2 && len(vs[0].Paths) == 2 && len(vs[1].Paths) == 2
	})
	w.sim.CutPath(0, 0, 0)
	waitFor(t, 10*time.Second, "telemetry flowing on the second path before the first is declared down", func() bool {
		v, _ := w.st.Fleet.Vehicle("l1-1")
		return len(v.Paths) == 2 && v.Paths[1].Active && v.Paths[0].Up && time.Since(v.LastSeen) < 700*time.Millisecond
	})
	waitFor(t, 10*time.Second, "primary path down", func() bool {
		v, _ := w.st.Fleet.Vehicle("l1-1")
		return len(v.Paths) == 2 && !v.Paths[0].Up
	})
	v, _ := w.st.Fleet.Vehicle("l1-1")
	require.False(t, v.LinkLost, "the vehicle stays alive on its second path")
	require.Contains(t, activeKinds(w.st.Fleet.Alerts(), "l1-1"), "path_failover")
	// Orders go over the surviving path.
	r := w.st.Commander.Do(context.Background(), []gcs.VehicleID{"l1-1"}, gcs.Command{Kind: gcs.CmdSetMode, Mode: "LOITER"})
	require.True(t, r[0].OK, r[0].Error)
	waitFor(t, 10*time.Second, "mode LOITER", func() bool {
		v, _ := w.st.Fleet.Vehicle("l1-1")
		return v.Mode == "LOITER"
	})
	require.Len(t, w.st.Fleet.IDs(), 2, "still one vehicle per system id")
}

func TestRejectedCommandReturnsItsResult(t *testing.T) {
	w := startWorld(t, worldOpts{vehicles: 1, links: 1, speedup: 5})
	waitFor(t, 30*time.Second, "vehicle ready", w.ready(1))
	// GUIDED needs a position, so arming in it checks the GPS (as in ArduPilot).
	r := w.st.Commander.Do(context.Background(), []gcs.VehicleID{"l1-1"}, gcs.Command{Kind: gcs.CmdSetMode, Mode: "GUIDED"})
	require.True(t, r[0].OK, r[0].Error)
	w.sim.GPSLoss(0, time.Hour)
	waitFor(t, 10*time.Second, "GPS lost", func() bool {
		v, _ := w.st.Fleet.Vehicle("l1-1")
		return v.GPS.Fix < 3
	})
	r = w.st.Commander.Do(context.Background(), []gcs.VehicleID{"l1-1"}, gcs.Command{Kind: gcs.CmdArm})
	require.False(t, r[0].OK)
	var rej *gcs.RejectedError
	require.True(t, errors.As(r[0].Err, &rej), r[0].Error)
	require.NotNil(t, r[0].MAVResult)
	require.NotEqual(t, 0, *r[0].MAVResult)
	require.Contains(t, rej.Reason, "PreArm")
	// An unknown mode never reaches the vehicle.
	r = w.st.Commander.Do(context.Background(), []gcs.VehicleID{"l1-1"}, gcs.Command{Kind: gcs.CmdSetMode, Mode: "WARP"})
	require.ErrorIs(t, r[0].Err, gcs.ErrUnknownMode)
}

func TestRecordedTlogReplaysToTheSameFleet(t *testing.T) {
	dir := t.TempDir()
	w := startWorld(t, worldOpts{vehicles: 3, links: 1, speedup: 10, record: dir})
	waitFor(t, 30*time.Second, "3 vehicles ready", w.ready(3))
	r := w.st.Commander.Do(context.Background(), []gcs.VehicleID{"l1-2"}, gcs.Command{Kind: gcs.CmdTakeoff, Altitude: 20})
	require.True(t, r[0].OK, r[0].Error)
	waitFor(t, 30*time.Second, "l1-2 at 20 m", func() bool {
		v, _ := w.st.Fleet.Vehicle("l1-2")
		return v.Position.AltRel > 19
	})
	w.sim.Close()
	time.Sleep(300 * time.Millisecond) // let the last frames reach the recording
	live := w.st.Fleet.Vehicles()
	w.st.Close()

	files, err := filepath.Glob(filepath.Join(dir, "*.tlog"))
	require.NoError(t, err)
	require.Len(t, files, 1)
	info, err := os.Stat(files[0])
	require.NoError(t, err)
	require.Greater(t, info.Size(), int64(1000))

	rp, err := station.Start(station.Config{HTTPAddr: "127.0.0.1:0", Links: []telemetry.LinkConfig{{Name: "l1", URL: "tlog:" + files[0] + "?speed=0"}}})
	require.NoError(t, err)
	defer rp.Close()
	waitFor(t, 30*time.Second, "replayed fleet", func() bool {
		vs := rp.Fleet.Vehicles()
		if len(vs) != len(live) {
			return false
		}
		for i := range vs {
			if vs[i].Mode != live[i].Mode || vs[i].Armed != live[i].Armed || metres(vs[i].Position, live[i].Position) > 1 {
				return false
			}
		}
		return true
	})
}

// TestTCPClientToSITLStyleServer connects the station as a TCP client to a
// simulator serving its vehicles on one TCP port, as ArduPilot SITL serves
// 5760.
func TestTCPClientToSITLStyleServer(t *testing.T) {
	s, err := sim.New(sim.Config{Vehicles: 3, Speedup: 5, Links: []sim.LinkConfig{{Paths: []string{"tcp-server:127.0.0.1:0"}}}})
	require.NoError(t, err)
	require.NoError(t, s.Start())
	t.Cleanup(s.Close)
	st, err := station.Start(station.Config{HTTPAddr: "127.0.0.1:0", Links: []telemetry.LinkConfig{{Name: "sitl", URL: "tcp-client:" + s.TCPAddrs()[0]}}})
	require.NoError(t, err)
	t.Cleanup(st.Close)
	w := &world{st: st, sim: s}
	waitFor(t, 30*time.Second, "3 vehicles over TCP", w.ready(3))
	r := st.Commander.Do(context.Background(), []gcs.VehicleID{"sitl-2"}, gcs.Command{Kind: gcs.CmdTakeoff, Altitude: 10})
	require.True(t, r[0].OK, r[0].Error)
	waitFor(t, 30*time.Second, "sitl-2 at 10 m", func() bool {
		v, _ := st.Fleet.Vehicle("sitl-2")
		return v.Position.AltRel > 9.5
	})
	v, _ := st.Fleet.Vehicle("sitl-1")
	require.False(t, v.Armed, "only the addressed vehicle obeys")
}

// TestBatteryFailsafeRaisesAlertsAndReturns writes a parameter through the
// station so that the battery is "low" at once: the vehicle enters its
// failsafe and returns, and the station raises the alerts.
func TestBatteryFailsafeRaisesAlertsAndReturns(t *testing.T) {
	w := startWorld(t, worldOpts{vehicles: 1, links: 1, speedup: 10})
	waitFor(t, 30*time.Second, "vehicle ready", w.ready(1))
	ctx := context.Background()
	r := w.st.Commander.Do(ctx, []gcs.VehicleID{"l1-1"}, gcs.Command{Kind: gcs.CmdTakeoff, Altitude: 20})
	require.True(t, r[0].OK, r[0].Error)
	waitFor(t, 30*time.Second, "at 20 m", func() bool {
		v, _ := w.st.Fleet.Vehicle("l1-1")
		return v.Position.AltRel > 19
	})
	old, err := w.st.Telemetry.ReadParam(ctx, "l1-1", "BATT_LOW_VOLT")
	require.NoError(t, err)
	require.InDelta(t, 10.5, old, 0.01)
	require.NoError(t, w.st.Telemetry.WriteParam(ctx, "l1-1", "BATT_LOW_VOLT", 30))
	waitFor(t, 60*time.Second, "failsafe RTL", func() bool {
		v, _ := w.st.Fleet.Vehicle("l1-1")
		return v.Mode == "RTL"
	})
	waitFor(t, 10*time.Second, "failsafe alerts", func() bool {
		kinds := activeKinds(w.st.Fleet.Alerts(), "l1-1")
		return contains(kinds, "failsafe") && contains(kinds, "statustext")
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestWebsocketCarriesTheLiveFleet connects to the station's /ws as the
// console will: a snapshot of every vehicle, then live vehicle deltas.
func TestWebsocketCarriesTheLiveFleet(t *testing.T) {
	w := startWorld(t, worldOpts{vehicles: 3, links: 1, speedup: 5})
	waitFor(t, 30*time.Second, "3 vehicles", func() bool { return len(w.st.Fleet.IDs()) == 3 })
	c, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(w.st.URL, "http")+"ws", nil)
	require.NoError(t, err)
	defer c.Close()
	var msg struct {
		Type string          `json:"type"`
		Seq  int             `json:"seq"`
		Data json.RawMessage `json:"data"`
	}
	require.NoError(t, c.ReadJSON(&msg))
	require.Equal(t, "snapshot", msg.Type)
	require.Equal(t, 1, msg.Seq)
	var snap struct{ Vehicles []gcs.Vehicle }
	require.NoError(t, json.Unmarshal(msg.Data, &snap))
	require.Len(t, snap.Vehicles, 3)
	seen := map[gcs.VehicleID]bool{}
	for seq := 2; len(seen) < 3; seq++ {
		require.NoError(t, c.ReadJSON(&msg))
		require.Equal(t, seq, msg.Seq, "no gap")
		if msg.Type == "vehicle" || msg.Type == "vehicle_delta" {
			var v gcs.Vehicle
			require.NoError(t, json.Unmarshal(msg.Data, &v))
			seen[v.ID] = true
		}
	}
}
