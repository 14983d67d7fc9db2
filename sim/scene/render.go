package scene

import (
	"image"
	"time"
)

// Renderer draws camera frames of a world. One Renderer per camera; it is
// not safe for concurrent use (it keeps scratch buffers).
type Renderer struct {
	world *World
	w, h  int
}

// NewRenderer returns a renderer of width×height frames (even sizes).
func NewRenderer(w *World, width, height int) *Renderer {
	return &Renderer{world: w, w: width, h: height}
}

// NewFrame returns a frame of the renderer's size (YCbCr 4:2:0).
func (r *Renderer) NewFrame() *image.YCbCr {
	return image.NewYCbCr(image.Rect(0, 0, r.w, r.h), image.YCbCrSubsampleRatio420)
}

// Render draws what a camera at pose sees at simulated time simT into dst
// and burns captured (the frame's capture time) into it (see ReadStamp).
// It returns the vessels visible in the frame.
func (r *Renderer) Render(dst *image.YCbCr, pose Pose, simT time.Duration, captured time.Time) []Truth {
	// Skeleton: a flat sea whose shade moves with time.
	shade := uint8(60 + (simT/time.Millisecond/40)%40)
	for i := range dst.Y {
		dst.Y[i] = shade
	}
	for i := range dst.Cb {
		dst.Cb[i], dst.Cr[i] = 150, 110
	}
	Stamp(dst, captured)
	return nil
}
