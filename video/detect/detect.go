// Package detect finds vessels in camera frames.
//
// The classical detector (Classical) works on a downscaled copy of the
// frame (WorkSize). Water is the frame's dominant colour among smooth
// pixels; large regions of other colours that do not look like a ship
// (ragged, or filling the frame) are land, shadow or piers and are not
// searched. A local background (the mean over a large window, from
// integral images) turns every pixel into a contrast in brightness and
// colour, divided by the sea clutter of its band of rows (a percentile
// of the water's contrast there, so that oblique views, whose clutter
// falls with range, get one level per band). Pixels well above the
// clutter seed blobs that grow over weaker pixels of a hull's colour
// (hysteresis); blobs close together merge. A blob is a vessel when
// enough of it is not of the water's colour (whitecaps and ripples are),
// it is not sun glare (saturated, colourless and ragged), it is ringed
// by water, and it has a vessel's size and shape: in metres when the
// frame's pose gives the ground sampling distance, in pixels otherwise.
// The foam of a wake is left out of the box when the hull is not
// foam-like. Rows above the horizon (from the pose) are masked. Over
// consecutive frames of one camera, a detection seen again near where it
// was on the sea (the pose compensates the drone's own motion; image
// positions are used without one) scores higher, and MinHits can require
// it. Params documents every setting; DefaultParams is the one setting
// for every view.
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

// Classical is the classical (non-learned) detector. It keeps the last
// frames' detections (temporal consistency) and scratch buffers: one per
// stream, not safe for concurrent use.
type Classical struct {
	p    Params
	work workspace
	hist history
}

// NewClassical returns a classical detector; parameters out of their
// range are replaced by DefaultParams' values.
func NewClassical(p Params) *Classical { return &Classical{p: p.sane()} }

// Detect finds vessels in f. A nil, empty or tiny image gives no boxes
// and no error; a pose that cannot be used (not finite, camera below the
// sea) is ignored as if nil.
func (c *Classical) Detect(f Frame) ([]Box, error) {
	img := f.Image
	if img == nil || img.Rect.Dx() < minSide || img.Rect.Dy() < minSide {
		return nil, nil
	}
	if len(img.Y) < img.YStride*(img.Rect.Dy()-1)+img.Rect.Dx() {
		return nil, errShortImage
	}
	pose := usablePose(f.Pose)
	w := &c.work
	w.load(img, f.FullRange, c.p.WorkSize)
	w.prepare(c.p, pose)
	w.waterMask(c.p)
	w.contrast(c.p)
	big := w.maskLand(c.p)
	cands := append(w.blobs(c.p), big...)
	boxes := w.filter(c.p, cands, pose)
	return c.hist.update(c.p, boxes, pose, f.Captured, img.Rect.Dx(), img.Rect.Dy()), nil
}

// minSide is the smallest image side worth looking at, pixels.
const minSide = 8
