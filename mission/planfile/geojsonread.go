package planfile

import (
	"encoding/json"
	"fmt"

	"skerry/mission"
)

// geoReader accumulates a plan from features.
type geoReader struct {
	p       *mission.Plan
	l       mission.Issues
	sawPlan bool
}

// str reads a string property, "" when absent or not a string.
func str(props map[string]json.RawMessage, key string) string {
	var s string
	_ = json.Unmarshal(props[key], &s)
	return s
}

// altRef reads the "alt_ref" property; absent means relative.
func (g *geoReader) altRef(i int, props map[string]json.RawMessage) mission.AltRef {
	if _, ok := props["alt_ref"]; !ok {
		return mission.AltRelative
	}
	ref := mission.AltRef(str(props, "alt_ref"))
	if !ref.Valid() {
		g.l.Warnf(mission.SectionPlan, i, "alt_ref", "feature %d: alt_ref %q is not relative, amsl or terrain; read as relative", i, ref)
		return mission.AltRelative
	}
	return ref
}

// feature adds feature i to the plan.
func (g *geoReader) feature(i int, f geoFeatureIn) error {
	kind := str(f.Properties, "kind")
	switch kind {
	case geoKindPlan:
		return g.plan(i, f)
	case geoKindHome:
		pos, err := pointOf(f, g.altRef(i, f.Properties))
		if err == nil && pos.Current() {
			g.l.Infof(mission.SectionHome, -1, "", "feature %d: home at 0, 0: the home is not known; the vehicle flies from its own home", i)
			return nil
		}
		g.p.Home = &pos
		return err
	case geoKindFencePolygon, geoKindFenceCircle:
		return g.zone(i, kind, f)
	case geoKindFenceReturn:
		pos, err := pointOf(f, g.altRef(i, f.Properties))
		g.p.Fence.Return = &pos
		return err
	case geoKindRally:
		pos, err := pointOf(f, g.altRef(i, f.Properties))
		g.p.Rally = append(g.p.Rally, mission.RallyPoint{Pos: pos})
		return err
	}
	if _, ok := kindTypes[mission.Kind(kind)]; !ok {
		g.l.Warnf(mission.SectionPlan, i, "kind", "feature %d: unknown kind %q; skipped", i, kind)
		return nil
	}
	return g.item(i, mission.Kind(kind), f)
}

func (g *geoReader) plan(i int, f geoFeatureIn) error {
	if g.sawPlan {
		g.l.Warnf(mission.SectionPlan, i, "kind", "feature %d: second plan feature overrides the first", i)
	}
	g.sawPlan = true
	b, _ := json.Marshal(f.Properties)
	var pp struct {
		Version      num       `json:"version"`
		Name         string    `json:"name"`
		VehicleType  num       `json:"vehicle_type"`
		Firmware     num       `json:"firmware"`
		CruiseSpeed  num       `json:"cruise_speed"`
		HoverSpeed   num       `json:"hover_speed"`
		FenceFloor   *altProps `json:"fence_floor"`
		FenceCeiling *altProps `json:"fence_ceiling"`
		FenceRadius  *num      `json:"fence_radius"`
	}
	if err := json.Unmarshal(b, &pp); err != nil {
		return err
	}
	if pp.Version != geoFormatVersion {
		g.l.Warnf(mission.SectionPlan, i, "version", "plan version %g, read as %d", float64(pp.Version), geoFormatVersion)
	}
	g.p.Name = pp.Name
	g.p.VehicleType, _ = intOf(float64(pp.VehicleType), 0, 1<<31-1)
	g.p.Firmware, _ = intOf(float64(pp.Firmware), 0, 1<<31-1)
	g.p.CruiseSpeed, g.p.HoverSpeed = zeroNaN(float64(pp.CruiseSpeed)), zeroNaN(float64(pp.HoverSpeed))
	g.p.Fence.Floor, g.p.Fence.Ceiling = altOf(pp.FenceFloor), altOf(pp.FenceCeiling)
	if pp.FenceRadius != nil {
		r := float64(*pp.FenceRadius)
		g.p.Fence.Radius = &r
	}
	return nil
}

func altOf(a *altProps) *mission.Altitude {
	if a == nil {
		return nil
	}
	return &mission.Altitude{M: float64(a.M), Ref: a.Ref}
}

func (g *geoReader) zone(i int, kind string, f geoFeatureIn) error {
	var z mission.Zone
	if err := setZoneProps(&z, f.Properties); err != nil {
		return err
	}
	if kind == geoKindFenceCircle {
		pos, err := pointOf(f, mission.AltRelative)
		if err != nil {
			return err
		}
		var r num
		if raw, ok := f.Properties["radius"]; ok {
			if err := json.Unmarshal(raw, &r); err != nil {
				return fmt.Errorf("radius: %w", err)
			}
		}
		z.Circle = &mission.Circle{Center: pos.Point, Radius: float64(r)}
	} else {
		ring, holes, err := ringOf(f)
		if err != nil {
			return err
		}
		if holes > 0 {
			g.l.Warnf(mission.SectionFence, len(g.p.Fence.Zones), "polygon", "feature %d: %d holes dropped; express them as exclusion zones", i, holes)
		}
		z.Polygon = ring
	}
	g.p.Fence.Zones = append(g.p.Fence.Zones, z)
	return nil
}

func setZoneProps(z *mission.Zone, props map[string]json.RawMessage) error {
	var inc flag
	var grp num
	if raw, ok := props["inclusion"]; ok {
		if err := json.Unmarshal(raw, &inc); err != nil {
			return fmt.Errorf("inclusion: %w", err)
		}
	}
	if raw, ok := props["group"]; ok {
		if err := json.Unmarshal(raw, &grp); err != nil {
			return fmt.Errorf("group: %w", err)
		}
	}
	z.Inclusion = bool(inc)
	var ok bool
	if z.Group, ok = intOf(zeroNaN(float64(grp)), -1<<31, 1<<31-1); !ok {
		return fmt.Errorf("group %g is not an integer", float64(grp))
	}
	return nil
}

func (g *geoReader) item(i int, kind mission.Kind, f geoFeatureIn) error {
	var pos mission.Position
	if _, positional := mission.PositionOf(zeroItem(kind)); positional {
		var err error
		if pos, err = pointOf(f, g.altRef(i, f.Properties)); err != nil {
			return err
		}
	}
	it, err := itemFromProps(kind, f.Properties, pos)
	if err != nil {
		return err
	}
	n := len(g.p.Mission)
	if raw, ok := f.Properties["index"]; ok {
		if x, err := parseNum(raw); err != nil || x != float64(n) {
			g.l.Warnf(mission.SectionMission, n, "index", "feature %d: index %s, but it is mission item %d (file order wins)", i, raw, n)
		}
	}
	if n >= mission.MaxItems {
		return fmt.Errorf("more than %d mission items", mission.MaxItems)
	}
	g.p.Mission = append(g.p.Mission, it)
	return nil
}

// zeroItem returns the zero value of kind's type.
func zeroItem(kind mission.Kind) mission.Item {
	it, _ := itemFromProps(kind, nil, mission.Position{})
	return it
}
