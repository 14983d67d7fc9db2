package mavlink

import "skerry/mission"

// RallyItems converts rally points to MAVLink rally items (type 2, 5100).
func RallyItems(pts []mission.RallyPoint) ([]MAVItem, mission.Issues) {
	var l mission.Issues
	out := make([]MAVItem, 0, len(pts))
	for i, p := range pts {
		out = append(out, toMAV(mission.RawItemAt(mission.CmdRallyPoint, p.Pos), i, TypeRally, &l, mission.SectionRally, i))
	}
	return out, l
}

// DecodeRally converts MAVLink rally items (type 2) to rally points.
func DecodeRally(items []MAVItem) ([]mission.RallyPoint, mission.Issues) {
	var l mission.Issues
	checkSeqs(&l, mission.SectionRally, items, TypeRally)
	var out []mission.RallyPoint
	for i, m := range items {
		r := fromMAV(m)
		pos, ok := r.Position()
		switch {
		case r.Command != mission.CmdRallyPoint:
			l.Errorf(mission.SectionRally, i, "command", "command %d is not a rally point; dropped", r.Command)
			continue
		case !ok:
			l.Warnf(mission.SectionRally, i, "frame", "frame %d is not global; read as relative", r.Frame)
			pos.Alt.Ref = mission.AltRelative
		}
		if r.Params[0] != 0 || r.Params[1] != 0 || r.Params[2] != 0 || r.Params[3] != 0 {
			l.Warnf(mission.SectionRally, i, "params", "param1..4 (%g %g %g %g) are not kept", r.Params[0], r.Params[1], r.Params[2], r.Params[3])
		}
		out = append(out, mission.RallyPoint{Pos: pos})
	}
	l = append(l, mission.ValidateRally(out)...)
	return out, l
}
