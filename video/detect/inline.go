package detect

import "math"

// piece is a kept blob's shape, for joinInLine: its centre, main axis
// (unit vector), length along it and its moments, in working pixels.
type piece struct {
	box                 int // index in the boxes
	cx, cy, ux, uy, l   float64
	w                   float64
	cxx, cyy, cxy, area float64
}

func newPiece(box int, b *blob) piece {
	l, w, ux, uy := b.axes()
	n := float64(b.area)
	mx, my := b.sx/n, b.sy/n
	return piece{box: box, cx: mx, cy: my, ux: ux, uy: uy, l: l, w: w,
		cxx: b.sxx/n - mx*mx + 1.0/12, cyy: b.syy/n - my*my + 1.0/12, cxy: b.sxy/n - mx*my, area: n}
}

// across is the piece's extent across direction (nx, ny), from its
// moments (as axes measures length and width).
func (p piece) across(nx, ny float64) float64 {
	v := nx*nx*p.cxx + 2*nx*ny*p.cxy + ny*ny*p.cyy
	return math.Sqrt(12 * max(v, 0))
}

// Shape of two pieces of one hull that a band of the water's colour cut
// apart (a container of the sea's colour on a ship's deck): the larger is
// long (inLineAspect), the smaller lies on its axis (off it by at most
// inLineOffset of its width), is no wider across it (inLineWidth), and
// the gap between them is at most inLineGap of that width.
const (
	inLineAspect = 2.5
	inLineOffset = 0.25
	inLineWidth  = 1.3
	inLineGap    = 1.0
)

// joinInLine merges the boxes of pieces that lie in line as one hull cut
// in two; boxes are in frame pixels, pieces in working pixels.
func joinInLine(boxes []Box, ps []piece) []Box {
	gone := make([]bool, len(boxes))
	for a := range ps {
		for b := range ps {
			pa, pb := ps[a], ps[b]
			if a == b || gone[pa.box] || gone[pb.box] || pa.area < pb.area || pa.l < inLineAspect*pa.w {
				continue
			}
			dx, dy := pb.cx-pa.cx, pb.cy-pa.cy
			along := math.Abs(dx*pa.ux + dy*pa.uy)
			off := math.Abs(-dx*pa.uy + dy*pa.ux)
			lb := pb.across(-pa.uy, pa.ux)
			gap := along - pa.l/2 - pb.across(pa.ux, pa.uy)/2
			if off > inLineOffset*pa.w || lb > inLineWidth*pa.w || gap > inLineGap*pa.w {
				continue
			}
			ba, bb := &boxes[pa.box], boxes[pb.box]
			x0, y0 := min(ba.X, bb.X), min(ba.Y, bb.Y)
			x1, y1 := max(ba.X+ba.W, bb.X+bb.W), max(ba.Y+ba.H, bb.Y+bb.H)
			ba.X, ba.Y, ba.W, ba.H, ba.Score = x0, y0, x1-x0, y1-y0, max(ba.Score, bb.Score)
			gone[pb.box] = true
		}
	}
	out := boxes[:0]
	for i, b := range boxes {
		if !gone[i] {
			out = append(out, b)
		}
	}
	return out
}
