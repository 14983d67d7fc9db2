package video

import (
	"context"
	"math"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/sim/scene"
	"skerry/video/detect"
	"skerry/video/track"
)

// contactLog is a ContactSink that keeps everything.
type contactLog struct {
	mu      sync.Mutex
	updates []gcs.VesselUpdate
	dets    []gcs.Detections
}

func (c *contactLog) Update(u gcs.VesselUpdate) {
	c.mu.Lock()
	c.updates = append(c.updates, u)
	c.mu.Unlock()
}
func (c *contactLog) Detected(d gcs.Detections) {
	c.mu.Lock()
	c.dets = append(c.dets, d)
	c.mu.Unlock()
}

// truthDetector "detects" the simulator's truth boxes of the frame it is
// handed (the test renders each frame just before): the pipeline's
// geolocation and tracking are measured alone.
type truthDetector struct {
	truth []scene.Truth
	seen  *[][]scene.Truth // every frame's truth, in order
}

func (d *truthDetector) Detect(f detect.Frame) ([]detect.Box, error) {
	*d.seen = append(*d.seen, d.truth)
	out := make([]detect.Box, 0, len(d.truth))
	for _, tr := range d.truth {
		b := tr.Box
		out = append(out, detect.Box{X: float64(b.Min.X), Y: float64(b.Min.Y), W: float64(b.Dx()), H: float64(b.Dy()), Score: 0.9})
	}
	return out, nil
}

// follower is a drone keeping station off a vessel (offset metres east
// and north of it), its gimbal on it.
type follower struct {
	id            gcs.VehicleID
	vessel        string
	east, north   float64
	alt, pitch    float64
	sweep         float64 // the gimbal's yaw sweeps ± this many degrees across the vessel
	bias          float64 // degrees added to the reported gimbal pitch and yaw (calibration)
	det           *truthDetector
	r             *scene.Renderer
	seen          [][]scene.Truth
	latency       time.Duration
	analyst       *analyst
	lastTelemetry time.Time
	lastObserved  time.Time // the newest telemetry sent
}

const (
	sweepPeriod  = 8 // seconds
	pipeW, pipeH = 640, 360
	pipeHFOV     = 70
)

var pipeT0 = time.Date(2026, 12, 6, 18, 0, 0, 0, time.UTC)

// pose is the drone's true camera pose at simulated time sec.
func (fl *follower) pose(w *scene.World, sec float64) scene.Pose {
	v := vesselAt(w, fl.vessel, sec)
	lat := v.Lat + fl.north/111319.49
	lon := v.Lon + fl.east/(111319.49*math.Cos(v.Lat*math.Pi/180))
	yaw := math.Mod(math.Atan2(-fl.east, -fl.north)*180/math.Pi+fl.sweep*math.Sin(2*math.Pi*sec/sweepPeriod)+360, 360) // at the vessel, or sweeping across it
	return scene.Pose{Lat: lat, Lon: lon, Alt: fl.alt, Heading: yaw, GimbalPitch: fl.pitch, HFOV: pipeHFOV}
}

func vesselAt(w *scene.World, id string, sec float64) scene.Vessel {
	vs := w.Vessels(time.Duration(sec * float64(time.Second)))
	i := slices.IndexFunc(vs, func(v scene.Vessel) bool { return v.ID == id })
	return vs[i]
}

