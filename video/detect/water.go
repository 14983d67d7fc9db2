package detect

import "math"

// waterBins is the colour histogram's side (Cb and Cr in 4-level bins).
const waterBins = 64

// waterMask marks water: pixels of the dominant colour among smooth ones
// (the sea fills most nadir and oblique frames; land, roofs and lawns
// differ in colour or texture). It also builds the mask's integral image.
func (ws *workspace) waterMask(p Params) {
	w, h := ws.w, ws.h
	n := w * h
	ws.water = grow(ws.water, n)
	ws.hcb, ws.hcr = grow(ws.hcb, n), grow(ws.hcr, n)
	const r = 2
	for j := 0; j < h; j++ {
		y0, y1 := max(0, j-r), min(h, j+r+1)
		for i := 0; i < w; i++ {
			x0, x1 := max(0, i-r), min(w, i+r+1)
			inv := 1 / float64((x1-x0)*(y1-y0))
			my := float32(boxSum(ws.sy, w, x0, y0, x1, y1) * inv)
			ws.hcb[j*w+i] = hue(float32(boxSum(ws.scb, w, x0, y0, x1, y1)*inv), my)
			ws.hcr[j*w+i] = hue(float32(boxSum(ws.scr, w, x0, y0, x1, y1)*inv), my)
		}
	}
	var hist [waterBins * waterBins]int32
	rough := max(p.WaterRough, 2*ws.medianSmooth())
	for k := ws.sky * w; k < n; k++ {
		if float64(ws.sdScratch[k]) < rough {
			hist[bin(ws.hcb[k])*waterBins+bin(ws.hcr[k])]++
		}
	}
	best := 0
	for b, c := range hist {
		if c > hist[best] {
			best = b
		}
	}
	mcb := (float32(best/waterBins)-waterBins/2)*4 + 2
	mcr := (float32(best%waterBins)-waterBins/2)*4 + 2
	// The tolerance grows with the water's colour: a strongly coloured
	// sea varies more in colour (whitecaps, haze, depth) than grey water.
	tol := max(float32(p.WaterTol), float32(p.WaterTolFrac)*float32(math.Hypot(float64(mcb), float64(mcr))))
	for k := range n {
		dcb, dcr := ws.hcb[k]-mcb, ws.hcr[k]-mcr
		ws.water[k] = dcb*dcb+dcr*dcr <= tol*tol
	}
	ws.closeSeams()
	ws.cleanWater(p)
	var wy float64
	wn := 0
	for k := range n {
		if ws.water[k] {
			wy += float64(ws.y[k])
			wn++
		}
	}
	ws.wy = float32(wy / float64(max(wn, 1)))
	ws.swat = grow(ws.swat, (w+1)*(h+1))
	clear(ws.swat[:w+1])
	for j := 0; j < h; j++ {
		var run float64
		ws.swat[(j+1)*(w+1)] = 0
		for i := 0; i < w; i++ {
			if ws.water[j*w+i] {
				run++
			}
			ws.swat[(j+1)*(w+1)+i+1] = ws.swat[j*(w+1)+i+1] + run
		}
	}
}

// bin is a chroma sample's histogram bin.
func bin(c float32) int {
	b := int(math.Floor(float64(c)/4)) + waterBins/2
	return min(max(b, 0), waterBins-1)
}

// maskLand zeroes the contrast of land: connected (4-way) regions of
// non-water larger than LandFrac of the frame (shores, trees, roofs and
// shadows are large; a vessel is a small island in the water).
//
// A large region that fills its oriented box, is smooth (hull plates,
// not trees) and is surrounded by water (a big ship seen close) is
// returned as a blob instead.
func (ws *workspace) maskLand(p Params) (big []blob) {
	w, h := ws.w, ws.h
	n := w * h
	ws.label = grow(ws.label, n)
	clear(ws.label)
	limit := int(p.LandFrac * float64(n))
	medSD := ws.medianSmooth()
	var members []int32
	id := int32(0)
	for s := ws.sky * w; s < n; s++ {
		if ws.water[s] || ws.label[s] != 0 {
			continue
		}
		id++
		members = ws.flood(members[:0], s, id, false)
		if len(members) <= limit {
			continue
		}
		b := blob{x0: w, y0: h, maxZ: p.ZHigh, sumZ: p.ZHigh * float64(len(members)), area: len(members), hull: len(members)}
		var rough, bright float64
		for _, k := range members {
			rough += float64(ws.sdScratch[k])
			bright += float64(ws.y[k])
			ws.z[k] = 0
			i, j := int(k)%w, int(k)/w
			b.x0, b.y0 = min(b.x0, i), min(b.y0, j)
			b.x1, b.y1 = max(b.x1, i+1), max(b.y1, j+1)
			fi, fj := float64(i), float64(j)
			b.sx, b.sy, b.sxx, b.syy, b.sxy = b.sx+fi, b.sy+fj, b.sxx+fi*fi, b.syy+fj*fj, b.sxy+fi*fj
		}
		b.big = true
		edges := btoi(b.x0 == 0) + btoi(b.y0 <= ws.sky) + btoi(b.x1 == w) + btoi(b.y1 == h)
		// Trees and their shadows are rough or darker than the water.
		smooth := rough/float64(len(members)) <= max(p.WaterRough, 2*medSD) &&
			bright/float64(len(members)) >= float64(ws.wy)
		l, wd, _, _ := b.axes()
		switch {
		case float64(b.area) < bigFill*l*wd || edges == 4:
			ws.trace(&b, "land")
		case !smooth && (edges > 0 || ws.waterAround(&b) < bigWater):
			// Rough or dark, and not an island in the frame: a ship's
			// deck cargo is rough and its hull dark, but water rings it.
			ws.trace(&b, "rough land")
		default:
			big = append(big, b)
		}
	}
	return big
}

// bigFill is how much of its oriented box a large region must fill to be taken
// for a vessel rather than land.
const bigFill = 0.5

// bigWater is how much water must ring a large region taken for a vessel.
const bigWater = 0.85

// medianSmooth is the median small-scale spread below the sky.
func (ws *workspace) medianSmooth() float64 {
	var hist [256]int
	n := 0
	for k := ws.sky * ws.w; k < ws.w*ws.h; k++ {
		hist[min(int(ws.sdScratch[k]*2), 255)]++
		n++
	}
	acc := 0
	for i, c := range hist {
		acc += c
		if 2*acc >= n {
			return float64(i) / 2
		}
	}
	return 0
}

// hue scales a chroma sample to a mid brightness: shadowed water keeps
// its colour but loses its strength.
func hue(c, _ float32) float32 { return c }

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
