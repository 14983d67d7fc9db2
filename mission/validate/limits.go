package validate

import (
	"fmt"
	"math"

	"skerry/mission"
	"skerry/mission/local"
	"skerry/mission/profile"
)

// heights converts every flown position to the profile's height reference
// and checks it against MaxHeight. Approximations are noted once.
func (c *checker) heights() {
	p := c.op.Profile
	rt := c.rt
	var approx []int
	for k := 1; k < len(rt.nodes); k++ {
		n := &rt.nodes[k]
		if n.item < 0 || n.orbit {
			continue // where the vehicle is already, or an orbit at its centre's height: legs are checked
		}
		pos, _ := mission.PositionOf(c.plan.Mission[n.item])
		var note mission.Issues
		switch p.HeightRef {
		case profile.RefAMSL:
			n.height = n.amsl
		case profile.RefTakeoff:
			n.height = n.rel
		default:
			n.height, note = c.surfaceHeight(n, pos.Alt)
		}
		for _, is := range note {
			if is.Severity == mission.SeverityWarning {
				approx = append(approx, n.item)
			} else if c.once("height-note: " + is.Message) {
				c.add(is.Severity, n.item, profile.RuleMaxHeight, c.cite(profile.RuleMaxHeight), "%s", is.Message)
			}
		}
		if !finiteNum(n.height) {
			c.add(mission.SeverityError, n.item, profile.RuleMaxHeight, c.cite(profile.RuleMaxHeight), "height of item %d is not a number (%g, from %v): not checked", n.item, n.height, pos.Alt)
			continue
		}
		rt.maxHeight = math.Max(rt.maxHeight, n.height)
		if p.MaxHeight > 0 && n.height > p.MaxHeight {
			c.add(mission.SeverityError, n.item, profile.RuleMaxHeight, c.cite(profile.RuleMaxHeight),
				"height %.1f m (%s, from %v) exceeds %g m: %s", n.height, p.HeightRef, pos.Alt, p.MaxHeight, c.ruleText(profile.RuleMaxHeight))
		}
	}
	if len(approx) > 0 {
		c.add(mission.SeverityWarning, approx[0], profile.RuleMaxHeight, c.cite(profile.RuleMaxHeight),
			"approximate height check for %d item(s) (first %d): no terrain data, ground assumed at 0 m AMSL", len(approx), approx[0])
	}
}

// surfaceHeight is the largest likely height above the surface. A
// terrain-referenced altitude is already a height above the ground.
func (c *checker) surfaceHeight(n *node, alt mission.Altitude) (float64, mission.Issues) {
	s := c.op.Surface
	if alt.Ref == mission.AltTerrain && !s.Water {
		return alt.M, nil
	}
	if s.Ground == nil {
		s.Ground = c.groundRef()
	}
	return profile.HeightAboveSurface(n.pt[1], n.pt[0], n.amsl, s)
}

// groundRef is the ground heights are measured from where no terrain data
// covers the route: the take-off point's, which the route's home gives —
// the vehicle's own home when checked for a vehicle, the plan's home when
// it is AMSL, the terrain at home — or nil when none of them knows it.
func (c *checker) groundRef() *profile.Ground {
	home := c.rt.nodes[0]
	switch {
	case c.op.Overrides && c.op.Home != nil:
		return &profile.Ground{M: home.amsl, Source: "the vehicle's home"}
	case c.plan.Home != nil && c.plan.Home.Alt.Ref == mission.AltAMSL:
		return &profile.Ground{M: home.amsl, Source: "the plan's home"}
	case c.plan.Home == nil && c.op.Home != nil && c.op.Home.Alt.Ref == mission.AltAMSL:
		return &profile.Ground{M: home.amsl, Source: "the operation's home"}
	}
	if g, ok := c.ground(home.pt); ok {
		return &profile.Ground{M: g, Source: "the terrain at home"}
	}
	return nil
}

