package mavlink

import (
	"math"

	"github.com/paulmach/orb"

	. "skerry/mission"
)

// FenceItems converts a fence to MAVLink fence items (type 1): each polygon
// as consecutive vertices (5001/5002, param1 vertex count, param2 group),
// each circle as one item (5003/5004, param1 radius, param2 group), then
// the return point (5000). Floor and ceiling cannot be expressed as items
// and are reported (set them with parameters: ArduPilot FENCE_ALT_MIN /
// FENCE_ALT_MAX, PX4 GF_MAX_VER_DIST).
func FenceItems(f Fence) ([]MAVItem, Issues) {
	var l Issues
	var out []MAVItem
	add := func(r RawItem, i int) {
		out = append(out, toMAV(r, len(out), TypeFence, &l, SectionFence, i))
	}
	for i, z := range f.Zones {
		if z.Circle != nil {
			cmd := CmdFenceCircleExclude
			if z.Inclusion {
				cmd = CmdFenceCircleInclude
			}
			add(fenceRaw(cmd, z.Circle.Center, z.Circle.Radius, z.Group), i)
			continue
		}
		cmd := CmdFencePolygonExclude
		if z.Inclusion {
			cmd = CmdFencePolygonInclude
		}
		for _, p := range z.Polygon {
			add(fenceRaw(cmd, p, float64(len(z.Polygon)), z.Group), i)
		}
	}
	if f.Return != nil {
		add(RawItemAt(CmdFenceReturnPoint, *f.Return), -1)
	}
	if f.Floor != nil || f.Ceiling != nil {
		l.Warnf(SectionFence, -1, "ceiling", "fence floor/ceiling cannot be sent as fence items; set them as vehicle parameters")
	}
	return out, l
}

func fenceRaw(cmd uint16, p orb.Point, p1 float64, group int) RawItem {
	return RawItem{Command: cmd, Frame: FrameGlobal, AutoContinue: true,
		Params: [7]float64{p1, float64(group), 0, 0, p[1], p[0], 0}}
}

// DecodeFence converts MAVLink fence items (type 1) to a fence. It checks
// that polygon vertices come consecutively with a consistent count ≥ 3 and
// group, and reports items it cannot use.
func DecodeFence(items []MAVItem) (Fence, Issues) {
	var l Issues
	var f Fence
	checkSeqs(&l, SectionFence, items, TypeFence)
	for i := 0; i < len(items); {
		r := fromMAV(items[i])
		pt := orb.Point{r.Params[5], r.Params[4]}
		switch r.Command {
		case CmdFencePolygonInclude, CmdFencePolygonExclude:
			i = decodePolygon(&l, &f, items, i)
			continue
		case CmdFenceCircleInclude, CmdFenceCircleExclude:
			g, ok := intOf(r.Params[1], 0, 255)
			if !ok {
				l.Errorf(SectionFence, i, "param2", "inclusion group %g is not an integer in 0..255", r.Params[1])
			}
			f.Zones = append(f.Zones, Zone{Inclusion: r.Command == CmdFenceCircleInclude, Group: g,
				Circle: &Circle{Center: pt, Radius: r.Params[0]}})
		case CmdFenceReturnPoint:
			if f.Return != nil {
				l.Warnf(SectionFence, i, "", "second return point replaces the first")
			}
			pos, ok := r.Position()
			if !ok {
				l.Warnf(SectionFence, i, "frame", "return point frame %d is not global; read as relative", r.Frame)
				pos.Alt.Ref = AltRelative
			}
			f.Return = &pos
		default:
			l.Errorf(SectionFence, i, "command", "command %d is not a fence item; dropped", r.Command)
		}
		i++
	}
	l = append(l, f.Validate()...)
	return f, l
}

// decodePolygon reads the polygon starting at items[i] and returns the
// index after it.
func decodePolygon(l *Issues, f *Fence, items []MAVItem, i int) int {
	first := items[i]
	n, ok := intOf(float64(first.Param1), 3, len(items)-i)
	if !ok {
		l.Errorf(SectionFence, i, "param1", "vertex count %g must be an integer ≥ 3 with that many items left (%d); item dropped", first.Param1, len(items)-i)
		return i + 1
	}
	ring := make(orb.Ring, 0, n)
	for k := i; k < i+n; k++ {
		m := items[k]
		if m.Command != first.Command || m.Param1 != first.Param1 || m.Param2 != first.Param2 {
			l.Errorf(SectionFence, k, "", "polygon starting at item %d has %d vertices but item %d breaks it (command %d, count %g, group %g); polygon dropped",
				i, n, k, m.Command, m.Param1, m.Param2)
			return k
		}
		r := fromMAV(m)
		ring = append(ring, orb.Point{r.Params[5], r.Params[4]})
	}
	g, ok := intOf(float64(first.Param2), 0, 255)
	if !ok {
		l.Errorf(SectionFence, i, "param2", "inclusion group %g is not an integer in 0..255", first.Param2)
	}
	f.Zones = append(f.Zones, Zone{Inclusion: first.Command == CmdFencePolygonInclude, Group: g, Polygon: ring})
	return i + n
}

// RallyItems converts rally points to MAVLink rally items (type 2, 5100).
func RallyItems(pts []RallyPoint) ([]MAVItem, Issues) {
	var l Issues
	out := make([]MAVItem, 0, len(pts))
	for i, p := range pts {
		out = append(out, toMAV(RawItemAt(CmdRallyPoint, p.Pos), i, TypeRally, &l, SectionRally, i))
	}
	return out, l
}

// DecodeRally converts MAVLink rally items (type 2) to rally points.
func DecodeRally(items []MAVItem) ([]RallyPoint, Issues) {
	var l Issues
	checkSeqs(&l, SectionRally, items, TypeRally)
	var out []RallyPoint
	for i, m := range items {
		r := fromMAV(m)
		pos, ok := r.Position()
		switch {
		case r.Command != CmdRallyPoint:
			l.Errorf(SectionRally, i, "command", "command %d is not a rally point; dropped", r.Command)
			continue
		case !ok:
			l.Warnf(SectionRally, i, "frame", "frame %d is not global; read as relative", r.Frame)
			pos.Alt.Ref = AltRelative
		}
		if r.Params[0] != 0 || r.Params[1] != 0 || r.Params[2] != 0 || r.Params[3] != 0 {
			l.Warnf(SectionRally, i, "params", "param1..4 (%g %g %g %g) are not kept", r.Params[0], r.Params[1], r.Params[2], r.Params[3])
		}
		out = append(out, RallyPoint{Pos: pos})
	}
	l = append(l, ValidateRally(out)...)
	return out, l
}

// intOf converts f to an int in [lo, hi] when it is an integer.
func intOf(f float64, lo, hi int) (int, bool) {
	if !finite(f) || f != math.Trunc(f) || f < float64(lo) || f > float64(hi) {
		return 0, false
	}
	return int(f), true
}
