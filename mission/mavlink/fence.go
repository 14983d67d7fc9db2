package mavlink

import (
	"math"

	"github.com/paulmach/orb"

	"skerry/mission"
)

// FenceItems converts a fence to MAVLink fence items (type 1): each polygon
// as consecutive vertices (5001/5002, param1 vertex count, param2 group),
// each circle as one item (5003/5004, param1 radius, param2 group), then
// the return point (5000). Floor, ceiling and radius cannot be expressed
// as items and are reported (set them with parameters: ArduPilot
// FENCE_ALT_MIN / FENCE_ALT_MAX / FENCE_RADIUS, PX4 GF_MAX_VER_DIST /
// GF_MAX_HOR_DIST).
func FenceItems(f mission.Fence) ([]MAVItem, mission.Issues) {
	var l mission.Issues
	var out []MAVItem
	add := func(r mission.RawItem, i int) {
		out = append(out, toMAV(r, len(out), TypeFence, &l, mission.SectionFence, i))
	}
	for i, z := range f.Zones {
		if z.Circle != nil {
			cmd := mission.CmdFenceCircleExclude
			if z.Inclusion {
				cmd = mission.CmdFenceCircleInclude
			}
			add(fenceRaw(cmd, z.Circle.Center, z.Circle.Radius, z.Group), i)
			continue
		}
		cmd := mission.CmdFencePolygonExclude
		if z.Inclusion {
			cmd = mission.CmdFencePolygonInclude
		}
		for _, p := range z.Polygon {
			add(fenceRaw(cmd, p, float64(len(z.Polygon)), z.Group), i)
		}
	}
	if f.Return != nil {
		add(mission.RawItemAt(mission.CmdFenceReturnPoint, *f.Return), -1)
	}
	if f.Floor != nil || f.Ceiling != nil {
		l.Warnf(mission.SectionFence, -1, "ceiling", "fence floor/ceiling cannot be sent as fence items; set them as vehicle parameters")
	}
	if f.Radius != nil {
		l.Warnf(mission.SectionFence, -1, "radius", "the fence radius from home cannot be sent as a fence item; set it as a vehicle parameter")
	}
	return out, l
}

func fenceRaw(cmd uint16, p orb.Point, p1 float64, group int) mission.RawItem {
	return mission.RawItem{Command: cmd, Frame: mission.FrameGlobal, AutoContinue: true,
		Params: [7]float64{p1, float64(group), 0, 0, p[1], p[0], 0}}
}

// DecodeFence converts MAVLink fence items (type 1) to a fence. It checks
// that polygon vertices come consecutively with a consistent count ≥ 3 and
// group, and reports items it cannot use.
func DecodeFence(items []MAVItem) (mission.Fence, mission.Issues) {
	var l mission.Issues
	var f mission.Fence
	checkSeqs(&l, mission.SectionFence, items, TypeFence)
	for i := 0; i < len(items); {
		r := fromMAV(items[i])
		pt := orb.Point{r.Params[5], r.Params[4]}
		switch r.Command {
		case mission.CmdFencePolygonInclude, mission.CmdFencePolygonExclude:
			i = decodePolygon(&l, &f, items, i)
			continue
		case mission.CmdFenceCircleInclude, mission.CmdFenceCircleExclude:
			g, ok := intOf(r.Params[1], 0, 255)
			if !ok {
				l.Errorf(mission.SectionFence, i, "param2", "inclusion group %g is not an integer in 0..255", r.Params[1])
			}
			f.Zones = append(f.Zones, mission.Zone{Inclusion: r.Command == mission.CmdFenceCircleInclude, Group: g,
				Circle: &mission.Circle{Center: pt, Radius: r.Params[0]}})
		case mission.CmdFenceReturnPoint:
			if f.Return != nil {
				l.Warnf(mission.SectionFence, i, "", "second return point replaces the first")
			}
			pos, ok := r.Position()
			if !ok {
				l.Warnf(mission.SectionFence, i, "frame", "return point frame %d is not global; read as relative", r.Frame)
				pos.Alt.Ref = mission.AltRelative
			}
			f.Return = &pos
		default:
			l.Errorf(mission.SectionFence, i, "command", "command %d is not a fence item; dropped", r.Command)
		}
		i++
	}
	l = append(l, f.Validate()...)
	return f, l
}

// decodePolygon reads the polygon starting at items[i] and returns the
// index after it.
func decodePolygon(l *mission.Issues, f *mission.Fence, items []MAVItem, i int) int {
	first := items[i]
	n, ok := intOf(float64(first.Param1), 3, len(items)-i)
	if !ok {
		l.Errorf(mission.SectionFence, i, "param1", "vertex count %g must be an integer ≥ 3 with that many items left (%d); item dropped", first.Param1, len(items)-i)
		return i + 1
	}
	ring := make(orb.Ring, 0, n)
	for k := i; k < i+n; k++ {
		m := items[k]
		if m.Command != first.Command || m.Param1 != first.Param1 || m.Param2 != first.Param2 {
			l.Errorf(mission.SectionFence, k, "", "polygon starting at item %d has %d vertices but item %d breaks it (command %d, count %g, group %g); polygon dropped",
				i, n, k, m.Command, m.Param1, m.Param2)
			return k
		}
		r := fromMAV(m)
		ring = append(ring, orb.Point{r.Params[5], r.Params[4]})
	}
	g, ok := intOf(float64(first.Param2), 0, 255)
	if !ok {
		l.Errorf(mission.SectionFence, i, "param2", "inclusion group %g is not an integer in 0..255", first.Param2)
	}
	f.Zones = append(f.Zones, mission.Zone{Inclusion: first.Command == mission.CmdFencePolygonInclude, Group: g, Polygon: ring})
	return i + n
}

// intOf converts f to an int in [lo, hi] when it is an integer.
func intOf(f float64, lo, hi int) (int, bool) {
	if !finite(f) || f != math.Trunc(f) || f < float64(lo) || f > float64(hi) {
		return 0, false
	}
	return int(f), true
}
