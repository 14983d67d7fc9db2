package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // decoders for skerry detect
	_ "image/png"
	"io"
	"math"
	"os"

	"skerry/gcs"
	"skerry/video/detect"
	"skerry/video/detect/yolo"
)

// maxDetectImage bounds an image skerry detect reads, bytes and pixels.
const (
	maxDetectBytes  = 256 << 20
	maxDetectPixels = 100 << 20
)

// detectLine is one image's result.
type detectLine struct {
	File   string      `json:"file"`
	Width  int         `json:"width,omitempty"`
	Height int         `json:"height,omitempty"`
	Boxes  []detectBox `json:"boxes"`
	Error  string      `json:"error,omitempty"`
}

type detectBox struct {
	X     float64 `json:"x"`
	Y     float64 `json:"y"`
	W     float64 `json:"w"`
	H     float64 `json:"h"`
	Score float64 `json:"score"`
	// Class is the learned detector's class (--model): its name, or its
	// id when the model names none.
	Class string `json:"class,omitempty"`
}

func runDetect(_ context.Context, e *env, args []string) error {
	fs, c := newFlagSet(e, "detect", "detect [--sequence [--min-hits N]] [--altitude M --pitch DEG --hfov DEG | --pose FILE | --pose-sidecar] [--model FILE [--confidence X] [--classes LIST]] IMAGE...")
	seq := fs.Bool("sequence", false, "the images are consecutive frames of one camera (temporal consistency)")
	alt := fs.Float64("altitude", 0, "camera height above the sea, metres (0: unknown, sizes checked in pixels)")
	pitch := fs.Float64("pitch", -90, "camera pitch, degrees (-90 straight down)")
	hfov := fs.Float64("hfov", 70, "horizontal field of view, degrees")
	poseFile := fs.String("pose", "", "`FILE` holds the camera's whole pose for every image: a JSON gcs.CameraPose (Lat, Lon, AltAMSL, SeaAMSL, Yaw, Pitch, Roll, HFOV, Aspect, MaxRange) "+
		"or an object with it under \"pose\", such as the NAME.json 'skerry bench vessels --dump-dir' writes next to NAME.png and NAME.i420.png (read as the frame's exact planes)")
	sidecar := fs.Bool("pose-sidecar", false, "read each IMAGE's pose (as --pose) from IMAGE.pose.json, or else from IMAGE's name with .json for its extension (a bench dump's sidecar)")
	minHits := fs.Int("min-hits", 1, "report only detections seen in this many of the last frames (with --sequence; the station and skerry bench vessels use 2)")
	var mf modelFlags
	mf.register(fs)
	if err := parse(fs, c, args); err != nil {
		return err
	}
	if len(c.args) == 0 {
		fs.Usage()
		return errUsage
	}
	if *alt < 0 || math.IsNaN(*alt) || !(*hfov > 0 && *hfov < 180) || !(*pitch >= -90 && *pitch <= 90) {
		return fmt.Errorf("detect: --altitude must be ≥ 0, --hfov in (0, 180), --pitch in [-90, 90]")
	}
	if (*poseFile != "" || *sidecar) && (*alt > 0 || *poseFile != "" && *sidecar) {
		return fmt.Errorf("detect: give one of --altitude, --pose and --pose-sidecar")
	}
	var fixed *detectPose
	if *poseFile != "" {
		p, err := readPoseFile(*poseFile)
		if err != nil {
			return fmt.Errorf("detect: --pose: %w", err)
		}
		fixed = &p
	}
	model, err := mf.load()
	if err != nil {
		return fmt.Errorf("detect: %w", err)
	}
	var learned *yolo.Detector
	if model != nil {
		defer model.Close()
		learned = model.NewDetector()
		defer learned.Close()
	}
	if *minHits < 1 || *minHits > 1+detect.DefaultParams().History {
		return fmt.Errorf("detect: --min-hits must be in [1, %d]", 1+detect.DefaultParams().History)
	}
	params := detect.DefaultParams()
	params.MinHits = *minHits
	enc := json.NewEncoder(e.stdout)
	d := detect.NewClassical(params)
	failed := 0
	for _, file := range c.args {
		if !*seq {
			d = detect.NewClassical(params)
		}
		line := detectLine{File: file, Boxes: []detectBox{}}
		img, err := readImageFile(file)
		var f detect.Frame
		if err == nil {
			line.Width, line.Height = img.Rect.Dx(), img.Rect.Dy()
			f = detect.Frame{Image: img, FullRange: true}
			if *alt > 0 {
				f.Pose = &gcs.CameraPose{AltAMSL: *alt, Pitch: *pitch, HFOV: *hfov, Aspect: float64(line.Width) / float64(line.Height)}
			}
			p := fixed
			if *sidecar {
				var sp detectPose
				if sp, err = sidecarPose(file); err == nil {
					p = &sp
				}
			}
			if p != nil {
				f.Pose, f.Captured = &p.pose, p.captured
			}
		}
		if err == nil {
			if learned != nil {
				line.Boxes, err = learnedBoxes(learned, f)
			} else {
				var boxes []detect.Box
				boxes, err = d.Detect(f)
				for _, b := range boxes {
					line.Boxes = append(line.Boxes, jsonBox(b))
				}
			}
		}
		if err != nil {
			failed++
			line.Error = err.Error()
			line.Boxes = []detectBox{}
			fmt.Fprintf(e.stderr, "skerry detect: %s: %v\n", file, err)
		}
		if err := enc.Encode(line); err != nil {
			return err
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d images could not be read", failed, len(c.args))
	}
	return nil
}

// learnedBoxes runs the learned detector on one image.
func learnedBoxes(d *yolo.Detector, f detect.Frame) ([]detectBox, error) {
	dets, err := d.Detections(f)
	out := []detectBox{}
	for _, x := range dets {
		b := jsonBox(x.Box)
		b.Class = x.Name
		if b.Class == "" {
			b.Class = fmt.Sprint(x.Class)
		}
		out = append(out, b)
	}
	return out, err
}

func jsonBox(b detect.Box) detectBox {
	return detectBox{X: round1(b.X), Y: round1(b.Y), W: round1(b.W), H: round1(b.H), Score: math.Round(b.Score*1000) / 1000}
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

// readImageFile reads a JPEG or PNG file, or a frame's planes
// (NAME.i420.png, see i420Suffix).
func readImageFile(path string) (*image.YCbCr, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxDetectBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxDetectBytes {
		return nil, errors.New("image too large")
	}
	if isI420(path) {
		return decodeI420(data)
	}
	return decodeImage(data)
}

// decodeImage decodes a JPEG or PNG image to full-range YCbCr, refusing
// images too large to hold.
func decodeImage(data []byte) (*image.YCbCr, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("not a JPEG or PNG image: %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxDetectPixels {
		return nil, fmt.Errorf("image size %d×%d out of range", cfg.Width, cfg.Height)
	}
	m, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decoding: %w", err)
	}
	return detect.ToYCbCr(m), nil
}