// TestPipelineAgainstTruth flies three drones off two vessels (two on
// the same fishing boat from different sides and heights, their gimbals
// reporting angles 1° off in opposite directions, one beside a
// fast RIB, its gimbal sweeping ±80° across it so that the RIB leaves the
// frame for a second or so every 4 s), renders their frames, sends their telemetry through a real
// fleet and event stream (position at 10 Hz, attitude at 4 Hz, gimbal at
// 5 Hz) and their frames, a video latency after capture, through the
// analysis pipeline with the truth as detector, with the scenario's land
// (no boat is land: none of the truth boxes, the RIB's cut by the frame's
// edge included, is dropped). It reports the contacts' errors against
// the truth and counts id switches.
func TestPipelineAgainstTruth(t *testing.T) {
	data, err := os.ReadFile("../sim/scenario/algeciras.geojson")
	require.NoError(t, err)
	world, err := scene.NewWorld(data, 1)
	require.NoError(t, err)

	events := &gcs.Events{}
	fleet := &gcs.Fleet{Events: events}
	require.NoError(t, fleet.Initialize())
	defer fleet.Close()
	sink := &contactLog{}
	fls := []*follower{
		{id: "d1", vessel: "fishing-punta", north: -120, east: 10, alt: 120, pitch: -45, bias: 1},
		{id: "d2", vessel: "fishing-punta", east: 50, north: 5, alt: 60, pitch: -50, bias: -1},
		{id: "d3", vessel: "rib-runner", east: -100, north: -60, alt: 120, pitch: -45, sweep: 80},
	}
	next := 0
	land, err := gcs.ParseLand(data)
	require.NoError(t, err)
	m := &Manager{Events: events, Contacts: sink, Land: land, NewDetector: func() detect.Detector {
		fl := fls[next]
		next++
		fl.det = &truthDetector{seen: &fl.seen}
		return fl.det
	}}
	m.setDefaults()
	require.NoError(t, m.startAnalysis())
	defer m.analysis.stop()
	ctx := context.Background()
	for _, fl := range fls {
		fl.r = scene.NewRenderer(world, pipeW, pipeH)
		fleet.Observe(gcs.Observation{Vehicle: fl.id, Link: "test", SystemID: 1, At: pipeT0,
			Update: gcs.Identity{Type: "quadrotor", Autopilot: "ardupilot", Mode: "GUIDED", SystemStatus: "active"}})
		fleet.Observe(gcs.Observation{Vehicle: fl.id, At: pipeT0, Update: gcs.CameraUpdate{Camera: gcs.VehicleCamera{Component: 100,
			Streams: []gcs.VideoStream{{Key: "c100s1", ID: 1, HFOV: pipeHFOV, Width: pipeW, Height: pipeH, Source: "mavlink"}}}}})
		fl.analyst = m.newAnalyst(fl.id, "c100s1")
		fl.latency = 150 * time.Millisecond
		fl.lastTelemetry = pipeT0.Add(-50 * time.Millisecond)
	}
	const dur, fps = 30.0, 5.0
	tick := 50 * time.Millisecond
	for k := 0; float64(k) < dur*fps; k++ {
		captured := time.Duration(float64(k)/fps*float64(time.Second)) + 37*time.Millisecond
		for _, fl := range fls {
			// Telemetry up to the frame's arrival.
			for at := fl.lastTelemetry.Add(tick); at.Sub(pipeT0) <= captured+fl.latency; at = at.Add(tick) {
				fl.telemetry(fleet, world, at)
				fl.lastTelemetry = at
			}
			waitPose(t, m.analysis, fl.id, fl.lastObserved)
			sec := captured.Seconds()
			img := fl.r.NewFrame() // frames are never reused: the tracker reads them later
			fl.det.truth = fl.r.Render(img, fl.pose(world, sec), captured, pipeT0.Add(captured))
			fl.analyst.analyze(ctx, Frame{Vehicle: fl.id, Stream: "c100s1", Captured: pipeT0.Add(captured), Image: img})
		}
	}
	// Drain: one more pose round trip means every frame was tracked.
	waitPose(t, m.analysis, "d1", fls[0].lastObserved)

	sink.mu.Lock()
	defer sink.mu.Unlock()
	// Ids per vessel, from the frames' boxes (in the detector's order).
	ids := map[string][]gcs.VesselID{} // per vessel, its contacts
	seq := map[string][]gcs.VesselID{} // per vessel and camera, its ids in order: changes are id switches
	perStream := map[gcs.VehicleID]int{}
	boxes, assigned := 0, 0
	for _, d := range sink.dets {
		fl := fls[slices.IndexFunc(fls, func(f *follower) bool { return f.id == d.Vehicle })]
		truth := fl.seen[perStream[d.Vehicle]]
		perStream[d.Vehicle]++
		require.Len(t, d.Boxes, len(truth))
		for i, b := range d.Boxes {
			boxes++
			if b.Vessel == "" {
				continue
			}
			assigned++
			v := truth[i].VesselID
			if !slices.Contains(ids[v], b.Vessel) {
				ids[v] = append(ids[v], b.Vessel)
			}
			k := v + "@" + string(d.Vehicle)
			if q := seq[k]; len(q) == 0 || q[len(q)-1] != b.Vessel {
				seq[k] = append(q, b.Vessel)
			}
		}
	}
	switches := 0
	for v, l := range ids {
		t.Logf("%s: contacts %v", v, l)
	}
	for _, q := range seq {
		switches += len(q) - 1
	}
	// Contact errors: each update against its vessel's truth at LastSeen.
	owner := map[gcs.VesselID]string{}
	for v, l := range ids {
		for _, id := range l {
			owner[id] = v
		}
	}
	var posErr []float64
	last := map[gcs.VesselID]gcs.Vessel{}
	snapshots := 0
	for _, u := range sink.updates {
		v := u.Vessel
		last[v.ID] = v
		if u.Snapshot != nil {
			snapshots++
		}
		tv := vesselAt(world, owner[v.ID], v.LastSeen.Sub(pipeT0).Seconds())
		posErr = append(posErr, track.Distance(v.Lat, v.Lon, tv.Lat, tv.Lon))
	}
	slices.Sort(posErr)
	t.Logf("frames of the RIB without it: %d of %d", framesWithout(fls[2].seen, "rib-runner"), len(fls[2].seen))
	t.Logf("boxes %d, assigned to contacts %d; id switches %d; updates %d (%d with a snapshot); contact position error median %.1f m, p90 %.1f m",
		boxes, assigned, switches, len(sink.updates), snapshots, posErr[len(posErr)/2], posErr[len(posErr)*9/10])
	for id, v := range last {
		tv := vesselAt(world, owner[id], v.LastSeen.Sub(pipeT0).Seconds())
		t.Logf("%s (%s): course %.0f° (true %.0f°), speed %.1f m/s (true %.1f), length %.0f m (true %.0f), error σ %.1f m, seen by %d",
			id, owner[id], v.Course, tv.Heading, v.Speed, tv.Speed, v.Length, tv.Length, v.ErrorM, len(v.SeenBy))
	}
	require.Equal(t, AnalysisStats{}, m.AnalysisStats(), "no boat dropped as land")
	require.Len(t, ids, 2, "both vessels became contacts")
	require.Len(t, ids["fishing-punta"], 1, "two drones, one boat: one contact")
	require.Zero(t, switches)
	require.Less(t, posErr[len(posErr)/2], 15.0)
	punta := last[ids["fishing-punta"][0]]
	require.Len(t, punta.SeenBy, 2)
	require.InDelta(t, 0, angleDiff(float64(punta.Course), 0), 10)
}

