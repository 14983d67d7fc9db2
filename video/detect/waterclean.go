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
