package detect

// cleanWater clears the regions of the water mask (connected 4-way,
// below the sky) that are not water: those smaller than PuddleFrac of the
// frame, and those whose mean brightness is more than WaterBright levels
// from the largest region's. Lawns, reeds, sand and shadow that share
// the water's colour are enclosed by land and differ in brightness; the
// sea, its glint and whitecaps, and the gaps between moored boats that
// open onto it are one large region. Left in, they would be taken for
// water round a tree (a false vessel) and raise the clutter level.
func (ws *workspace) cleanWater(p Params) {
	w, h := ws.w, ws.h
	n := w * h
	ws.label = grow(ws.label, n)
	clear(ws.label)
	type region struct {
		start, size int
		meanY       float64
	}
	var regions []region
	members := ws.puddleScratch[:0]
	for s := ws.sky * w; s < n; s++ {
		if !ws.water[s] || ws.label[s] != 0 {
			continue
		}
		id := int32(len(regions) + 1)
		start := len(members)
		members = ws.flood(members, s, id, true)
		var sumY float64
		for _, k := range members[start:] {
			sumY += float64(ws.y[k])
		}
		size := len(members) - start
		regions = append(regions, region{start: start, size: size, meanY: sumY / float64(size)})
	}
	ws.puddleScratch = members
	main := -1
	for i, r := range regions {
		if main < 0 || r.size > regions[main].size {
			main = i
		}
	}
	limit := int(p.PuddleFrac * float64(n-ws.sky*w))
	for i, r := range regions {
		if i == main {
			continue
		}
		dy := r.meanY - regions[main].meanY
		if r.size < limit || dy > p.WaterBright || dy < -p.WaterBright {
			for _, k := range members[r.start : r.start+r.size] {
				ws.water[k] = false
			}
		}
	}
}

// flood labels id on the region of pixels below the sky, 4-connected to s,
// whose water mask is water (and not labelled yet), appending them to
// members; s itself must be of the region.
func (ws *workspace) flood(members []int32, s int, id int32, water bool) []int32 {
	w, n := ws.w, ws.w*ws.h
	top := ws.sky * w
	start := len(members)
	members = append(members, int32(s))
	ws.label[s] = id
	for q := start; q < len(members); q++ {
		k := int(members[q])
		i := k % w
		visit := func(m int) {
			if ws.water[m] == water && ws.label[m] == 0 {
				ws.label[m] = id
				members = append(members, int32(m))
			}
		}
		if i > 0 {
			visit(k - 1)
		}
		if i < w-1 {
			visit(k + 1)
		}
		if k-w >= top {
			visit(k - w)
		}
		if k+w < n {
			visit(k + w)
		}
	}
	return members
}

// seamReach is the widest line of water, in working pixels, that
// closeSeams closes (an edge's texture spreads over the smoothing
// windows, so a seam is a few pixels wide).
const seamReach = 5

// closeSeams marks as not water the thin lines of water that run between
// non-water on both sides, across or down: where two parts of one thing
// meet (a ship's containers, a hull's plates), the edge's texture passes
// the water's test and would cut the thing in two.
func (ws *workspace) closeSeams() {
	w, h := ws.w, ws.h
	seams := ws.stack[:0]
	// A run of water pixels from index k0 by step, n long, dry at both ends.
	scan := func(first, step, count int) {
		run, dryBefore := 0, false
		for q := range count {
			k := first + q*step
			if ws.water[k] {
				run++
				continue
			}
			if dryBefore && run > 0 && run <= seamReach {
				for r := 1; r <= run; r++ {
					seams = append(seams, int32(k-r*step))
				}
			}
			run, dryBefore = 0, true
		}
	}
	for j := ws.sky; j < h; j++ {
		scan(j*w, 1, w)
	}
	for i := range w {
		scan(ws.sky*w+i, w, h-ws.sky)
	}
	for _, k := range seams {
		ws.water[k] = false
	}
	ws.stack = seams
}
