package track

import (
	"cmp"
	"math"
	"slices"
)

// looseSigma widens a placement's error for a second look: a detection
// no track took, outside every gate, updates a track that got nothing
// this frame but had one in the camera's previous frame when it lies
// within the gate at looseSigma times its stated error (updating it at
// that error) rather than start a track beside it. (Tracks the camera
// has lost for longer are left alone: a boat coming into view as the
// camera leaves another would take its id.) Placements err more than they state now and then (a gimbal
// mid-slew, a pose report late, glare on the hull); a track started
// there is the same boat, and the pair trades its detections until they
// merge, or for good once they were both hit in one frame.
const looseSigma = 2.0

// vagueness is what pairing a measurement (error sigma) with track c
// costs beyond their squared Mahalanobis distance: the log of how much
// the innovation's spread has grown since the track's last hit (0 for a
// track hit in the camera's previous frame), at most maxVagueness.
// Without it a track coasting unseen, its uncertainty grown, is as near
// as a tracked one to a detection half as far and takes it (the least
// squared Mahalanobis distance favours vague tracks). Only the growth
// counts: a track whose placements are vague (a ship seen whole, ±120 m)
// is not the worse for it.
func vagueness(c *contact, sigma float64) float64 {
	r := sigma * sigma
	grown := func(p, at float64) float64 { return max(math.Log((p+r)/(at+r)), 0) }
	return min(grown(c.f.e.pxx, c.hitP[0])+grown(c.f.n.pxx, c.hitP[1]), maxVagueness)
}

const maxVagueness = 6.0

// associate pairs the frame's measurements that stand for themselves
// (dupOf -1) with tracks: the least total squared Mahalanobis distance
// within the gate (a track this camera hit within continuity counts at
// half, one it hit in its previous frame at a quarter; plus vagueness),
// then the rest at looseSigma. It returns each measurement's
// track (nil: none) and widens the error of those taken at looseSigma.
func (t *Tracker) associate(f *Frame, ms []meas, dupOf []int) []*contact {
	got := make([]*contact, len(ms))
	var cols []int // measurements that stand for themselves
	for j := range ms {
		if dupOf[j] < 0 {
			cols = append(cols, j)
		}
	}
	if len(cols) == 0 || len(t.tracks) == 0 {
		return got
	}
	key := sightingKey(f.Vehicle, f.Stream)
	gated := func(c *contact, m meas, widen float64) (float64, bool) {
		d2 := c.f.distance2(m.east, m.north, m.sigma*widen)
		return d2, d2 <= t.cfg.Gate && dist(c.f.e.x, c.f.n.x, m.east, m.north) <= t.cfg.MaxGate
	}
	var rows []*contact
	var cost [][]float64
	for _, c := range t.tracks {
		var row []float64
		for k, j := range cols {
			d2, ok := gated(c, ms[j], 1)
			if !ok {
				continue
			}
			if sg, seen := c.seen[key]; seen && f.Captured.Sub(sg.At) < continuity {
				d2 /= 2 // this camera's own track: keep to it while it gates
				if c.seenAt(key, t.previous[key]) {
					d2 /= 2 // and the one it hit last
				}
			}
			d2 += vagueness(c, ms[j].sigma)
			if row == nil {
				row = make([]float64, len(cols))
				for i := range row {
					row[i] = math.Inf(1)
				}
			}
			row[k] = d2
		}
		if row != nil {
			rows = append(rows, c)
			cost = append(cost, row)
		}
	}
	taken := map[*contact]bool{}
	// Leaving a track or a detection alone costs more than any gated
	// pair: the gate says what may pair, the cost which pairs.
	for r, k := range assign(cost, (t.cfg.Gate+maxVagueness)/2) {
		if k >= 0 {
			got[cols[k]] = rows[r]
			taken[rows[r]] = true
		}
	}
	// A second look, nearest first, for what is left.
	type pair struct {
		c  *contact
		j  int
		d2 float64
	}
	var pairs []pair
	for _, j := range cols {
		if got[j] != nil {
			continue
		}
		for _, c := range t.tracks {
			if taken[c] || !c.seenAt(key, t.previous[key]) {
				continue
			}
			if d2, ok := gated(c, ms[j], looseSigma); ok {
				pairs = append(pairs, pair{c, j, d2})
			}
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int { return cmp.Compare(a.d2, b.d2) })
	for _, p := range pairs {
		if taken[p.c] || got[p.j] != nil {
			continue
		}
		taken[p.c], got[p.j] = true, p.c
		ms[p.j].sigma *= looseSigma
		ms[p.j].loose = true
	}
	return got
}
