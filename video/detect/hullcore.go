package detect

// hullCore replaces a blob by its largest 8-connected part not of the
// water's colour (the hull), leaving out the water-coloured rest: a wake
// of churned water, the hull's shadow, ripples round it. It does so when
// that part has at least minCore pixels and at least share of the blob's
// pixels not of the water's colour (0: any share, for a blob mostly of
// the water's colour, whose hull made the wake). A blob without such a
// part is left whole (the hue filter then judges it). Pixels are glare
// from GlareY as in blobs.
//
// When it replaces the blob, hullCore appends to parts the blob's other
// such parts of at least PartShare of the largest's pixels and with a
// seed's contrast (ZHigh): two boats joined by glitter or a wake between
// them are two hulls, each to be judged on its own (filter asks a part
// for EdgeWater of water round it).
func (ws *workspace) hullCore(b *blob, p Params, share float64, parts []blob) []blob {
	minCore := max(p.MinPixels, 4)
	if b.big || b.hull < minCore || b.hull == b.area {
		return parts
	}
	w := ws.w
	bw, bh := b.x1-b.x0, b.y1-b.y0
	seen := grow(ws.coreSeen, bw*bh)
	clear(seen)
	ws.coreSeen = seen
	found := ws.coreParts[:0]
	best := -1
	for j := b.y0; j < b.y1; j++ {
		for i := b.x0; i < b.x1; i++ {
			k := j*w + i
			if seen[(j-b.y0)*bw+i-b.x0] || !ws.hullPixel(k) {
				continue
			}
			c := ws.growCore(b, i, j, seen, float32(p.GlareY))
			if c.area < minCore {
				continue
			}
			found = append(found, c)
			if best < 0 || c.area > found[best].area {
				best = len(found) - 1
			}
		}
	}
	ws.coreParts = found
	if best < 0 || float64(found[best].area) < share*float64(b.hull) {
		return parts
	}
	*b = found[best]
	for i, c := range found {
		if i == best || p.PartShare <= 0 || float64(c.area) < p.PartShare*float64(b.area) || c.maxZ < p.ZHigh {
			continue
		}
		// A hull is compact: a dock's or a shadow's fragment is not.
		if l, wd, _, _ := c.axes(); float64(c.area) < partFill*l*wd {
			continue
		}
		c.part = true
		parts = append(parts, c)
	}
	return parts
}

// partFill is how much of its oriented box a part split off a blob must
// fill.
const partFill = 0.5

// hullPixel is a pixel of some blob that is not of the water's colour.
func (ws *workspace) hullPixel(k int) bool { return ws.label[k] != 0 && !ws.water[k] }

// growCore floods the hull pixels 8-connected to (i, j) inside b's box.
func (ws *workspace) growCore(b *blob, i0, j0 int, seen []bool, glareY float32) blob {
	w, bw := ws.w, b.x1-b.x0
	c := blob{x0: b.x1, y0: b.y1, x1: b.x0, y1: b.y0}
	ws.stack = append(ws.stack[:0], int32(j0*w+i0))
	seen[(j0-b.y0)*bw+i0-b.x0] = true
	for len(ws.stack) > 0 {
		k := int(ws.stack[len(ws.stack)-1])
		ws.stack = ws.stack[:len(ws.stack)-1]
		i, j := k%w, k/w
		c.add(ws, k, glareY)
		for dj := -1; dj <= 1; dj++ {
			for di := -1; di <= 1; di++ {
				ii, jj := i+di, j+dj
				if ii < b.x0 || ii >= b.x1 || jj < b.y0 || jj >= b.y1 {
					continue
				}
				s := (jj-b.y0)*bw + ii - b.x0
				if !seen[s] && ws.hullPixel(jj*w+ii) {
					seen[s] = true
					ws.stack = append(ws.stack, int32(jj*w+ii))
				}
			}
		}
	}
	return c
}

// appearance is a blob's mean colour (Cb, Cr) and mean small-scale
// brightness spread over its pixels.
func (ws *workspace) appearance(b *blob) (cb, cr, rough float64) {
	n := 0
	for j := b.y0; j < b.y1; j++ {
		for i := b.x0; i < b.x1; i++ {
			k := j*ws.w + i
			if b.big && ws.water[k] || !b.big && !ws.hullPixel(k) {
				continue
			}
			cb += float64(ws.cb[k])
			cr += float64(ws.cr[k])
			rough += float64(ws.sdScratch[k])
			n++
		}
	}
	if n == 0 {
		return 0, 0, 0
	}
	return cb / float64(n), cr / float64(n), rough / float64(n)
}
