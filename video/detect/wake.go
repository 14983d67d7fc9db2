package detect

// trimWake drops the foam of a wake from a blob: bright colourless pixels
// (chroma under FoamChroma, brightness at least FoamY) trailing a hull
// that is not. When at least WakeHull of the blob is not foam, the blob
// becomes that part alone (its box, size and shape); a blob all foam-like
// (a white hull, or a wake without a boat) is left whole for the other
// filters to judge.
func (ws *workspace) trimWake(b *blob, p Params) {
	if p.WakeHull <= 0 {
		return
	}
	fc2 := float32(p.FoamChroma * p.FoamChroma)
	fy := float32(p.FoamY)
	t := blob{x0: b.x1, y0: b.y1, x1: b.x0, y1: b.y0}
	foam := 0
	for j := b.y0; j < b.y1; j++ {
		for i := b.x0; i < b.x1; i++ {
			k := j*ws.w + i
			if b.big && ws.water[k] || !b.big && ws.label[k] == 0 {
				continue
			}
			if ws.y[k] >= fy && ws.cb[k]*ws.cb[k]+ws.cr[k]*ws.cr[k] < fc2 {
				foam++
				continue
			}
			t.add(ws, k, noGlare) // the bright part was the foam: no glare counted
		}
	}
	if foam == 0 || float64(t.area) < p.WakeHull*float64(t.area+foam) || t.area < 2 {
		return
	}
	// What is left must be a hull: if it is mostly of the water's colour
	// (churned water round a white hull dulled by haze), the "foam" was
	// the hull.
	if float64(t.hull) < p.MinHull*float64(t.area) {
		return
	}
	t.big = b.big
	if t.big {
		t.maxZ, t.sumZ = b.maxZ, b.maxZ*float64(t.area)
	}
	*b = t
}
