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
	var hist [waterBins * waterBins]int32
	rough := p.WaterRough
	for k := ws.sky * w; k < n; k++ {
		if float64(ws.sdScratch[k]) < rough {
			cb, cr := hue(ws.cb[k], ws.y[k]), hue(ws.cr[k], ws.y[k])
			hist[bin(cb)*waterBins+bin(cr)]++
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
	tol := float32(p.WaterTol)
	for k := range n {
		dcb, dcr := hue(ws.cb[k], ws.y[k])-mcb, hue(ws.cr[k], ws.y[k])-mcr
		ws.water[k] = dcb*dcb+dcr*dcr <= tol*tol && float64(ws.sdScratch[k]) < rough
	}
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
func (ws *workspace) maskLand(p Params) {
	w, h := ws.w, ws.h
	n := w * h
	ws.label = grow(ws.label, n)
	clear(ws.label)
	limit := int(p.LandFrac * float64(n))
	var members []int32
	id := int32(0)
	for s := ws.sky * w; s < n; s++ {
		if ws.water[s] || ws.label[s] != 0 {
			continue
		}
		id++
		members = append(members[:0], int32(s))
		ws.label[s] = id
		for q := 0; q < len(members); q++ {
			k := int(members[q])
			i, j := k%w, k/w
			for _, nb := range [4][2]int{{i - 1, j}, {i + 1, j}, {i, j - 1}, {i, j + 1}} {
				if nb[0] < 0 || nb[0] >= w || nb[1] < ws.sky || nb[1] >= h {
					continue
				}
				m := nb[1]*w + nb[0]
				if !ws.water[m] && ws.label[m] == 0 {
					ws.label[m] = id
					members = append(members, int32(m))
				}
			}
		}
		if len(members) > limit {
			for _, k := range members {
				ws.z[k] = 0
			}
		}
	}
	ws.stack = ws.stack[:0]
}

// hue scales a chroma sample to a mid brightness: shadowed water keeps
// its colour but loses its strength.
func hue(c, y float32) float32 { return c * 128 / max(y, 32) }
