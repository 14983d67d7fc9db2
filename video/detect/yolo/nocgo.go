//go:build !cgo

package yolo

import (
	"errors"

	"skerry/video/detect"
)

// errNoCgo: this build has no cgo, so no ONNX Runtime.
var errNoCgo = errors.New("yolo: built without cgo (CGO_ENABLED=0): the learned detector needs ONNX Runtime through cgo")

// Runtime fails: built without cgo.
func Runtime() (path, version string, err error) { return "", "", errNoCgo }

// Model is a loaded YOLO model; without cgo none loads.
type Model struct{}

// Load fails: built without cgo.
func Load(string, Options) (*Model, error) { return nil, errNoCgo }

// InputSize is the model's input size.
func (m *Model) InputSize() (w, h int) { return 0, 0 }

// Names are the model's class names.
func (m *Model) Names() []string { return nil }

// NewDetector makes a detector on the model.
func (m *Model) NewDetector() *Detector { return &Detector{} }

// Close does nothing.
func (m *Model) Close() error { return nil }

// Detector runs a YOLO model on frames; without cgo it fails.
type Detector struct{}

var _ detect.Detector = (*Detector)(nil)

// New fails: built without cgo.
func New(string, Options) (*Detector, error) { return nil, errNoCgo }

// Detect fails: built without cgo.
func (d *Detector) Detect(detect.Frame) ([]detect.Box, error) { return nil, errNoCgo }

// Detections fails: built without cgo.
func (d *Detector) Detections(detect.Frame) ([]Detection, error) { return nil, errNoCgo }

// Close does nothing.
func (d *Detector) Close() error { return nil }
