package scene

import (
	"image"
	"math"
	"time"
)

// Renderer draws camera frames of a world. One Renderer per camera; it is
// not safe for concurrent use (it keeps scratch buffers, so a frame
// allocates nothing but its Truth slice).
type Renderer struct {
	world *World
	w, h  int
	tex   *textures
	// Sun lights the picture (glint, shading); NewRenderer sets DefaultSun.
	Sun Sun
	// Visibility is the haze's e-folding distance, metres; NewRenderer sets
	// DefaultVisibility.
	Visibility float64
	// SeaState is the sea's Douglas state, 0 (glassy) to 6 (very rough):
	// wave contrast, longest waves, whitecaps and the glitter's spread
	// (see Condition); NewRenderer sets DefaultSeaState, the picture
	// before sea states existed. Another state builds its tiles on first
	// use (about half a second, shared by the process).
	SeaState int
	// Glint scales the sun's glint on the sea (its sheen and glitter);
	// NewRenderer sets 1. A clear sky's sun is brighter than the default
	// hazy afternoon's: the glare condition doubles it and more.
	Glint float64

	stateTex   *textures // the tiles of stateTexOf (not the default)
	stateTexOf int
	rows       []rowInfo
	paint      paint
	rtStep     vec // the camera's right, for glintAt
	poly       poly
	vessels    []Vessel
	placed     []placed
}

// DefaultSun is a fixed afternoon sun over the Bay of Algeciras, south-west
// and 35° high.
var DefaultSun = Sun{Azimuth: 235, Elevation: 35}

// DefaultVisibility is a hazy coastal day's visibility scale, metres.
const DefaultVisibility = 9000

// rowInfo is where one image row of sea lies on the sea plane.
type rowInfo struct {
	sea              bool
	t                float64 // ray parameter to the sea for the row
	gx0, gy0, dx, dy float64 // ground point of pixel 0's centre, per pixel step
	haze             int32   // 0–256
	level            int     // land texture level
}

// NewRenderer returns a renderer of width×height frames (even sizes). The
// first renderer of a process for a wind direction builds the wave and
// land tiles (about half a second; later ones share them). Its Sun and
// Visibility and SeaState may be changed between frames (see Apply).
func NewRenderer(w *World, width, height int) *Renderer {
	w.texOnce.Do(func() { w.tex = texturesFor(w.windDir) })
	return &Renderer{world: w, w: width, h: height, tex: w.tex, Sun: DefaultSun, Visibility: DefaultVisibility, SeaState: DefaultSeaState, Glint: 1}
}

// NewFrame returns a frame of the renderer's size (YCbCr 4:2:0).
func (r *Renderer) NewFrame() *image.YCbCr {
	return image.NewYCbCr(image.Rect(0, 0, r.w, r.h), image.YCbCrSubsampleRatio420)
}

// Render draws what a camera at pose sees at simulated time simT into dst
// (a 4:2:0 frame with its origin at 0,0, such as NewFrame's; any size) and
// burns captured (the frame's capture time) into it (see ReadStamp). It
// returns the vessels visible in the frame, nearest last, with their boxes
// clipped to the frame. A pose that is not finite draws a grey frame.
func (r *Renderer) Render(dst *image.YCbCr, pose Pose, simT time.Duration, captured time.Time) []Truth {
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	if !finite(pose.Lat, pose.Lon, pose.Alt, pose.Heading, pose.GimbalPitch, pose.GimbalYaw, pose.HFOV) || w < 2 || h < 2 {
		fillFlat(dst, rgb(128, 128, 128))
		Stamp(dst, captured)
		return nil
	}
	x, y := r.world.frame.xy(pose.Lat, pose.Lon)
	cam := newCamera(vec{x, y, math.Max(pose.Alt, 0.5)}, pose, w, h)
	if cap(r.rows) < h {
		r.rows = make([]rowInfo, h)
	}
	r.rows = r.rows[:h]
	r.drawSea(dst, &cam, simT.Seconds())
	r.drawLand(dst, &cam)
	truth := r.drawVessels(dst, &cam, simT)
	Stamp(dst, captured)
	return truth
}

// fillFlat paints the whole frame one colour.
func fillFlat(dst *image.YCbCr, c yuv) {
	for i := range dst.Y {
		dst.Y[i] = uint8(c.y)
	}
	for i := range dst.Cb {
		dst.Cb[i], dst.Cr[i] = uint8(c.cb), uint8(c.cr)
	}
}

// hazeOf is the haze (0–256) at slant range d metres.
func (r *Renderer) hazeOf(d float64) int32 {
	vis := r.Visibility
	if !(vis > 0) {
		vis = DefaultVisibility
	}
	return int32(256 * (1 - math.Exp(-d/vis)))
}

// sunVec is the unit vector toward the sun.
func (r *Renderer) sunVec() vec {
	az, el := r.Sun.Azimuth*math.Pi/180, r.Sun.Elevation*math.Pi/180
	return vec{math.Sin(az) * math.Cos(el), math.Cos(az) * math.Cos(el), math.Sin(el)}
}
