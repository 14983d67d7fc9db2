package airspace

import (
	"strings"
)

// zone converts one Placemark through the GeoJSON properties path.
func (pm *kmlPlacemark) zone(rep *report, i int) (Zone, bool) {
	name := plainText(pm.Name)
	p := geojsonProps{Name: text(name), Message: text(plainText(pm.Description)), ID: text(strings.TrimSpace(pm.ID))}
	for _, d := range pm.Data {
		p.set(d.Name, d.Value)
	}
	for _, d := range pm.SimpleData {
		p.set(d.Name, d.Value)
	}
	polys := pm.polygons()
	if len(polys) == 0 {
		rep.warnf(i, "geometry", "placemark %q has no polygon (points and lines are not areas): skipped", name)
		return Zone{}, false
	}
	g, walls, heights := kmlVolumes(rep, i, polys)
	if walls > 0 {
		rep.infof(i, "geometry", "3D drawing read as footprint, floor and ceiling from its altitudes; its vertical walls skipped")
	}
	if p.Lower != "" || p.Upper != "" {
		if heights {
			rep.infof(i, "geometry", "limits given in ExtendedData: the altitudes of the drawing not used")
		}
		for k := range g.Geometries {
			g.Geometries[k].Layer = nil
		}
	}
	if p.Identifier == "" && p.ID == "" {
		if m := designator.FindString(strings.TrimSpace(name)); m != "" {
			p.Identifier = text(strings.NewReplacer(" ", "", "-", "").Replace(m))
		}
	}
	if p.Restriction == "" {
		if !pm.restrictionFromWords(rep, i, &p) && (heights || isAirspaceName(name)) {
			rep.errorf(i, "restriction", "zone %q: restriction unknown (neither its data nor its name, folder, style or description say prohibited, restricted or danger area): not used", name)
			return Zone{}, false
		}
	}
	return p.zone(rep, i, "", &g, "KML")
}

// set sets the property a KML ExtendedData name stands for.
func (p *geojsonProps) set(k, v string) {
	v = plainText(v)
	switch strings.ToLower(k) {
	case "id", "identifier":
		p.Identifier = text(v)
	case "restriction":
		p.Restriction = text(v)
	case "country":
		p.Country = text(v)
	case "lower":
		p.Lower = raw(v)
	case "upper":
		p.Upper = raw(v)
	case "lowerref", "lowerreference":
		p.LowerRef = text(v)
	case "upperref", "upperreference":
		p.UpperRef = text(v)
	case "uom":
		p.UOM = text(v)
	case "message":
		p.Message = text(v)
	}
}

// restrictionFromWords sets p's restriction (and a danger area's
// condition) from the kind of area the placemark's name, folders, style
// or description name, in that order; false when none does.
func (pm *kmlPlacemark) restrictionFromWords(rep *report, i int, p *geojsonProps) bool {
	sources := []struct{ what, text string }{{"name", plainText(pm.Name)}}
	for _, f := range pm.folders {
		sources = append(sources, struct{ what, text string }{"folder", f})
	}
	sources = append(sources, struct{ what, text string }{"style", strings.TrimPrefix(pm.StyleURL, "#")},
		struct{ what, text string }{"description", plainText(pm.Description)})
	for _, s := range sources {
		k, several := kindOf(s.text)
		if k == kindNone {
			continue
		}
		r, conds := k.zoneRule()
		if several {
			rep.warnf(i, "restriction", "its %s names several kinds of area: read as the strictest, %s", s.what, k)
		}
		rep.infof(i, "restriction", "%s (from its %s) read as %s", k, s.what, r)
		p.Restriction = text(r)
		p.Conditions = append(p.Conditions, conds...)
		return true
	}
	return false
}

// airspaceWords are kinds of airspace whose UAS rules are national: a
// zone named so comes from an authority, not from a hand drawing.
var airspaceWords = []string{"CTR", "ATZ", "TMA", "CTA", "MATZ", "HTZ", "TMZ", "RMZ", "TSA", "TRA", "FIR", "UIR", "ADIZ", "MCTR", "AWY"}

// isAirspaceName reports whether a name holds one of airspaceWords.
func isAirspaceName(name string) bool {
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') }) {
		if containsWord(airspaceWords, strings.ToUpper(w)) {
			return true
		}
	}
	return false
}
