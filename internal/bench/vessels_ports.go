package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"skerry/sim"
	"skerry/sim/scene"
	"skerry/video/detect"
)

// The port patrol: the demo's patrol drones fly the port outlines at
// 30–50 m, gimbal 30° down ahead, and the station made contacts there
// where no boat was. This flies every "port" polygon of the default
// scenario at portAlt, in windows of portWindow frames (6 m/s at the
// sample rate, one fresh detector per window, as a drone passing) every
// portEvery metres of outline, in calm conditions, and counts the boxes
// that match no boat: false alarms per frame.
const (
	portAlt    = 40.0
	portPitch  = -30.0
	portEvery  = 150.0 // metres of outline between windows
	portWindow = 10    // frames
)

// PortsRow is the port patrol's false alarms.
type PortsRow struct {
	Frames       int     `json:"frames"`
	FP           int     `json:"fp"`
	FPPerFrame   float64 `json:"fp_per_frame"`
	FramesWithFP int     `json:"frames_with_fp"`
}

// portRings reads the default scenario's port polygons' outer rings,
// [lon, lat] points.
func portRings() ([][][2]float64, error) {
	var fc struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
			Geometry   struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(sim.DefaultScenario(), &fc); err != nil {
		return nil, fmt.Errorf("bench vessels: scenario: %w", err)
	}
	var out [][][2]float64
	for _, f := range fc.Features {
		if f.Properties["kind"] != "port" || f.Geometry.Type != "Polygon" {
			continue
		}
		var rings [][][2]float64
		if err := json.Unmarshal(f.Geometry.Coordinates, &rings); err != nil {
			return nil, fmt.Errorf("bench vessels: scenario port: %w", err)
		}
		if len(rings) > 0 {
			out = append(out, rings[0])
		}
	}
	return out, nil
}

// patrolPorts flies the port outlines.
func (fl *flyer) patrolPorts(ctx context.Context) (PortsRow, error) {
	var row PortsRow
	rings, err := portRings()
	if err != nil {
		return row, err
	}
	cfg := fl.cfg
	W, H := cfg.Width, cfg.Height
	cond, _ := scene.ConditionFor(scene.CondCalm, 0, portPitch)
	fl.r.Apply(cond)
	step := flightSpeed / cfg.SampleFPS
	n := 0
	for _, ring := range rings {
		for k := 0; k+1 < len(ring); k++ {
			a, b := ring[k], ring[k+1]
			dx := (b[0] - a[0]) * metresPerDeg * math.Cos(a[1]*math.Pi/180)
			dy := (b[1] - a[1]) * metresPerDeg
			hdg, length := normDeg(math.Atan2(dx, dy)*180/math.Pi), math.Hypot(dx, dy)
			for s0 := 0.0; s0 < length; s0 += portEvery {
				p := detect.DefaultParams()
				p.MinHits = 2
				det := detect.NewClassical(p)
				for j := range portWindow {
					if err := ctx.Err(); err != nil {
						return row, err
					}
					f := math.Min(1, (s0+step*float64(j))/length)
					pose := scene.Pose{Lat: a[1] + f*(b[1]-a[1]), Lon: a[0] + f*(b[0]-a[0]), Alt: portAlt, Heading: hdg,
						GimbalPitch: portPitch, HFOV: benchHFOV}
					simT := time.Duration(n) * time.Second / time.Duration(cfg.SampleFPS)
					truth := fl.r.Render(fl.img, pose, simT, epoch.Add(simT))
					sp := (&noise{}).stationPose(pose, W, H)
					boxes, err := det.Detect(detect.Frame{Image: fl.img, FullRange: true, Pose: &sp, Captured: epoch.Add(simT)})
					if err != nil {
						return row, fmt.Errorf("bench vessels: ports: detect: %w", err)
					}
					if cfg.DebugDir != "" && j == portWindow/2 && n%(4*portWindow) < portWindow {
						if err := writeDebug(cfg.DebugDir, fmt.Sprintf("ports-%03d", n), fl.img, truth, boxes); err != nil {
							return row, err
						}
					}
					tl, _ := match(boxes, truth)
					row.Frames++
					row.FP += tl.fp
					if tl.fp > 0 {
						row.FramesWithFP++
					}
					n++
				}
			}
		}
	}
	if row.Frames > 0 {
		row.FPPerFrame = float64(row.FP) / float64(row.Frames)
	}
	return row, nil
}
