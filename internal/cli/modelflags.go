package cli

import (
	"flag"
	"fmt"
	"strings"

	"skerry/video/detect/yolo"
)

// modelFlags choose the learned detector: a YOLO model exported to ONNX,
// run with ONNX Runtime.
type modelFlags struct {
	model      string
	confidence float64
	iou        float64
	classes    string
}

func (f *modelFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.model, "model", "", "a YOLO model exported to ONNX (YOLOv5, YOLOv8 or YOLO11 layout) to detect vessels with, instead of the classical detector; ONNX Runtime comes from make deps or "+yolo.EnvLibrary)
	fs.Float64Var(&f.confidence, "confidence", 0.25, "with --model: the least score kept, 0..1")
	fs.Float64Var(&f.iou, "iou", 0.45, "with --model: the overlap (IoU) above which non-maximum suppression drops the lower box of a class")
	fs.StringVar(&f.classes, "classes", "", "with --model: the classes kept, comma-separated ids or names from the model (e.g. boat); empty keeps all")
}

// load loads the model, or nil without --model.
func (f *modelFlags) load() (*yolo.Model, error) {
	if f.model == "" {
		return nil, nil
	}
	if !(f.confidence > 0 && f.confidence <= 1) || !(f.iou > 0 && f.iou <= 1) {
		return nil, fmt.Errorf("--confidence and --iou want a value in (0, 1]")
	}
	var classes []string
	for _, c := range strings.Split(f.classes, ",") {
		if c = strings.TrimSpace(c); c != "" {
			classes = append(classes, c)
		}
	}
	m, err := yolo.Load(f.model, yolo.Options{Confidence: f.confidence, IoU: f.iou, Classes: classes})
	if err != nil {
		return nil, fmt.Errorf("--model: %w", err)
	}
	return m, nil
}
