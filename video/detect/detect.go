// Package detect finds vessels in camera frames.
//
// SKELETON: the API is fixed; the classical detector is being written.
package detect

import (
	"image"
	"time"

	"skerry/gcs"
)

// Box is one detection in pixels, top-left origin, with a score 0..1.
type Box struct {
	X, Y, W, H float64
	Score      float64
}

// Frame is what a detector looks at.
type Frame struct {
	Image *image.YCbCr
	// FullRange: samples span 0–255 (JPEG) rather than 16–235 (video).
	FullRange bool
	// Pose is the camera's pose at the frame's capture time; nil when
	// unknown (sizes in metres then cannot be checked).
	Pose     *gcs.CameraPose
	Captured time.Time
}

// Detector finds vessels. A detector may keep state between the frames of
// one camera (temporal consistency): use one per stream. It is not safe
// for concurrent use.
type Detector interface {
	Detect(f Frame) ([]Box, error)
}

// Params tune the classical detector; DefaultParams is the one default
// setting for every view.
type Params struct{}

// DefaultParams returns the default setting.
func DefaultParams() Params { return Params{} }

// Classical is the classical (non-learned) detector.
type Classical struct{ p Params }

// NewClassical returns a classical detector.
func NewClassical(p Params) *Classical { return &Classical{p: p} }

// Detect finds vessels in f.
func (c *Classical) Detect(f Frame) ([]Box, error) { return nil, nil }
