package validate

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"skerry/mission"
	"skerry/mission/airspace"
	"skerry/mission/geoid"
	"skerry/mission/profile"
)

// airspace checks every distinct leg against the official zones within the
// margin that are active during the flight window, one volume (layer) at
// a time: a leg meets a zone where it comes within the margin of one of
// its layers horizontally at heights that layer's limits do not clearly
// leave out. The heights are those the leg has over that layer, not over
// the whole leg or another layer.
func (c *checker) airspace() {
	if c.op.Zones == nil || c.op.Zones.Len() == 0 {
		return
	}
	if c.op.When.IsZero() {
		c.add(mission.SeverityInfo, -1, RuleAirspace, "", "no planned start time: every zone is taken as active")
	}
	margin := c.margin()
	rt := c.rt
	active := map[*airspace.Zone]bool{}
	for _, l := range rt.legs {
		na, nb := rt.nodes[l.a], rt.nodes[l.b]
		meets := func(n airspace.Near) bool {
			on, seen := active[n.Zone]
			if !seen {
				on = c.activeInWindow(n.Zone)
				active[n.Zone] = on
			}
			return on && c.vertically(n, na, nb)
		}
		for _, z := range c.op.Zones.AlongWhere(na.pt, nb.pt, margin, meets) {
			c.zoneViolation(z, na.item, nb.item, margin)
		}
	}
}

// margin is the clearance from zones.
func (c *checker) margin() float64 {
	switch {
	case c.op.Margin > 0:
		return c.op.Margin
	case c.op.Profile.ContingencyMargin > 0:
		return c.op.Profile.ContingencyMargin
	}
	return DefaultMargin
}

// zoneViolation reports a leg within the margin of zone z.
func (c *checker) zoneViolation(z *airspace.Zone, a, b int, margin float64) {
	e := z.Effect(c.op.Authorisations)
	name := z.ID
	if z.Name != "" {
		name += " (" + z.Name + ")"
	}
	msg := fmt.Sprintf("leg within %g m of zone %s, %s: %s", margin, name, z.Restriction, e.Reason)
	if z.Message != "" {
		msg += "; " + z.Message
	}
	if len(e.Conditions) > 0 {
		msg += "; conditions: " + strings.Join(e.Conditions, "; ")
	}
	sev := mission.SeverityInfo
	switch e.Kind {
	case airspace.EffectExclusion:
		sev = mission.SeverityError
		msg += "; contact: " + contacts(z)
	case airspace.EffectWarning:
		sev = mission.SeverityWarning
	}
	c.addLeg(sev, a, b, RuleAirspace, zoneSource(z), "%s", msg)
}

// zoneSource names the zone, its authorities and the format it came from.
func zoneSource(z *airspace.Zone) string {
	var names []string
	for _, a := range z.Authorities {
		names = append(names, a.Name)
	}
	s := "zone " + z.ID
	if len(names) > 0 {
		s += ", " + strings.Join(names, ", ")
	}
	if z.Source != "" {
		s += " (" + z.Source + ")"
	}
	return s
}

// contacts lists how to reach the zone's authorities.
func contacts(z *airspace.Zone) string {
	var out []string
	for _, a := range z.Authorities {
		parts := []string{a.Name}
		for _, s := range []string{a.Service, a.ContactName, a.Email, a.Phone, a.SiteURL} {
			if s != "" {
				parts = append(parts, s)
			}
		}
		if a.IntervalBefore != "" {
			parts = append(parts, "ask "+airspace.HumanDuration(a.IntervalBefore)+" before")
		}
		out = append(out, strings.Join(parts, ", "))
	}
	if len(out) == 0 {
		return "no authority given"
	}
	return strings.Join(out, " | ")
}

// activeInWindow reports whether z applies at any moment of [When,
// When+Duration]: sampled each minute and at every period start inside.
// Zero When counts every zone.
func (c *checker) activeInWindow(z *airspace.Zone) bool {
	start := c.op.When
	if start.IsZero() {
		return true
	}
	end := start.Add(c.rt.duration)
	if z.ActiveAt(start) || z.ActiveAt(end) {
		return true
	}
	for _, a := range z.Applicability {
		if a.Start != nil && a.Start.After(start) && a.Start.Before(end) && z.ActiveAt(*a.Start) {
			return true
		}
	}
	for t := start.Truncate(time.Minute).Add(time.Minute); t.Before(end); t = t.Add(time.Minute) {
		if z.ActiveAt(t) {
			return true
		}
	}
	return false
}

// vertically reports whether the leg a→b may meet the volume n.Volume in
// height over the part of the leg near it (n.From to n.To); unsure means
// yes.
func (c *checker) vertically(n airspace.Near, a, b node) bool {
	at := func(t float64) float64 { return a.amsl + (b.amsl-a.amsl)*t }
	lo, hi := math.Min(at(n.From), at(n.To)), math.Max(at(n.From), at(n.To))
	t := (n.From + n.To) / 2
	mid := orb.Point{a.pt[0] + (b.pt[0]-a.pt[0])*t, a.pt[1] + (b.pt[1]-a.pt[1])*t}
	floor, ceiling := c.limitAMSL(n.Volume.Lower, mid, false), c.limitAMSL(n.Volume.Upper, mid, true)
	return hi >= floor && lo <= ceiling
}

// limitAMSL converts a zone limit to AMSL at p, taking the value that
// makes the zone larger: the lowest floor, the highest ceiling. AGL limits
// over land without a known ground give the floor at the limit (ground
// taken at sea level or above) and no ceiling.
func (c *checker) limitAMSL(l airspace.Limit, p orb.Point, upper bool) float64 {
	if l.Unlimited {
		return math.Inf(1)
	}
	switch l.Ref {
	case airspace.AMSL:
		return l.M
	case airspace.WGS84:
		return geoid.ToAMSL(p[1], p[0], l.M)
	}
	s := c.op.Surface
	if s.Water {
		tide := s.TideRange
		if tide <= 0 {
			tide = profile.DefaultTideRange
		}
		if upper {
			return l.M + tide/2
		}
		return l.M - tide/2
	}
	if g, ok := c.ground(p); ok && s.Terrain != nil {
		return l.M + g
	}
	if upper {
		return math.Inf(1)
	}
	return l.M
}