// speeds checks speed changes and the plan's speeds against MaxSpeed. An
// air speed that a tailwind pushes over a ground-speed limit is a warning.
func (c *checker) speeds() {
	limit := c.op.Profile.MaxSpeed
	if limit <= 0 {
		return
	}
	check := func(item int, what string, v float64, air bool) {
		switch {
		case v > limit:
			c.add(mission.SeverityError, item, profile.RuleMaxSpeed, c.cite(profile.RuleMaxSpeed), "%s %.1f m/s exceeds %.1f m/s: %s", what, v, limit, c.ruleText(profile.RuleMaxSpeed))
		case air && v+c.op.Wind.Speed > limit:
			c.add(mission.SeverityWarning, item, profile.RuleMaxSpeed, c.cite(profile.RuleMaxSpeed), "%s %.1f m/s plus a %.1f m/s tailwind exceeds %.1f m/s ground speed", what, v, c.op.Wind.Speed, limit)
		}
	}
	check(-1, "plan cruise speed", c.plan.CruiseSpeed, true)
	check(-1, "plan hover speed", c.plan.HoverSpeed, true)
	check(-1, "vehicle cruise speed", c.op.Vehicle.CruiseSpeed, true)
	for i, it := range c.plan.Mission {
		if s, ok := it.(mission.SpeedChange); ok && (s.Type == mission.SpeedAir || s.Type == mission.SpeedGround) {
			check(i, string(s.Type)+" speed", s.Speed, s.Type == mission.SpeedAir)
		}
	}
}

// ranges checks the distance from the pilot (or, where the profile
// allows, the nearest observer) and the practical visual range of VLOS
// profiles. A leg from one centre is farthest at an end; with observers
// legs are sampled every 10 m.
func (c *checker) ranges() {
	p := c.op.Profile
	limit, rule, src := p.MaxRangeFromPilot, profile.RuleRange, c.cite(profile.RuleRange)
	if p.VLOS && (limit <= 0 || limit > DefaultVisualRange) {
		limit, rule = DefaultVisualRange, profile.RuleVLOS
		src = c.cite(profile.RuleVLOS) + fmt.Sprintf("; practical visual range %g m (Skerry default)", DefaultVisualRange)
	}
	if limit <= 0 {
		return
	}
	if c.op.Pilot == nil {
		c.add(mission.SeverityInfo, -1, RuleNotChecked, src, "no pilot position: %s range (%g m) not checked", rule, limit)
		return
	}
	rt := c.rt
	centres := []xy{rt.pr.XY(*c.op.Pilot)}
	radii := []float64{limit}
	if p.MaxRangeWithObservers > 0 {
		for _, o := range c.op.Observers {
			centres, radii = append(centres, rt.pr.XY(o)), append(radii, p.MaxRangeWithObservers)
		}
	}
	covered := func(q xy) (bool, float64) {
		d0 := local.Dist(q, centres[0])
		for i, ctr := range centres {
			if local.InOrOnCircle(ctr, radii[i], q) { // a legal maximum: exactly at it is lawful
				return true, d0
			}
		}
		return false, d0
	}
	bad := map[int]bool{}
	for k := 1; k < len(rt.nodes); k++ {
		n := rt.nodes[k]
		if ok, d := covered(n.p); !ok {
			bad[k] = true
			switch {
			case n.item == ItemVehicle: // already there: an order may bring it back
			case n.orbit:
				if c.once(fmt.Sprint("range-orbit-", n.item)) {
					c.add(mission.SeverityError, n.item, rule, src, "its orbit reaches %.0f m from the pilot, beyond the %g m range%s", d, limit, observerNote(len(centres)))
				}
			default:
				c.add(mission.SeverityError, n.item, rule, src, "%.0f m from the pilot, beyond the %g m range%s", d, limit, observerNote(len(centres)))
			}
		}
	}
	if len(centres) == 1 {
		return
	}
	for _, l := range rt.legs {
		if bad[l.a] || bad[l.b] {
			continue
		}
		for _, q := range samples(rt.nodes[l.a].p, rt.nodes[l.b].p, 10, 5000) {
			if ok, _ := covered(q); !ok {
				a, b := rt.legItems(l)
				c.addLeg(mission.SeverityError, a, b, rule, src, "leg leaves the range of the pilot and every observer near %.5f, %.5f", rt.pr.Point(q)[1], rt.pr.Point(q)[0])
				break
			}
		}
	}
}

