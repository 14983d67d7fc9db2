package detect

import "math"

// blob is a connected set of contrasting working pixels, or several
// merged.
type blob struct {
	x0, y0, x1, y1 int // bounding box, [x0,x1)×[y0,y1), working pixels
	area           int
	maxZ, sumZ     float64
	glare          int // saturated colourless pixels
	hull           int // pixels not of the water's colour
	// first and second moments for the oriented size
	sx, sy, sxx, syy, sxy float64
	dead                  bool
	big                   bool // a large non-water region (maskLand)
	part                  bool // a hull split off a larger blob (hullCore)
}

// core shrinks the box of a contrast blob to its strong pixels (z at
// least frac of its peak, and at least ZHigh): a hull stands out more
// than the foam of its wake or the blur at its edge.
func (ws *workspace) core(b *blob, p Params) {
	if b.big || p.CoreFrac <= 0 {
		return
	}
	thr := float32(max(p.ZHigh, p.CoreFrac*b.maxZ))
	x0, y0, x1, y1 := b.x1, b.y1, b.x0, b.y0
	for j := b.y0; j < b.y1; j++ {
		for i := b.x0; i < b.x1; i++ {
			k := j*ws.w + i
			if ws.label[k] != 0 && ws.z[k] >= thr {
				x0, y0 = min(x0, i), min(y0, j)
				x1, y1 = max(x1, i+1), max(y1, j+1)
			}
		}
	}
	if x1 > x0 && y1 > y0 {
		b.x0, b.y0, b.x1, b.y1 = x0, y0, x1, y1
	}
}

// blobs labels the pixels above ZLow connected (8-way) to a seed above
// ZHigh and returns their blobs, those close together merged. A blob
// grows only over pixels not of the water's colour or above ZHigh:
// shadows and whitecaps next to a hull are water.
func (ws *workspace) blobs(p Params) []blob {
	w, h := ws.w, ws.h
	n := w * h
	ws.label = grow(ws.label, n)
	clear(ws.label)
	hi, hullLo := float32(p.ZHigh), float32(p.ZLow)
	glareY := float32(p.GlareY)
	var out []blob
	for s := range n {
		if ws.z[s] < hi || ws.label[s] != 0 {
			continue
		}
		id := int32(len(out) + 1)
		b := blob{x0: w, y0: h}
		ws.stack = append(ws.stack[:0], int32(s))
		ws.label[s] = id
		for len(ws.stack) > 0 {
			k := int(ws.stack[len(ws.stack)-1])
			ws.stack = ws.stack[:len(ws.stack)-1]
			i, j := k%w, k/w
			b.add(ws, k, glareY)
			if len(out) > 1<<16 { // pathological frames: stop labelling
				continue
			}
			for dj := -1; dj <= 1; dj++ {
				jj := j + dj
				if jj < 0 || jj >= h {
					continue
				}
				for di := -1; di <= 1; di++ {
					ii := i + di
					if ii < 0 || ii >= w {
						continue
					}
					q := jj*w + ii
					if ws.label[q] == 0 && (ws.z[q] >= hi || !ws.water[q] && ws.z[q] >= hullLo) {
						ws.label[q] = id
						ws.stack = append(ws.stack, int32(q))
					}
				}
			}
		}
		out = append(out, b)
		if len(out) >= maxBlobs {
			break
		}
	}
	return merge(out, p.MergeGap)
}

// add puts working pixel k in the blob: its box, area, contrast, moments,
// and whether it is of a hull's colour or glare (saturated and colourless
// from glareY).
func (b *blob) add(ws *workspace, k int, glareY float32) {
	i, j := k%ws.w, k/ws.w
	b.x0, b.y0 = min(b.x0, i), min(b.y0, j)
	b.x1, b.y1 = max(b.x1, i+1), max(b.y1, j+1)
	b.area++
	z := float64(ws.z[k])
	b.sumZ += z
	b.maxZ = max(b.maxZ, z)
	if !ws.water[k] {
		b.hull++
	}
	if ws.y[k] >= glareY && ws.cb[k]*ws.cb[k]+ws.cr[k]*ws.cr[k] < 100 {
		b.glare++
	}
	fi, fj := float64(i), float64(j)
	b.sx, b.sy, b.sxx, b.syy, b.sxy = b.sx+fi, b.sy+fj, b.sxx+fi*fi, b.syy+fj*fj, b.sxy+fi*fj
}

// noGlare is a glare level no pixel reaches.
const noGlare = float32(1e9)

// maxBlobs bounds the blobs of one frame (a frame of noise).
const maxBlobs = 4096

// merge joins blobs whose boxes, grown by gap, overlap, until none do.
func merge(bs []blob, gap int) []blob {
	for changed := true; changed; {
		changed = false
		for i := range bs {
			if bs[i].dead {
				continue
			}
			for j := i + 1; j < len(bs); j++ {
				a, b := &bs[i], &bs[j]
				if b.dead || a.x0-gap >= b.x1 || b.x0-gap >= a.x1 || a.y0-gap >= b.y1 || b.y0-gap >= a.y1 {
					continue
				}
				a.x0, a.y0 = min(a.x0, b.x0), min(a.y0, b.y0)
				a.x1, a.y1 = max(a.x1, b.x1), max(a.y1, b.y1)
				a.area += b.area
				a.maxZ = max(a.maxZ, b.maxZ)
				a.sumZ += b.sumZ
				a.glare += b.glare
				a.hull += b.hull
				a.sx, a.sy, a.sxx, a.syy, a.sxy = a.sx+b.sx, a.sy+b.sy, a.sxx+b.sxx, a.syy+b.syy, a.sxy+b.sxy
				b.dead = true
				changed = true
			}
		}
		if len(bs) > 512 { // one pass is enough for a cluttered frame
			break
		}
	}
	out := bs[:0]
	for _, b := range bs {
		if !b.dead {
			out = append(out, b)
		}
	}
	return out
}

// axes are the blob's oriented length and width in working pixels (a
// uniform rectangle of the same second moments) and the unit vector
// along its length.
func (b *blob) axes() (length, width, ux, uy float64) {
	n := float64(b.area)
	mx, my := b.sx/n, b.sy/n
	cxx := b.sxx/n - mx*mx + 1.0/12
	cyy := b.syy/n - my*my + 1.0/12
	cxy := b.sxy/n - mx*my
	tr, det := cxx+cyy, cxx*cyy-cxy*cxy
	d := math.Sqrt(max(tr*tr/4-det, 0))
	l1, l2 := tr/2+d, max(tr/2-d, 0)
	th := 0.5 * math.Atan2(2*cxy, cxx-cyy)
	return math.Sqrt(12 * l1), math.Sqrt(12 * l2), math.Cos(th), math.Sin(th)
}
