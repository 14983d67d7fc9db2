package planner

import "fmt"

// Camera describes a survey camera, as QGroundControl's CameraCalc does.
// Images are taken in landscape: the image width lies across the flight
// line.
type Camera struct {
	// SensorWidthMM and SensorHeightMM are the sensor size, millimetres.
	SensorWidthMM, SensorHeightMM float64
	// ImageWidthPx and ImageHeightPx are the image size, pixels.
	ImageWidthPx, ImageHeightPx int
	// FocalMM is the lens focal length, millimetres.
	FocalMM float64
}

// CameraCalc is the survey geometry a camera gives at one height.
type CameraCalc struct {
	// GSD is the ground sample distance across the line, cm/pixel.
	GSD float64
	// FootprintSide and FootprintFront are the image footprint on the
	// ground across and along the flight line, metres.
	FootprintSide, FootprintFront float64
	// Spacing is the distance between survey lines, metres.
	Spacing float64
	// Trigger is the distance between photos along a line, metres.
	Trigger float64
}

// Calc computes the QGroundControl CameraCalc figures at alt metres above
// the ground with side and front overlap fractions in [0, 1):
//
//	GSD = alt·sensorWidth·100 / (imageWidth·focal)  [cm/px]
//	footprint side = imageWidth·GSD/100, front = imageHeight·GSDh/100
//	spacing = side·(1 − sideOverlap), trigger = front·(1 − frontOverlap)
func (c Camera) Calc(alt, side, front float64) (CameraCalc, error) {
	if c.SensorWidthMM <= 0 || c.SensorHeightMM <= 0 || c.ImageWidthPx <= 0 || c.ImageHeightPx <= 0 || c.FocalMM <= 0 {
		return CameraCalc{}, fmt.Errorf("%w: camera sizes and focal length must be > 0", ErrInput)
	}
	if alt <= 0 || side < 0 || side >= 1 || front < 0 || front >= 1 {
		return CameraCalc{}, fmt.Errorf("%w: altitude must be > 0 and overlaps in [0, 1)", ErrInput)
	}
	gsd := alt * c.SensorWidthMM * 100 / (float64(c.ImageWidthPx) * c.FocalMM)
	gsdH := alt * c.SensorHeightMM * 100 / (float64(c.ImageHeightPx) * c.FocalMM)
	fs := float64(c.ImageWidthPx) * gsd / 100
	ff := float64(c.ImageHeightPx) * gsdH / 100
	return CameraCalc{GSD: gsd, FootprintSide: fs, FootprintFront: ff, Spacing: fs * (1 - side), Trigger: ff * (1 - front)}, nil
}