func observerNote(n int) string {
	if n > 1 {
		return " and of every observer"
	}
	return ""
}

// area checks that every position and leg is strictly inside the
// operation area: on its boundary is outside.
func (c *checker) area() {
	if len(c.op.Area) == 0 {
		return
	}
	const src = "operation area (Operation.Area)"
	rt := c.rt
	ar := rt.pr.Polygon(c.op.Area)
	out := map[int]bool{}
	for k, n := range rt.nodes {
		if rt.flown(k) && !local.InPolygon(ar, n.p) {
			out[k] = true
			if n.item != ItemVehicle { // already there: an order may bring it back
				c.add(mission.SeverityError, n.item, RuleArea, src, "%s at %.5f, %.5f is outside the operation area", itemName(n.item), n.pt[1], n.pt[0])
			}
		}
	}
	for _, l := range rt.legs {
		if !out[l.a] && !out[l.b] && !local.SegInPolygon(ar, rt.nodes[l.a].p, rt.nodes[l.b].p) {
			a, b := rt.legItems(l)
			c.addLeg(mission.SeverityError, a, b, RuleArea, src, "leg leaves the operation area")
		}
	}
}

// fence checks positions and legs (every 10 m) against the plan's own
// geofence, and against the fence the vehicle keeps besides it
// (Operation.VehicleFence): both are enforced by the autopilot, which
// returns or lands at a breach, so a route that crosses either is not
// flown as planned. A fence radius is measured from home.
func (c *checker) fence() {
	c.fenceOf(c.plan.Fence, RuleFence, "the plan's fence", "plan geofence (mission.FenceWatch)")
	c.fenceOf(c.op.VehicleFence, RuleVehicleFence, "the vehicle's own fence, which the upload keeps", "vehicle fence settings (Operation.VehicleFence)")
}

// fenceOf checks the route against fence f under rule.
func (c *checker) fenceOf(f mission.Fence, rule, what, src string) {
	rt := c.rt
	w := mission.NewFenceWatch(f).WithHome(rt.nodes[0].pt)
	if w == nil {
		return
	}
	sample := func(q xy, amsl, rel float64) mission.Verdict {
		pt := rt.pr.Point(q)
		return w.Check(mission.Sample{Lat: pt[1], Lon: pt[0], AltAMSL: amsl, AltRel: rel})
	}
	bad := map[int]bool{}
	for k, n := range rt.nodes {
		if k == 0 || n.orbit {
			continue // home is on the ground, usually at the fence's return point; orbits: by their legs
		}
		if v := sample(n.p, n.amsl, n.rel); v.Breach != "" {
			bad[k] = true
			if n.item != ItemVehicle { // already there: an order may bring it back
				c.add(mission.SeverityError, n.item, rule, src, "breaches %s: %s (%s)", what, v.Breach, v.Detail)
			}
		}
	}
	for _, l := range rt.legs {
		if bad[l.a] || bad[l.b] {
			continue
		}
		home := l.a == 0 || l.b == 0 // climbing from or descending to the ground
		na, nb := rt.nodes[l.a], rt.nodes[l.b]
		for _, q := range samples(na.p, nb.p, 10, 5000) {
			t := 0.0
			if d := local.Dist(na.p, nb.p); d > 0 {
				t = local.Dist(na.p, q) / d
			}
			if v := sample(q, na.amsl+t*(nb.amsl-na.amsl), na.rel+t*(nb.rel-na.rel)); v.Breach != "" && !(home && v.Breach == "min_alt") {
				c.addLeg(mission.SeverityError, na.item, nb.item, rule, src, "leg breaches %s: %s (%s)", what, v.Breach, v.Detail)
				break
			}
		}
	}
}
