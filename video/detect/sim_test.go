package detect

import (
	"fmt"
	"math"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
	"skerry/sim"
	"skerry/sim/scene"
)

// simPose is the gcs pose of a scene camera: the optical axis's bearing is
// the vehicle's heading plus the gimbal's yaw; scene cameras never roll.
func simPose(p scene.Pose, w, h int) *gcs.CameraPose {
	return &gcs.CameraPose{Lat: p.Lat, Lon: p.Lon, AltAMSL: p.Alt, Yaw: p.Heading + p.GimbalYaw,
		Pitch: p.GimbalPitch, HFOV: p.HFOV, Aspect: float64(w) / float64(h)}
}

// simCase is one scenario of the simulator measurement.
type simCase struct {
	alt, pitch float64
}

func (c simCase) String() string { return fmt.Sprintf("alt %.0f m pitch %.0f°", c.alt, c.pitch) }

// posesOver places a camera looking at v: straight above it (nadir), or
// south of it at the distance that puts it on the optical axis.
func posesOver(v scene.Vessel, c simCase) scene.Pose {
	back := c.alt / math.Tan(-c.pitch*math.Pi/180)
	if c.pitch <= -89.9 {
		back = 0
	}
	lat := v.Lat - back/111320
	return scene.Pose{Lat: lat, Lon: v.Lon, Alt: c.alt, Heading: 0, GimbalPitch: c.pitch, HFOV: 70}
}

// simTruth is scene truth as scoring boxes: vessels at least 12 px long
// and at least half in the frame count (as bench vessels scores);
// shorter ones, ships overflowing the frame and the time stamp are
// neutral.
func simTruth(ts []scene.Truth) []truthBox {
	out := []truthBox{{r: rect{0, 0, 420, 16}, neutral: true}}
	for _, t := range ts {
		b := t.Box
		r := rect{float64(b.Min.X), float64(b.Min.Y), float64(b.Max.X), float64(b.Max.Y)}
		out = append(out, truthBox{r: r, neutral: max(b.Dx(), b.Dy()) < 12 || t.Visible < 0.5})
	}
	return out
}

// TestSimulator renders the default scenario's vessels from 60 and 120 m,
// nadir and 45° down, a few seconds apart (one detector per camera), and
// logs precision, recall and F1 per scenario (IoU ≥ 0.3).
func TestSimulator(t *testing.T) {
	world, err := scene.NewWorld(sim.DefaultScenario(), 1)
	require.NoError(t, err)
	const W, H = 1280, 720
	r := scene.NewRenderer(world, W, H)
	img := r.NewFrame()
	epoch := time.Date(2026, 12, 6, 17, 0, 0, 0, time.UTC)
	var all, all2 tally
	cv := curve{}
	for _, c := range []simCase{{60, -90}, {120, -90}, {60, -45}, {120, -45}} {
		var tl, tl2 tally
		vessels := world.Vessels(0)
		for vi := range vessels {
			d := NewClassical(DefaultParams())
			p2 := DefaultParams()
			p2.MinHits = 2
			d2 := NewClassical(p2)
			for k := range 3 {
				at := time.Duration(k) * 2 * time.Second
				v := world.Vessels(at)[vi]
				pose := posesOver(v, c)
				truth := r.Render(img, pose, at, epoch.Add(at))
				boxes, err := d.Detect(Frame{Image: img, FullRange: true, Pose: simPose(pose, W, H), Captured: epoch.Add(at)})
				require.NoError(t, err)
				boxes2, err := d2.Detect(Frame{Image: img, FullRange: true, Pose: simPose(pose, W, H), Captured: epoch.Add(at)})
				require.NoError(t, err)
				if k > 0 {
					tl2.add(score(boxes2, simTruth(truth), 0.3))
				}
				st := score(boxes, simTruth(truth), 0.3)
				cv.add(boxes, simTruth(truth), 0.3)
				tl.add(st)
				if dir := os.Getenv("DETECT_DEBUG"); dir != "" && k == 0 && vi < 4 {
					name := fmt.Sprintf("s%03.0f%02.0f%02d", c.alt, -c.pitch, vi)
					writeDebug(t, dir, realFrame{name: name, img: img, truth: simTruth(truth)}, boxes)
					t.Logf("%s: %s", name, st)
				}
			}
		}
		t.Logf("sim %s, %d vessels × 3 frames: %s", c, len(vessels), tl)
		t.Logf("    seen in 2 frames (MinHits 2, frames 2–3): %s", tl2)
		all.add(tl)
		all2.add(tl2)
	}
	t.Logf("sim all: %s", all)
	t.Logf("sim all, MinHits 2: %s", all2)
	if os.Getenv("DETECT_CURVE") != "" {
		t.Logf("sim curve:%s", cv)
	}
	_, _, f1 := all.prf()
	require.Greater(t, f1, 0.9, "F1 regressed")
}

