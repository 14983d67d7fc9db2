package bench

import (
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"time"

	"skerry/gcs"
	"skerry/sim/scene"
	"skerry/video/detect"
	"skerry/video/track"
)

// DumpFrame is the JSON sidecar (NAME.json) of a frame the vessel
// benchmark dumped (VesselsConfig.DumpDir) because it had a miss or a
// false alarm; the frame itself is NAME.png, written losslessly from
// the rendered frame's RGB, no boxes drawn.
//
// Replay: `skerry detect --pose NAME.json NAME.png` runs the detector
// as the bench does (detect.DefaultParams, full-range samples, Pose) on
// the PNG's pixels and prints Replay's boxes. Two things differ from
// the bench's own call, and the sidecar holds the boxes of each step:
//   - History: the bench's detector asks MinHits 2 with the flight's
//     earlier frames, a single frame has no history. Detections are a
//     subset of SingleFrame (the same boxes, those seen in fewer than 2
//     of the last frames dropped) with scores raised by confirmation.
//   - Pixels: the bench detects on the renderer's 4:2:0 YCbCr frame, the
//     PNG holds its RGB; read back it is 4:4:4 YCbCr within ±1 of it.
//     SingleFrame is the single-frame run on the bench's own frame,
//     Replay on the PNG's pixels — what skerry detect prints.
type DumpFrame struct {
	Case     string    `json:"case"`
	Vessel   string    `json:"vessel"` // the flight's target boat
	Frame    int       `json:"frame"`  // in the flight, from 0
	Captured time.Time `json:"captured"`
	Image    string    `json:"image"` // the PNG's file name, next to the sidecar
	Width    int       `json:"width"`
	Height   int       `json:"height"`
	// Pose is the station pose the detector was given (noisy), as
	// skerry detect --pose reads it.
	Pose gcs.CameraPose `json:"pose"`
	// Truth are the scene's true boxes; Counts tells those that count
	// (the others are neutral).
	Truth []DumpTruth `json:"truth"`
	// Detections are the bench's boxes (MinHits 2, with history), each
	// with its contact id and placement.
	Detections []DumpDetection `json:"detections"`
	Tally      DumpTally       `json:"tally"`
	// SingleFrame are a fresh detector's boxes on the bench's frame;
	// Replay on the PNG's pixels (see above).
	SingleFrame []DumpBox `json:"single_frame"`
	Replay      []DumpBox `json:"replay"`
}

// DumpBox is a box in pixels with its score.
type DumpBox struct {
	X     float64 `json:"x"`
	Y     float64 `json:"y"`
	W     float64 `json:"w"`
	H     float64 `json:"h"`
	Score float64 `json:"score"`
}

// DumpTruth is one true boat in a dumped frame.
type DumpTruth struct {
	Vessel  string  `json:"vessel"`
	Type    string  `json:"type"`
	Box     DumpBox `json:"box"` // Score unused
	Lat     float64 `json:"lat"`
	Lon     float64 `json:"lon"`
	RangeM  float64 `json:"range_m"`
	Visible float64 `json:"visible"`
	Counts  bool    `json:"counts"`
}

// DumpDetection is one of the bench's detections: the box, the contact
// id the tracker gave it, whether it hit a true boat (which), and where
// its single-frame fix lies (ErrorM the stated error, MissM the distance
// to the boat it hit).
type DumpDetection struct {
	DumpBox
	Contact string   `json:"contact,omitempty"`
	Hit     string   `json:"hit,omitempty"`
	Placed  bool     `json:"placed"`
	Lat     float64  `json:"lat,omitempty"`
	Lon     float64  `json:"lon,omitempty"`
	ErrorM  float64  `json:"error_m,omitempty"`
	MissM   *float64 `json:"miss_m,omitempty"`
}

// DumpTally counts a frame's boxes as the bench does.
type DumpTally struct {
	TP int `json:"tp"`
	FP int `json:"fp"`
	FN int `json:"fn"`
}

// dumpIn is what the flight loop hands the dump.
type dumpIn struct {
	c        VesselCase
	vessel   string
	frame    int
	captured time.Time
	img      *image.YCbCr
	pose     gcs.CameraPose
	truth    []scene.Truth
	boxes    []detect.Box
	dets     []track.Detection
	out      gcs.Detections
	tl       tally
	hit      []int // true box → detection, -1 none
}