func angleDiff(a, b float64) float64 { return math.Mod(math.Mod(a-b+180, 360)+360, 360) - 180 }

// telemetry sends what the drone's autopilot and gimbal report at at:
// position at 10 Hz, attitude at 4 Hz, gimbal at 5 Hz.
func (fl *follower) telemetry(fleet *gcs.Fleet, w *scene.World, at time.Time) {
	since := at.Sub(pipeT0)
	p := fl.pose(w, since.Seconds())
	ms := since.Milliseconds()
	if ms%100 == 0 || ms%250 == 0 {
		fl.lastObserved = at
	}
	if ms%100 == 0 {
		fleet.Observe(gcs.Observation{Vehicle: fl.id, At: at, Update: gcs.GlobalPosition{
			Position: gcs.Position{Lat: p.Lat, Lon: p.Lon, AltAMSL: p.Alt, AltRel: p.Alt}, Heading: gcs.Reading(p.Heading)}})
	}
	if ms%250 == 0 {
		fleet.Observe(gcs.Observation{Vehicle: fl.id, At: at, Update: gcs.AttitudeUpdate{Attitude: gcs.Attitude{Roll: 0, Pitch: 0, Yaw: gcs.Reading(p.Heading)}}})
	}
	if ms%200 == 0 {
		fleet.Observe(gcs.Observation{Vehicle: fl.id, At: at, Update: gcs.GimbalUpdate{Gimbal: gcs.Gimbal{Component: 154,
			Pitch: gcs.Reading(p.GimbalPitch + fl.bias), Yaw: 0, YawEarth: gcs.Reading(math.Mod(p.Heading+fl.bias+360, 360)), At: at}}})
	}
}

// waitPose waits until the pipeline's pose history has the vehicle's
// state as of at.
func waitPose(t *testing.T, a *analysis, id gcs.VehicleID, at time.Time) {
	t.Helper()
	require.Eventually(t, func() bool {
		p, ok := a.pose(context.Background(), id, "c100s1", at, pipeW, pipeH)
		return ok && p.Age == 0
	}, 5*time.Second, time.Millisecond)
}

func framesWithout(seen [][]scene.Truth, id string) int {
	n := 0
	for _, tr := range seen {
		if !slices.ContainsFunc(tr, func(x scene.Truth) bool { return x.VesselID == id }) {
			n++
		}
	}
	return n
}
