package detect

import (
	"math"
	"slices"

	"skerry/gcs"
)

// filter keeps the blobs that look like vessels and returns their boxes in
// frame pixels, best first.
func (ws *workspace) filter(p Params, bs []blob, pose *gcs.CameraPose) []Box {
	var out []Box
	var pieces []piece
	for i := 0; i < len(bs); i++ { // hullCore may add parts to judge
		b := &bs[i]
		if b.area < 2 {
			continue
		}
		if !b.part {
			ws.trimWake(b, p)
			var parts []blob
			if float64(b.hull) < p.MinHull*float64(b.area) {
				parts = ws.hullCore(b, p, 0, nil)
			} else if p.HullShare > 0 {
				parts = ws.hullCore(b, p, p.HullShare, nil)
			}
			if len(parts) > 0 {
				bs = append(bs, parts...)
				b = &bs[i]
			}
		}
		bw, bh := b.x1-b.x0, b.y1-b.y0
		length, width, ux, uy := b.axes()
		fill := float64(b.area) / max(length*width, 1)
		if fill < p.MinFill || length > p.MaxAspect*max(width, 1) {
			ws.trace(b, "shape")
			continue
		}
		// Whitecaps and ripples are brighter or darker water, of its hue.
		if float64(b.hull) < p.MinHull*float64(b.area) {
			ws.trace(b, "hue")
			continue
		}
		// Glare: mostly saturated and colourless, and ragged.
		if float64(b.glare) > p.GlareFrac*float64(b.area) && float64(b.area) < p.GlareFill*float64(bw*bh) {
			ws.trace(b, "glare")
			continue
		}
		if cb, cr, _ := ws.appearance(b); p.Foliage > 0 && cb <= -p.Foliage && cr <= p.Foliage/2 {
			ws.trace(b, "foliage")
			continue
		}
		if !ws.sizeOK(p, b, length, width, ux, uy, pose) {
			ws.trace(b, "size")
			continue
		}
		minWater := p.MinWater
		if b.part {
			// A part of a larger blob stands apart from the rest only on
			// open water (on a lawn taken for water it is clutter).
			minWater = max(minWater, p.EdgeWater)
		}
		left, top, right, bottom := b.x0 == 0, b.y0 <= ws.sky, b.x1 == ws.w, b.y1 == ws.h
		switch edges := btoi(left) + btoi(top) + btoi(right) + btoi(bottom); {
		case edges == 2 && (left && right || top && bottom) && b.big && ws.waterAround(b) >= bigWater:
			// Across the frame with water on both sides: a ship passing
			// under the camera (a shore has water on one side only; a
			// pier at the shore is the station's to judge, knowing land).
			minWater = max(minWater, bigWater)
		case edges >= 2:
			// In a corner of the frame: a shore or a quay running out of
			// view, or a boat mostly out of it (seen whole later).
			ws.trace(b, "corner")
			continue
		case edges >= 1:
			// Cut by the frame's edge: what lies beyond is unknown
			// (most often more of the land that shows here).
			minWater = max(minWater, p.EdgeWater)
		}
		if wa := ws.waterAround(b); wa < minWater || b.big && wa < bigWater {
			ws.trace(b, "water")
			continue
		}
		ws.core(b, p)
		bw, bh = b.x1-b.x0, b.y1-b.y0
		ws.trace(b, "keep")
		mean := b.sumZ / float64(b.area)
		// A single sighting scores at most 1 - Confirm: seeing it again
		// adds the rest (history.update).
		score := (1 - p.Confirm) * (1 - math.Exp(-(mean+b.maxZ)/(4*p.ZHigh)))
		s := ws.scale
		pieces = append(pieces, newPiece(len(out), b))
		out = append(out, Box{X: float64(b.x0) * s, Y: float64(b.y0) * s, W: float64(bw) * s, H: float64(bh) * s, Score: score})
	}
	out = joinInLine(out, pieces)
	slices.SortFunc(out, func(a, b Box) int { return cmpDesc(a.Score, b.Score) })
	out = dropInner(out)
	if len(out) > p.MaxBoxes {
		out = out[:p.MaxBoxes]
	}
	return out
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// waterAround is the fraction of water in the ring around b: its box grown
// by half its size (at least 3 working pixels), less the box.
func (ws *workspace) waterAround(b *blob) float64 {
	m := max(3, max(b.x1-b.x0, b.y1-b.y0)/2)
	x0, y0 := max(0, b.x0-m), max(ws.sky, b.y0-m)
	x1, y1 := min(ws.w, b.x1+m), min(ws.h, b.y1+m)
	outer := float64((x1 - x0) * (y1 - y0))
	inner := float64((b.x1 - b.x0) * (b.y1 - b.y0))
	if outer-inner <= 0 || b.big && outer-inner < inner/4 {
		return 0 // no ring to speak of: the region fills the frame
	}
	wo := boxSum(ws.swat, ws.w, x0, y0, x1, y1)
	wi := boxSum(ws.swat, ws.w, b.x0, b.y0, b.x1, b.y1)
	return (wo - wi) / (outer - inner)
}

// sizeOK checks the blob's length and beam: in metres on the sea when
// the pose gives the ground sampling distance at the blob, in pixels
// otherwise.
func (ws *workspace) sizeOK(p Params, b *blob, length, width, ux, uy float64, pose *gcs.CameraPose) bool {
	if pose != nil {
		if gx, gy, ok := ws.gsd(pose, b); ok {
			lm := math.Hypot(length*ux*gx, length*uy*gy)
			wm := math.Hypot(-width*uy*gx, width*ux*gy)
			return lm >= p.MinLength && lm <= p.MaxLength && wm >= p.MinWidth
		}
	}
	maxPx := p.MaxFrac * float64(max(ws.w, ws.h))
	return length >= float64(p.MinPixels) && length <= maxPx && width >= 1
}

// gsd is the ground sampling distance at the blob's centre, metres per
// working pixel across (x) and down (y).
func (ws *workspace) gsd(pose *gcs.CameraPose, b *blob) (gx, gy float64, ok bool) {
	W, H := float64(ws.w), float64(ws.h)
	cx, cy := float64(b.x0+b.x1)/2, float64(b.y0+b.y1)/2
	c, ok1 := pose.PixelToSea(cx/W, cy/H)
	r, ok2 := pose.PixelToSea((cx+1)/W, cy/H)
	d, ok3 := pose.PixelToSea(cx/W, (cy+1)/H)
	if !ok1 || !ok2 || !ok3 || c.Clipped || r.Clipped || d.Clipped {
		return 0, 0, false
	}
	return metres(c, r), metres(c, d), true
}

// metres is the distance between two nearby sea points.
func metres(a, b gcs.SeaPoint) float64 {
	const rad = math.Pi / 180
	const earth = 6378137.0
	dn := (b.Lat - a.Lat) * rad * earth
	de := (b.Lon - a.Lon) * rad * earth * math.Cos(a.Lat*rad)
	return math.Hypot(dn, de)
}

// usablePose is pose when it can project pixels, nil otherwise.
func usablePose(pose *gcs.CameraPose) *gcs.CameraPose {
	if pose == nil {
		return nil
	}
	if _, ok := pose.PixelToSea(0.5, 0.5); !ok {
		return nil
	}
	return pose
}

// innerShare is how much of a box must lie inside a better one for the
// two to be one thing (the box of a hull's part inside the whole, or a
// large region and the contrast blob over it).
const innerShare = 0.8

// dropInner drops, from boxes sorted best first, each box lying mostly
// inside a better one: one boat gets one box.
func dropInner(boxes []Box) []Box {
	out := boxes[:0]
	for _, b := range boxes {
		inner := false
		for _, o := range out {
			ix := min(b.X+b.W, o.X+o.W) - max(b.X, o.X)
			iy := min(b.Y+b.H, o.Y+o.H) - max(b.Y, o.Y)
			if ix > 0 && iy > 0 && ix*iy >= innerShare*b.W*b.H {
				inner = true
				break
			}
		}
		if !inner {
			out = append(out, b)
		}
	}
	return out
}
