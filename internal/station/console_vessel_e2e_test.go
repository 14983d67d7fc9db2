package station_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/internal/browsertest"
	"skerry/sim"
	"skerry/sim/scene"
)

// TestConsoleShowsTheBoatTheCameraFinds is the vessel story end to end,
// in the browser, with nothing faked: a station (video ingest and
// detection on) and the simulator over loopback, one camera drone beside a
// fishing boat looking at it, and headless Chromium on the real console.
// vesselsim.test.mjs checks that the drone's video plays with detection
// boxes over the boat where the simulator drew it, that the contact is on
// the map and in the list where the simulator says the boat is, and that
// the contact's picture loads and names the drone. The simulator's ground
// truth (the camera's last frame: the boxes of the boats in it, every
// boat's position) reaches the script from a test server of its own, a
// side channel the station never reads.
func TestConsoleShowsTheBoatTheCameraFinds(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are not short")
	}
	needTool(t, "ffmpeg")
	tools := browsertest.Find(t)
	const seed = 7
	scenario, boat := scenarioBesideVessel(t, seed)
	// simulated time runs 4× (the climb takes seconds); the picture is a
	// small one at the rate the station samples it
	w := startWorld(t, worldOpts{vehicles: 1, links: 1, cameras: 1, data: t.TempDir(), scenario: scenario, speedup: 4,
		camera: sim.CameraConfig{Width: 640, Height: 360, FPS: 10}})
	id := gcs.VehicleID("l1-1")
	waitFor(t, 60*time.Second, "the camera playing", func() bool { _, ok := streamOf(w, id); return ok })
	base := strings.TrimSuffix(w.st.URL, "/")
	post(t, base+"/api/commands", `{"targets":["l1-1"],"command":{"kind":"takeoff","altitude":80}}`, http.StatusOK)
	waitFor(t, 60*time.Second, "the drone at 70 m", func() bool {
		v, _ := w.st.Fleet.Vehicle(id)
		return v.Position.AltRel > 70
	})
	post(t, base+"/api/commands", fmt.Sprintf(`{"targets":["l1-1"],"command":{"kind":"look_at","lat":%f,"lon":%f}}`, boat.Lat, boat.Lon), http.StatusOK)
	b, err := os.ReadFile(scenario)
	require.NoError(t, err)
	world, err := scene.NewWorld(b, seed)
	require.NoError(t, err)
	keepLooking(t, w, world, id, boat.ID)

	truth := httptest.NewServer(truthHandler(w.sim, world))
	t.Cleanup(truth.Close)
	tools.Run(t, w.st.URL, 3*time.Minute, []string{"SKERRY_TRUTH=" + truth.URL, "SKERRY_VEHICLE=" + string(id), "SKERRY_BOAT=" + boat.ID},
		"vesselsim.test.mjs")
}

// frameTruth is the simulator's truth as the browser script reads it.
type frameTruth struct {
	Width    int           `json:"width"`
	Height   int           `json:"height"`
	Captured time.Time     `json:"captured"`
	InFrame  []truthVessel `json:"in_frame"` // the boats in the camera's last frame, with their boxes
	Vessels  []truthVessel `json:"vessels"`  // every boat, where it is at that frame's time
}

type truthVessel struct {
	ID    string  `json:"id"`
	Lat   float64 `json:"lat"`
	Lon   float64 `json:"lon"`
	Box   [4]int  `json:"box,omitzero"` // x, y, w, h in the frame's pixels
	Range float64 `json:"range,omitzero"`
}

// keepLooking points the drone's gimbal at the boat again every few
// seconds until the test ends, as the demo's watcher does: the boat
// drifts, and the gimbal holds a point, not the boat.
func keepLooking(t *testing.T, w *world, sc *scene.World, id gcs.VehicleID, boat string) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	t.Cleanup(func() { cancel(); <-done })
	go func() {
		defer close(done)
		tick := time.NewTicker(3 * time.Second)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			ft, ok := w.sim.Truth(0)
			if !ok {
				continue
			}
			for _, v := range sc.Vessels(ft.SimTime) {
				if v.ID == boat {
					w.st.Commander.Do(ctx, []gcs.VehicleID{id}, gcs.Command{Kind: gcs.CmdLookAt, Lat: v.Lat, Lon: v.Lon})
				}
			}
		}
	}()
}

// truthHandler serves GET / with the truth of vehicle 0's camera's last
// frame (503 before the first) and where the world's boats are then.
func truthHandler(s *sim.Sim, world *scene.World) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) {
		ft, ok := s.Truth(0)
		if !ok {
			http.Error(rw, "no frame yet", http.StatusServiceUnavailable)
			return
		}
		out := frameTruth{Width: ft.Width, Height: ft.Height, Captured: ft.Captured, InFrame: []truthVessel{}}
		for _, v := range ft.Vessels {
			r := v.Box
			out.InFrame = append(out.InFrame, truthVessel{ID: v.VesselID, Lat: v.Lat, Lon: v.Lon,
				Box: [4]int{r.Min.X, r.Min.Y, r.Dx(), r.Dy()}, Range: v.Range})
		}
		for _, v := range world.Vessels(ft.SimTime) {
			out.Vessels = append(out.Vessels, truthVessel{ID: v.ID, Lat: v.Lat, Lon: v.Lon})
		}
		rw.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(rw).Encode(out)
	})
}
