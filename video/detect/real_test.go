package detect

import (
	"image/color"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

func colorRGBToYCbCr(r, g, b uint8) (uint8, uint8, uint8) { return color.RGBToYCbCr(r, g, b) }

// realPose is the aerial-maritime camera: 122 m up, straight down, 4:3
// frames stretched to square (8.6 cm/px across, 6.4 cm/px down on 2048 px).
func realPose() *gcs.CameraPose {
	return &gcs.CameraPose{Lat: 45, Lon: -93, AltAMSL: 122, Pitch: -90, HFOV: 71.7, Aspect: 4.0 / 3}
}

// TestRealImagery runs the detector with DefaultParams over the 49 real
// frames, one detector for the flight (consecutive frames), and logs
// precision, recall and F1 for vessels on water (IoU ≥ 0.3).
func TestRealImagery(t *testing.T) {
	frames, err := loadReal()
	require.NoError(t, err)
	require.Len(t, frames, 49)
	for _, withPose := range []bool{true, false} {
		d := NewClassical(DefaultParams())
		var all, open tally
		cv := curve{}
		for _, fr := range frames {
			f := Frame{Image: fr.img, FullRange: true}
			if withPose {
				f.Pose = realPose()
			}
			boxes, err := d.Detect(f)
			require.NoError(t, err)
			tl := score(boxes, fr.truth, 0.3)
			if withPose && os.Getenv("DETECT_MISSES") != "" {
				logMisses(t, fr, boxes)
			}
			all.add(tl)
			cv.add(boxes, fr.truth, 0.3)
			open.add(openWater(boxes, fr.truth))
			if os.Getenv("DETECT_VERBOSE") != "" && withPose {
				t.Logf("%s: %s", fr.name[:8], tl)
			}
			if dir := os.Getenv("DETECT_DEBUG"); dir != "" && withPose {
				writeDebug(t, dir, fr, boxes)
			}
		}
		t.Logf("real aerial-maritime, 49 frames, pose %v: %s", withPose, all)
		t.Logf("    vessels clear of docks and lifts: recall %d/%d", open.tp, open.tp+open.fn)
		if os.Getenv("DETECT_CURVE") != "" {
			t.Logf("real curve:%s", cv)
		}
		p, r, _ := all.prf()
		require.Greater(t, r, 0.15, "recall regressed")
		require.Greater(t, p, 0.2, "precision regressed")
	}
}

// TestTraceOne logs why blobs of one frame (DETECT_FRAME) were dropped.
func TestTraceOne(t *testing.T) {
	name := os.Getenv("DETECT_FRAME")
	if name == "" {
		t.Skip("DETECT_FRAME not set")
	}
	frames, err := loadReal()
	require.NoError(t, err)
	for _, fr := range frames {
		if fr.name[:8] != name {
			continue
		}
		d := NewClassical(DefaultParams())
		d.work.tracef = func(b *blob, why string) {
			s := d.work.scale
			if b.area > 3 {
				cb, cr, rough := d.work.appearance(b)
				t.Logf("%s: box %.0f,%.0f %.0fx%.0f area %d maxZ %.1f water %.2f cb %.0f cr %.0f rough %.1f", why, float64(b.x0)*s, float64(b.y0)*s, float64(b.x1-b.x0)*s, float64(b.y1-b.y0)*s, b.area, b.maxZ, d.work.waterAround(b), cb, cr, rough)
			}
		}
		boxes, err := d.Detect(Frame{Image: fr.img, FullRange: true, Pose: realPose()})
		require.NoError(t, err)
		ws := &d.work
		t.Logf("sigma %.1f scale %.0f", ws.sigma, ws.scale)
		for _, tb := range fr.truth {
			var zmax float32
			wn, n := 0, 0
			s := ws.scale
			for j := int(tb.r.y0 / s); j < int(tb.r.y1/s); j++ {
				for i := int(tb.r.x0 / s); i < int(tb.r.x1/s); i++ {
					k := j*ws.w + i
					zmax = max(zmax, ws.z[k])
					if ws.water[k] {
						wn++
					}
					n++
				}
			}
			t.Logf("truth %+v zmax %.1f water %d/%d", tb, zmax, wn, n)
		}
		for _, b := range boxes {
			t.Logf("det %+v", b)
		}
	}
}

// logMisses logs each vessel no detection hits, and whether it touches a
// dock or lift box, and each false alarm.
func logMisses(t *testing.T, fr realFrame, boxes []Box) {
	for _, b := range boxes {
		hit := false
		for _, tb := range fr.truth {
			if !tb.neutral && iou(boxRect(b), tb.r) >= 0.3 || tb.neutral && inter(boxRect(b), tb.r) > 0 {
				hit = true
			}
		}
		if !hit {
			t.Logf("false %s %.0f,%.0f %.0fx%.0f score %.2f", fr.name[:8], b.X, b.Y, b.W, b.H, b.Score)
		}
	}
	for _, tb := range fr.truth {
		if tb.neutral {
			continue
		}
		hit := false
		for _, b := range boxes {
			if iou(boxRect(b), tb.r) >= 0.3 {
				hit = true
			}
		}
		if hit {
			continue
		}
		dock := false
		for _, nb := range fr.truth {
			if nb.neutral && inter(nb.r, tb.r) > 0 {
				dock = true
			}
		}
		best := 0.0
		for _, b := range boxes {
			best = max(best, iou(boxRect(b), tb.r))
		}
		t.Logf("miss %s %.0f,%.0f %.0fx%.0f at dock %v best IoU %.2f", fr.name[:8], tb.r.x0, tb.r.y0, tb.r.x1-tb.r.x0, tb.r.y1-tb.r.y0, dock, best)
	}
}

// openWater counts the vessels that touch no dock or lift box, and those
// of them a detection hits (tp) or not (fn).
func openWater(boxes []Box, truth []truthBox) tally {
	var t tally
	for _, tb := range truth {
		if tb.neutral {
			continue
		}
		clear := true
		for _, nb := range truth {
			if nb.neutral && inter(nb.r, tb.r) > 0 {
				clear = false
			}
		}
		if !clear {
			continue
		}
		hit := false
		for _, b := range boxes {
			hit = hit || iou(boxRect(b), tb.r) >= 0.3
		}
		if hit {
			t.tp++
		} else {
			t.fn++
		}
	}
	return t
}
