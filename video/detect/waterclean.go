package detect

// dropPuddles clears the water mask's small connected (4-way) regions:
// fewer than PuddleFrac of the frame's pixels below the sky. Patches of
// lawn, reeds and tree shadow that share the water's colour are small
// and enclosed by land; the sea, and the gaps between moored boats that
// open onto it, are one large region. They would otherwise be taken for
// water round a tree (a false vessel) and raise the clutter level.
func (ws *workspace) dropPuddles(p Params) {
	w, h := ws.w, ws.h
	n := w * h
	limit := int(p.PuddleFrac * float64(n-ws.sky*w))
	if limit < 1 {
		return
	}
	ws.label = grow(ws.label, n)
	clear(ws.label)
	members := ws.puddleScratch[:0]
	for s := ws.sky * w; s < n; s++ {
		if !ws.water[s] || ws.label[s] != 0 {
			continue
		}
		members = append(members[:0], int32(s))
		ws.label[s] = 1
		for q := 0; q < len(members); q++ {
			k := int(members[q])
			i, j := k%w, k/w
			for _, nb := range [4][2]int{{i - 1, j}, {i + 1, j}, {i, j - 1}, {i, j + 1}} {
				if nb[0] < 0 || nb[0] >= w || nb[1] < ws.sky || nb[1] >= h {
					continue
				}
				m := nb[1]*w + nb[0]
				if ws.water[m] && ws.label[m] == 0 {
					ws.label[m] = 1
					members = append(members, int32(m))
				}
			}
		}
		if len(members) < limit {
			for _, k := range members {
				ws.water[k] = false
			}
		}
	}
	ws.puddleScratch = members[:0]
}
