package station_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/internal/browsertest"
	"skerry/sim"
	"skerry/sim/scene"
	"skerry/video/decode"
)

// TestConsoleShowsTheBoatTheCameraFinds is the vessel story end to end,
// in the browser, with nothing faked: a station (video ingest and
// detection on) and the simulator over loopback, one camera drone that
// takes off beside a fishing boat and keeps it in view as the demo's
// watcher does, and headless Chromium on the real console.
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
	tools := browsertest.Find(t)
	const seed = 7
	scenario, boat := scenarioBesideVessel(t, seed)
	// simulated time runs 4× (the climb takes seconds); the picture is a
	// small one at the rate the station samples it
	const speedup = 4
	w := startWorld(t, worldOpts{vehicles: 1, links: 1, cameras: 1, data: t.TempDir(), scenario: scenario, speedup: speedup,
		camera: sim.CameraConfig{Width: 640, Height: 360, FPS: 10, Codec: testCodec()}})
	id := gcs.VehicleID("l1-1")
	waitFor(t, 60*time.Second, "the camera playing", func() bool { _, ok := streamOf(w, id); return ok })
	base := strings.TrimSuffix(w.st.URL, "/")
	post(t, base+"/api/commands", `{"targets":["l1-1"],"command":{"kind":"takeoff","altitude":80}}`, http.StatusOK)
	waitFor(t, 60*time.Second, "the drone at 70 m", func() bool {
		v, _ := w.st.Fleet.Vehicle(id)
		return v.Position.AltRel > 70
	})
	b, err := os.ReadFile(scenario)
	require.NoError(t, err)
	world, err := scene.NewWorld(b, seed)
	require.NoError(t, err)
	watchBoat(t, w, world, id, boat.ID)

	truth := httptest.NewServer(truthHandler(w.sim, world, speedup))
	t.Cleanup(truth.Close)
	tools.Run(t, w.st.URL, 3*time.Minute, []string{"SKERRY_TRUTH=" + truth.URL, "SKERRY_VEHICLE=" + string(id), "SKERRY_BOAT=" + boat.ID},
		"vesselsim.test.mjs")
}

// testCodec is H.264, as the demo streams, where ffmpeg encodes it and
// this build decodes it; MJPEG (pure Go at both ends) otherwise, so that
// the test runs in a build without libavcodec too.
func testCodec() string {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		return sim.CodecMJPEG
	}
	d, err := decode.New(decode.H264, nil)
	if err != nil {
		return sim.CodecMJPEG
	}
	_ = d.Close()
	return sim.CodecH264
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

// watchBoat keeps the drone on the boat until the test ends, as the
// demo's watcher does (internal/demo/watch.go): every two seconds it
// points the gimbal at the boat again, and when the boat has moved it
// flies to stand 150 m south of it at 80 m. The simulator says where the
// boat is; the station has to find it in the pictures.
func watchBoat(t *testing.T, w *world, sc *scene.World, id gcs.VehicleID, boat string) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	t.Cleanup(func() { cancel(); <-done })
	go func() {
		defer close(done)
		tick := time.NewTicker(2 * time.Second)
		defer tick.Stop()
		var stand gcs.Position
		for {
			for _, v := range sc.Vessels(w.sim.SimTime()) {
				if v.ID != boat {
					continue
				}
				to := gcs.Position{Lat: v.Lat - 150.0/111320, Lon: v.Lon}
				if metres(to, stand) > 30 {
					stand = to
					w.st.Commander.Do(ctx, []gcs.VehicleID{id}, gcs.Command{Kind: gcs.CmdGoTo, Lat: to.Lat, Lon: to.Lon, Altitude: 80})
				}
				w.st.Commander.Do(ctx, []gcs.VehicleID{id}, gcs.Command{Kind: gcs.CmdLookAt, Lat: v.Lat, Lon: v.Lon})
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
}

// truthHandler serves GET / with the truth of vehicle 0's camera's last
// frame (503 before the first) and where the world's boats are then, or,
// with ?at=TIME (RFC 3339), where they were at that wall-clock time.
func truthHandler(s *sim.Sim, world *scene.World, speedup float64) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		ft, ok := s.Truth(0)
		if !ok {
			http.Error(rw, "no frame yet", http.StatusServiceUnavailable)
			return
		}
		simT := ft.SimTime
		if q := r.URL.Query().Get("at"); q != "" {
			at, err := time.Parse(time.RFC3339Nano, q)
			if err != nil {
				http.Error(rw, err.Error(), http.StatusBadRequest)
				return
			}
			simT = s.SimTime() - time.Duration(float64(time.Since(at))*speedup)
		}
		out := frameTruth{Width: ft.Width, Height: ft.Height, Captured: ft.Captured, InFrame: []truthVessel{}}
		for _, v := range ft.Vessels {
			b := v.Box
			out.InFrame = append(out.InFrame, truthVessel{ID: v.VesselID, Lat: v.Lat, Lon: v.Lon,
				Box: [4]int{b.Min.X, b.Min.Y, b.Dx(), b.Dy()}, Range: v.Range})
		}
		for _, v := range world.Vessels(simT) {
			out.Vessels = append(out.Vessels, truthVessel{ID: v.ID, Lat: v.Lat, Lon: v.Lon})
		}
		rw.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(rw).Encode(out)
	})
}
