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
// false alarm (or DumpAll). The frame is written twice, losslessly, no boxes drawn:
//   - NAME.i420.png: the detector's input itself, the 4:2:0 full-range
//     YCbCr frame as an 8-bit grey PNG W wide and H×3/2 tall: H rows of
//     Y, then H/2 rows each holding a row of Cb (left half) and of Cr
//     (right half). skerry detect reads it back bit for bit.
//   - NAME.png: the frame's RGB, to look at. Read back it is 4:4:4
//     YCbCr within ±1 of the frame, enough to move a box by a working
//     pixel (2 px at 1280×720).
//
// Replay: `skerry detect --pose NAME.json NAME.i420.png` makes the
// bench's detector call (detect.DefaultParams, full range, Pose,
// Captured) on the same pixels and prints SingleFrame. The one
// difference is history: the bench's detector asks MinHits 2 with the
// flight's earlier frames, a replayed frame has none. Detections are
// therefore the SingleFrame boxes (same geometry) seen in 2 of the last
// frames, scored up by confirmation. RGB is what NAME.png replays to.
// With VesselsConfig.DumpAll every frame of a flight is dumped, and
// `skerry detect --sequence --min-hits 2 --pose-sidecar
// CASE-VESSEL-*.i420.png` replays the flight, history included: each
// frame's boxes are its Detections.
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
	// SingleFrame are a fresh detector's boxes on the bench's frame
	// (NAME.i420.png); RGB on NAME.png's pixels (see above).
	SingleFrame []DumpBox `json:"single_frame"`
	RGB         []DumpBox `json:"rgb_png"`
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

// writeDump writes a frame with a miss or false alarm to dir: NAME.png,
// NAME.i420.png and their sidecar NAME.json (see DumpFrame).
func writeDump(dir string, in dumpIn) error {
	name := dumpName(in.c, in.vessel, in.frame)
	W, H := in.img.Rect.Dx(), in.img.Rect.Dy()
	rgb := toRGBA(in.img)
	single, err := detect.NewClassical(detect.DefaultParams()).Detect(
		detect.Frame{Image: in.img, FullRange: true, Pose: &in.pose, Captured: in.captured})
	if err != nil {
		return fmt.Errorf("bench vessels: dump %s: %w", name, err)
	}
	fromRGB, err := detect.NewClassical(detect.DefaultParams()).Detect(
		detect.Frame{Image: detect.ToYCbCr(rgb), FullRange: true, Pose: &in.pose, Captured: in.captured})
	if err != nil {
		return fmt.Errorf("bench vessels: dump %s: %w", name, err)
	}
	d := DumpFrame{Case: in.c.String(), Vessel: in.vessel, Frame: in.frame, Captured: in.captured, Image: name + ".png",
		Width: W, Height: H, Pose: in.pose, Truth: []DumpTruth{}, Detections: []DumpDetection{},
		Tally: DumpTally{TP: in.tl.tp, FP: in.tl.fp, FN: in.tl.fn}, SingleFrame: dumpBoxes(single), RGB: dumpBoxes(fromRGB)}
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
	if err := writePNG(filepath.Join(dir, name+".i420.png"), planes(in.img)); err != nil {
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

// planes lays a 4:2:0 frame's planes out in a grey image (see DumpFrame):
// Y on top, then each chroma row, Cb left and Cr right.
func planes(img *image.YCbCr) *image.Gray {
	W, H := img.Rect.Dx(), img.Rect.Dy()
	cw, ch := (W+1)/2, (H+1)/2
	out := image.NewGray(image.Rect(0, 0, 2*cw, H+ch))
	for y := range H {
		copy(out.Pix[y*out.Stride:], img.Y[y*img.YStride:y*img.YStride+W])
	}
	for y := range ch {
		row := out.Pix[(H+y)*out.Stride:]
		copy(row, img.Cb[y*img.CStride:y*img.CStride+cw])
		copy(row[cw:], img.Cr[y*img.CStride:y*img.CStride+cw])
	}
	return out
}
