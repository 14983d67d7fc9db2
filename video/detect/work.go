package detect

import (
	"image"
	"math"

	"skerry/gcs"
)

// workspace holds the downscaled planes and the per-frame buffers a
// Classical reuses from frame to frame.
type workspace struct {
	w, h  int     // working size
	scale float64 // frame pixels per working pixel
	y     []float32
	cb    []float32
	cr    []float32
	z     []float32 // contrast z-score; 0 where masked (sky)
	zc    []float32 // colour contrast, before normalising
	water []bool
	// integral images, (w+1)×(h+1)
	sy, syy, scb, scr, swat []float64
	label                   []int32
	stack                   []int32
	coreSeen                []bool  // hullCore's visited pixels
	coreParts               []blob  // hullCore's parts
	puddleScratch           []int32 // dropPuddles' region
	sdScratch               []float32
	sky                     int       // working rows masked as sky
	sigma                   []float64 // clutter level per band of rows (bandSigma)
	hcb, hcr                []float32 // smoothed hue, for the water mask
	wy                      float32   // the water's mean brightness
	// tracef, when set (tests), hears why blobs are dropped.
	tracef func(b *blob, why string)
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// load downscales img by an integer factor so that its longer side is at
// most size: brightness is averaged over each block, colour sampled at its
// centre; limited-range video is stretched to 0–255.
func (ws *workspace) load(img *image.YCbCr, full bool, size int) {
	W, H := img.Rect.Dx(), img.Rect.Dy()
	f := (max(W, H) + size - 1) / size
	f = max(f, 1)
	ws.w, ws.h, ws.scale = W/f, H/f, float64(f)
	n := ws.w * ws.h
	ws.y, ws.cb, ws.cr = grow(ws.y, n), grow(ws.cb, n), grow(ws.cr, n)
	ys, yo := float32(1), float32(0)
	cs := float32(1)
	if !full {
		ys, yo, cs = 255.0/219, 16, 255.0/224
	}
	inv := 1 / float32(f*f)
	x0, y0 := img.Rect.Min.X, img.Rect.Min.Y
	for j := 0; j < ws.h; j++ {
		for i := 0; i < ws.w; i++ {
			var s int
			for dy := 0; dy < f; dy++ {
				row := img.Y[(j*f+dy)*img.YStride+i*f:]
				for dx := 0; dx < f; dx++ {
					s += int(row[dx])
				}
			}
			k := j*ws.w + i
			ws.y[k] = (float32(s)*inv - yo) * ys
			cx, cy := x0+i*f+f/2, y0+j*f+f/2
			ci := img.COffset(cx, cy)
			if ci >= 0 && ci < len(img.Cb) && ci < len(img.Cr) {
				ws.cb[k] = (float32(img.Cb[ci]) - 128) * cs
				ws.cr[k] = (float32(img.Cr[ci]) - 128) * cs
			} else {
				ws.cb[k], ws.cr[k] = 0, 0
			}
		}
	}
}

// integrate builds the (w+1)×(h+1) summed-area table of v (squared when
// sq).
func integrate(dst []float64, v []float32, w, h int, sq bool) []float64 {
	dst = grow(dst, (w+1)*(h+1))
	clear(dst[:w+1])
	for j := 0; j < h; j++ {
		var run float64
		dst[(j+1)*(w+1)] = 0
		for i := 0; i < w; i++ {
			x := float64(v[j*w+i])
			if sq {
				x *= x
			}
			run += x
			dst[(j+1)*(w+1)+i+1] = dst[j*(w+1)+i+1] + run
		}
	}
	return dst
}

// boxSum is the sum of the table's values over [x0,x1)×[y0,y1).
func boxSum(t []float64, w int, x0, y0, x1, y1 int) float64 {
	s := w + 1
	return t[y1*s+x1] - t[y0*s+x1] - t[y1*s+x0] + t[y0*s+x0]
}

// prepare builds the integral images, finds the sky (from the pose) and
// the small-scale texture.
func (ws *workspace) prepare(p Params, pose *gcs.CameraPose) {
	w, h := ws.w, ws.h
	ws.sy = integrate(ws.sy, ws.y, w, h, false)
	ws.syy = integrate(ws.syy, ws.y, w, h, true)
	ws.scb = integrate(ws.scb, ws.cb, w, h, false)
	ws.scr = integrate(ws.scr, ws.cr, w, h, false)
	ws.sky = ws.skyRows(p, pose)
	ws.smoothness()
}

// contrast fills z: each pixel's distance from the local background,
// in brightness and in colour, each over the sea clutter of its kind
// (the larger of the two). Waves and whitecaps vary the sea's brightness
// far more than its colour, so a hull of another colour stands out even
// on a rough sea. Rows above the horizon (from the pose) are masked to 0.
func (ws *workspace) contrast(p Params) {
	w, h := ws.w, ws.h
	ws.z = grow(ws.z, w*h)
	ws.zc = grow(ws.zc, w*h)
	r := max(2, int(p.Window*float64(min(w, h))/2))
	sky := ws.sky
	cw := math.Sqrt(p.ChromaWeight)
	for j := 0; j < h; j++ {
		if j < sky {
			clear(ws.z[j*w : (j+1)*w])
			clear(ws.zc[j*w : (j+1)*w])
			continue
		}
		y0, y1 := max(sky, j-r), min(h, j+r+1)
		for i := 0; i < w; i++ {
			x0, x1 := max(0, i-r), min(w, i+r+1)
			n := float64((x1 - x0) * (y1 - y0))
			my := boxSum(ws.sy, w, x0, y0, x1, y1) / n
			mcb := boxSum(ws.scb, w, x0, y0, x1, y1) / n
			mcr := boxSum(ws.scr, w, x0, y0, x1, y1) / n
			k := j*w + i
			dcb, dcr := float64(ws.cb[k])-mcb, float64(ws.cr[k])-mcr
			ws.z[k] = float32(math.Abs(float64(ws.y[k]) - my))
			ws.zc[k] = float32(cw * math.Sqrt(dcb*dcb+dcr*dcr))
		}
	}
	sigma := ws.bandSigma(ws.z, p.SigmaFloor)
	sigmaC := ws.bandSigma(ws.zc, p.SigmaFloor)
	ws.sigma = sigma
	for j := sky; j < h; j++ {
		b := j * len(sigma) / h
		inv, invC := float32(1/sigma[b]), float32(1/sigmaC[b])
		row, rowC := ws.z[j*w:(j+1)*w], ws.zc[j*w:(j+1)*w]
		for i := range row {
			row[i] = max(row[i]*inv, rowC[i]*invC)
		}
	}
}

// smoothness fills sdScratch with each pixel's brightness spread over
// 5×5 working pixels (the clutter at a small boat's scale).
func (ws *workspace) smoothness() {
	w, h := ws.w, ws.h
	ws.sdScratch = grow(ws.sdScratch, w*h)
	const r = 2
	for j := 0; j < h; j++ {
		y0, y1 := max(0, j-r), min(h, j+r+1)
		for i := 0; i < w; i++ {
			x0, x1 := max(0, i-r), min(w, i+r+1)
			cnt := float64((x1 - x0) * (y1 - y0))
			m := boxSum(ws.sy, w, x0, y0, x1, y1) / cnt
			v := boxSum(ws.syy, w, x0, y0, x1, y1)/cnt - m*m
			ws.sdScratch[j*w+i] = float32(math.Sqrt(max(v, 0)))
		}
	}
}

// sigmaBands is how many horizontal bands the clutter level is measured
// in (it falls with range in oblique views).
const sigmaBands = 8

// bandSigma is the sea clutter level of each band of rows, from the
// contrast of its water (of the whole frame's water when it has little)
// before normalising: its median over a half-Gaussian's (sigmaQ), so
// that whitecaps, vessels, even a large one, and land taken for water do
// not raise it much; at least floor.
func (ws *workspace) bandSigma(z []float32, floor float64) []float64 {
	out := make([]float64, sigmaBands)
	var hist, all [1024]int
	total := 0
	short := make([]bool, sigmaBands)
	for b := range sigmaBands {
		j0, j1 := max(ws.sky, b*ws.h/sigmaBands), (b+1)*ws.h/sigmaBands
		clear(hist[:])
		n := 0
		for k := j0 * ws.w; k < j1*ws.w; k++ {
			if ws.water[k] {
				i := min(int(z[k]*2), len(hist)-1)
				hist[i]++
				all[i]++
				n++
			}
		}
		total += n
		// Little water here: the frame's water level is used instead.
		if short[b] = n < (j1-j0)*ws.w/10; !short[b] {
			out[b] = max(floor, quantileHalves(&hist, n, sigmaQ)/sigmaQZ)
		}
	}
	frame := floor
	if total > 0 {
		frame = max(floor, quantileHalves(&all, total, sigmaQ)/sigmaQZ)
	}
	for b := range out {
		if short[b] {
			out[b] = frame
		}
	}
	return out
}

// sigmaQ is the quantile of the water's contrast the clutter level is
// read from, and sigmaQZ that quantile of a half-Gaussian of unit sigma:
// the median resists land and shadow taken for water (lawns, reeds)
// better than a higher quantile does.
const sigmaQ, sigmaQZ = 0.5, 0.674

// quantileHalves is the q quantile of a histogram of n values in halves.
func quantileHalves(hist *[1024]int, n int, q float64) float64 {
	acc := 0
	for i, c := range hist {
		acc += c
		if float64(acc) >= q*float64(n) {
			return float64(i) / 2
		}
	}
	return float64(len(hist)) / 2
}

// skyRows is how many working rows from the top look above the horizon
// (or beyond the pose's range) plus the padding; 0 without a pose.
func (ws *workspace) skyRows(p Params, pose *gcs.CameraPose) int {
	if pose == nil {
		return 0
	}
	rows := 0
	for j := 0; j < ws.h; j++ {
		v := (float64(j) + 0.5) / float64(ws.h)
		a, okA := pose.PixelToSea(0, v)
		b, okB := pose.PixelToSea(1, v)
		if okA && okB && !(a.Clipped && b.Clipped) {
			break
		}
		rows = j + 1
	}
	if rows == 0 {
		return 0
	}
	return min(ws.h, rows+p.HorizonPad)
}

func (ws *workspace) trace(b *blob, why string) {
	if ws.tracef != nil {
		ws.tracef(b, why)
	}
}
