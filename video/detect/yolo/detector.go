//go:build cgo

package yolo

import (
	"fmt"
	"runtime"

	ort "github.com/yalue/onnxruntime_go"

	"skerry/video/detect"
)

// Detector runs a YOLO model on frames: letterbox, run, decode,
// threshold, NMS, boxes back in the frame's pixels. One per stream; not
// safe for concurrent use. It keeps no state between frames.
type Detector struct {
	m    *Model
	owns bool // Close closes m (New)
	in   *ort.Tensor[float32]
	buf  []float32
	out  []float32
	// cleanup frees the input tensor of a detector dropped unclosed.
	cleanup runtime.Cleanup
}

var _ detect.Detector = (*Detector)(nil)

// New loads the model at path (Load) for a detector of its own; Close
// closes both.
func New(path string, opts Options) (*Detector, error) {
	m, err := Load(path, opts)
	if err != nil {
		return nil, err
	}
	d := m.NewDetector()
	d.owns = true
	return d, nil
}

// Detect finds the boxes in f (detect.Detector), best first.
func (d *Detector) Detect(f detect.Frame) ([]detect.Box, error) {
	dets, err := d.Detections(f)
	if len(dets) == 0 {
		return nil, err
	}
	boxes := make([]detect.Box, len(dets))
	for i, x := range dets {
		boxes[i] = x.Box
	}
	return boxes, err
}

// Detections finds the boxes in f with their classes, best first. A nil
// or empty image gives none and no error.
func (d *Detector) Detections(f detect.Frame) ([]Detection, error) {
	img := f.Image
	if img == nil || img.Rect.Dx() <= 0 || img.Rect.Dy() <= 0 {
		return nil, nil
	}
	m := d.m
	if d.in == nil {
		d.buf = make([]float32, 3*m.inW*m.inH)
		t, err := ort.NewTensor(ort.NewShape(1, 3, int64(m.inH), int64(m.inW)), d.buf)
		if err != nil {
			return nil, fmt.Errorf("yolo: input tensor: %w", err)
		}
		d.in = t
		d.cleanup = runtime.AddCleanup(d, func(t *ort.Tensor[float32]) { t.Destroy() }, t)
	}
	lb := NewLetterbox(img.Rect.Dx(), img.Rect.Dy(), m.inW, m.inH)
	if err := Preprocess(d.buf, img, f.FullRange, lb); err != nil {
		return nil, err
	}
	shape, out, err := m.run(d.in, d.out)
	d.out = out
	if err != nil {
		return nil, err
	}
	return postprocess(out, shape, lb, m.opts, m.keep, m.names)
}

// Close frees the detector's buffers, and its model when New made it. A
// detector dropped unclosed frees them when the garbage collector finds
// it unreachable.
func (d *Detector) Close() error {
	if d.in != nil {
		d.cleanup.Stop()
		d.in.Destroy()
		d.in = nil
	}
	if d.owns {
		return d.m.Close()
	}
	return nil
}