// dumpName is a dumped frame's file name without extension.
func dumpName(c VesselCase, vessel string, frame int) string {
	return strings.NewReplacer("/", "-", "°", "").Replace(fmt.Sprintf("%s-%s-%03d", c, vessel, frame))
}

// writeDump writes a frame with a miss or false alarm to dir: NAME.png
// and its sidecar NAME.json (see DumpFrame).
func writeDump(dir string, in dumpIn) error {
	name := dumpName(in.c, in.vessel, in.frame)
	W, H := in.img.Rect.Dx(), in.img.Rect.Dy()
	rgb := toRGBA(in.img)
	single, err := detect.NewClassical(detect.DefaultParams()).Detect(
		detect.Frame{Image: in.img, FullRange: true, Pose: &in.pose, Captured: in.captured})
	if err != nil {
		return fmt.Errorf("bench vessels: dump %s: %w", name, err)
	}
	replay, err := detect.NewClassical(detect.DefaultParams()).Detect(
		detect.Frame{Image: detect.ToYCbCr(rgb), FullRange: true, Pose: &in.pose, Captured: in.captured})
	if err != nil {
		return fmt.Errorf("bench vessels: dump %s: %w", name, err)
	}
	d := DumpFrame{Case: in.c.String(), Vessel: in.vessel, Frame: in.frame, Captured: in.captured, Image: name + ".png",
		Width: W, Height: H, Pose: in.pose, Truth: []DumpTruth{}, Detections: []DumpDetection{},
		Tally: DumpTally{TP: in.tl.tp, FP: in.tl.fp, FN: in.tl.fn}, SingleFrame: dumpBoxes(single), Replay: dumpBoxes(replay)}
	hitBy := make([]int, len(in.boxes))
	for i := range hitBy {
		hitBy[i] = -1
	}
	for k, t := range in.truth {
		r := t.Box
		d.Truth = append(d.Truth, DumpTruth{Vessel: t.VesselID, Type: t.Type, Lat: t.Lat, Lon: t.Lon, RangeM: t.Range, Visible: t.Visible,
			Counts: counts(t), Box: DumpBox{X: float64(r.Min.X), Y: float64(r.Min.Y), W: float64(r.Dx()), H: float64(r.Dy())}})
		if k < len(in.hit) && in.hit[k] >= 0 {
			hitBy[in.hit[k]] = k
		}
	}
	for i, b := range in.boxes {
		dd := DumpDetection{DumpBox: dumpBox(b)}
		if i < len(in.out.Boxes) {
			dd.Contact = string(in.out.Boxes[i].Vessel)
		}
		if i < len(in.dets) && in.dets[i].Placed {
			f := in.dets[i].Fix
			dd.Placed, dd.Lat, dd.Lon, dd.ErrorM = true, f.Lat, f.Lon, f.ErrorM
		}
		if k := hitBy[i]; k >= 0 {
			t := in.truth[k]
			dd.Hit = t.VesselID
			if dd.Placed {
				m := metresBetween(dd.Lat, dd.Lon, t.Lat, t.Lon)
				dd.MissM = &m
			}
		}
		d.Detections = append(d.Detections, dd)
	}
	if err := writePNG(filepath.Join(dir, name+".png"), rgb); err != nil {
		return err
	}
	js, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return fmt.Errorf("bench vessels: dump %s: %w", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".json"), append(js, '\n'), 0o644); err != nil {
		return fmt.Errorf("bench vessels: %w", err)
	}
	return nil
}

func dumpBox(b detect.Box) DumpBox { return DumpBox{X: b.X, Y: b.Y, W: b.W, H: b.H, Score: b.Score} }

func dumpBoxes(bs []detect.Box) []DumpBox {
	out := make([]DumpBox, len(bs))
	for i, b := range bs {
		out[i] = dumpBox(b)
	}
	return out
}

// toRGBA converts a frame to opaque RGB as image/png would write it.
func toRGBA(img *image.YCbCr) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			out.SetRGBA(x, y, color.RGBAModel.Convert(img.At(x, y)).(color.RGBA))
		}
	}
	return out
}

// writePNG writes an image to path.
func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("bench vessels: %w", err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("bench vessels: %w", err)
	}
	return f.Close()
}