// TestTraceSim logs why blobs of one simulator frame were dropped
// (DETECT_SIM=vessel index).
func TestTraceSim(t *testing.T) {
	vs := os.Getenv("DETECT_SIM")
	if vs == "" {
		t.Skip("DETECT_SIM not set")
	}
	var vi int
	var alt, pitch float64
	_, err := fmt.Sscanf(vs, "%d:%g:%g", &vi, &alt, &pitch)
	require.NoError(t, err)
	world, err := scene.NewWorld(sim.DefaultScenario(), 1)
	require.NoError(t, err)
	r := scene.NewRenderer(world, 1280, 720)
	img := r.NewFrame()
	at := 340 * time.Second // as bench vessels flies
	v := world.Vessels(at)[vi]
	pose := posesOver(v, simCase{alt, pitch})
	if name := os.Getenv("DETECT_COND"); name != "" { // calm, glare, haze, rough
		cond, err := scene.ConditionFor(name, pose.Heading+pose.GimbalYaw, pose.GimbalPitch)
		require.NoError(t, err)
		r.Apply(cond)
	}
	truth := r.Render(img, pose, at, time.Now())
	if dir := os.Getenv("DETECT_DEBUG"); dir != "" {
		writeDebug(t, dir, realFrame{name: "simtrace", img: img, truth: simTruth(truth)}, nil)
	}
	d := NewClassical(DefaultParams())
	d.work.tracef = func(b *blob, why string) {
		s := d.work.scale
		if why == "keep" {
			l, wd, _, _ := b.axes()
			var sy, sc float64
			for j := b.y0; j < b.y1; j++ {
				for i := b.x0; i < b.x1; i++ {
					k := j*d.work.w + i
					sy += float64(d.work.y[k])
					sc += math.Hypot(float64(d.work.cb[k]), float64(d.work.cr[k]))
				}
			}
			n := float64((b.x1 - b.x0) * (b.y1 - b.y0))
			t.Logf("keep: box %.0f,%.0f %.0fx%.0f area %d maxZ %.1f meanZ %.1f L %.0f W %.0f fill %.2f glare %d Y %.0f C %.0f", float64(b.x0)*s, float64(b.y0)*s, float64(b.x1-b.x0)*s, float64(b.y1-b.y0)*s, b.area, b.maxZ, b.sumZ/float64(b.area), l, wd, float64(b.area)/(l*wd), b.glare, sy/n, sc/n)
			return
		}
		if b.area > 3 {
			t.Logf("%s: box %.0f,%.0f %.0fx%.0f area %d maxZ %.1f water %.2f", why, float64(b.x0)*s, float64(b.y0)*s, float64(b.x1-b.x0)*s, float64(b.y1-b.y0)*s, b.area, b.maxZ, d.work.waterAround(b))
		}
	}
	boxes, err := d.Detect(Frame{Image: img, FullRange: true, Pose: simPose(pose, 1280, 720)})
	require.NoError(t, err)
	t.Logf("%s %+v truth %+v", v.Type, v, truth)
	for _, b := range boxes {
		t.Logf("det %+v", b)
	}
	wat := 0
	for _, x := range d.work.water {
		if x {
			wat++
		}
	}
	t.Logf("water %.2f sigma %.1f", float64(wat)/float64(len(d.work.water)), d.work.sigma)
	ws := &d.work
	for _, tr := range truth {
		var zmax float32
		wn, n := 0, 0
		for j := tr.Box.Min.Y / 2; j < tr.Box.Max.Y/2; j++ {
			for i := tr.Box.Min.X / 2; i < tr.Box.Max.X/2; i++ {
				k := j*ws.w + i
				zmax = max(zmax, ws.z[k])
				if ws.water[k] {
					wn++
				}
				n++
			}
		}
		c := (tr.Box.Min.Y+tr.Box.Max.Y)/4*ws.w + (tr.Box.Min.X+tr.Box.Max.X)/4
		t.Logf("truth box: zmax %.1f water %d/%d centre y %.0f cb %.0f cr %.0f", zmax, wn, n, ws.y[c], ws.cb[c], ws.cr[c])
		c = 100*ws.w + 100
		t.Logf("sea: y %.0f cb %.0f cr %.0f sd %.1f", ws.y[c], ws.cb[c], ws.cr[c], ws.sdScratch[c])
	}
}
