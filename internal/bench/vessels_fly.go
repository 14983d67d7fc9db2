package bench

import (
	"context"
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"time"

	"skerry/gcs"
	"skerry/sim/scene"
	"skerry/video/detect"
	"skerry/video/track"
)

// flyer flies flights: one renderer and frame, reused.
type flyer struct {
	world *scene.World
	cfg   VesselsConfig
	r     *scene.Renderer
	img   *image.YCbCr
	boats []scene.Vessel
}

func newFlyer(w *scene.World, cfg VesselsConfig) *flyer {
	r := scene.NewRenderer(w, cfg.Width, cfg.Height)
	return &flyer{world: w, cfg: cfg, r: r, img: r.NewFrame()}
}

// epoch is the benchmark's wall clock at simulated time 0.
var epoch = time.Date(2026, 12, 6, 17, 0, 0, 0, time.UTC)

// fly flies one flight and scores it.
func (fl *flyer) fly(ctx context.Context, c VesselCase, f flight) (acc, error) {
	var a acc
	cfg := fl.cfg
	W, H := cfg.Width, cfg.Height
	n := int(cfg.Seconds*cfg.SampleFPS + 0.5)
	// The glare's sun stands ahead of the camera as it looks mid-flight.
	_, mid := frameAt(f.start, n/2, cfg.SampleFPS)
	mp := f.truePose(fl.world.Vessels(mid)[f.target], cfg.Seconds/2, cfg.Seconds)
	cond, err := scene.ConditionFor(c.Condition, mp.Heading+mp.GimbalYaw, mp.GimbalPitch)
	if err != nil {
		return a, err
	}
	fl.r.Apply(cond)
	p := detect.DefaultParams()
	p.MinHits = 2 // as the station's streams (internal/station)
	det := detect.NewClassical(p)
	tr := track.NewTracker(track.Config{NoSnapshots: true, IDPrefix: "b"})
	nz := noise{rng: rand.New(rand.NewPCG(uint64(cfg.Seed)+7, uint64(f.target)<<8|uint64(f.start))), sigma: cfg.Noise}
	var ids idLog
	seen := map[string]bool{}
	for i := range n {
		if err := ctx.Err(); err != nil {
			return a, err
		}
		t, simT := frameAt(f.start, i, cfg.SampleFPS)
		fl.boats = fl.world.Vessels(simT)
		pose := f.truePose(fl.boats[f.target], t, cfg.Seconds)
		captured := epoch.Add(simT)
		truth := fl.r.Render(fl.img, pose, simT, captured)
		nz.step(1 / cfg.SampleFPS)
		sp := nz.stationPose(pose, W, H)
		boxes, err := det.Detect(detect.Frame{Image: fl.img, FullRange: true, Pose: &sp, Captured: captured})
		if err != nil {
			return a, fmt.Errorf("bench vessels: %s: detect: %w", c, err)
		}
		tf := track.Frame{Vehicle: "bench", Stream: "camera", Captured: captured, Width: W, Height: H, Pose: &sp,
			Detections: make([]track.Detection, len(boxes))}
		for k, b := range boxes {
			tf.Detections[k].Box = b
			tf.Detections[k].Fix, tf.Detections[k].Placed = track.Geolocate(sp, b, W, H, track.DefaultPoseError)
		}
		out, _ := tr.Add(tf)
		contacts := map[gcs.VesselID]gcs.Vessel{}
		for _, v := range tr.Contacts() {
			contacts[v.ID] = v
		}
		if cfg.DebugDir != "" && i == n/2 {
			name := fmt.Sprintf("%s-%s", c, fl.boats[f.target].ID)
			if err := writeDebug(cfg.DebugDir, name, fl.img, truth, boxes); err != nil {
				return a, err
			}
		}
		tl, hit := match(boxes, truth)
		if cfg.Trace != nil {
			fmt.Fprintf(cfg.Trace, "%s %s frame %d: %+v truth %v boxes %v placed %v\n", c, fl.boats[f.target].ID, i, tl, truthBoxes(truth), boxes,
				placements(tf.Detections, out.Boxes, fl.boats[f.target]))
		}
		if cfg.DumpDir != "" && (cfg.DumpAll || tl.fp > 0 || tl.fn > 0) {
			if err := writeDump(cfg.DumpDir, dumpIn{c: c, vessel: fl.boats[f.target].ID, frame: i, captured: captured, img: fl.img,
				pose: sp, truth: truth, boxes: boxes, dets: tf.Detections, out: out, tl: tl, hit: hit}); err != nil {
				return a, err
			}
		}
		a.t.add(tl)
		a.frames++
		for k, tv := range truth {
			if !counts(tv) {
				continue
			}
			seen[tv.VesselID] = true
			di := hit[k]
			if di < 0 {
				continue
			}
			if d := tf.Detections[di]; d.Placed {
				a.fix = append(a.fix, metresBetween(d.Fix.Lat, d.Fix.Lon, tv.Lat, tv.Lon))
			}
			id := out.Boxes[di].Vessel
			ids.see(tv.VesselID, id)
			if v, ok := contacts[id]; ok && id != "" {
				a.geo = append(a.geo, metresBetween(v.Lat, v.Lon, tv.Lat, tv.Lon))
			}
		}
	}
	a.vessels = len(seen)
	a.tracks = len(ids.last)
	a.switches = ids.switches
	return a, nil
}

// truthBoxes lists the true boxes of a frame for a trace: id, box, and
// whether it counts.
func truthBoxes(ts []scene.Truth) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = fmt.Sprintf("%s %v counts %v", t.VesselID, t.Box, counts(t))
	}
	return out
}

// placements lists a frame's detections for a trace: the contact id each
// got, and where its fix lies from the target boat (east, north, metres)
// with its stated error.
func placements(ds []track.Detection, boxes []gcs.DetectionBox, target scene.Vessel) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		if !d.Placed {
			out[i] = string(boxes[i].Vessel) + " unplaced"
			continue
		}
		dn := (d.Fix.Lat - target.Lat) * metresPerDeg
		de := (d.Fix.Lon - target.Lon) * metresPerDeg * math.Cos(target.Lat*math.Pi/180)
		out[i] = fmt.Sprintf("%s %+.0f,%+.0f±%.0f", boxes[i].Vessel, de, dn, d.Fix.ErrorM)
	}
	return out
}
