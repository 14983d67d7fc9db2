package profile

import (
	"errors"
	"fmt"
	"strings"

	"github.com/paulmach/orb"

	"skerry/mission"
)

// Waiver is a declared FAA certificate of waiver (14 CFR 107.200/107.205).
// Section says which rule it waives; the granted values say how far:
//   - "107.31" (visual line of sight): BVLOS, range up to MaxRangeFromPilot
//     (0 = as the certificate's area says, no range limit here);
//   - "107.35" (several aircraft): up to MaxAircraftPerPilot;
//   - "107.51" (operating limitations): height up to MaxHeight, speed up
//     to MaxSpeed;
//   - "107.29" (night/twilight lighting): night without the lights rule.
type Waiver struct {
	Section             string  `json:"section"`
	Certificate         string  `json:"certificate"`
	MaxRangeFromPilot   float64 `json:"max_range_from_pilot_m,omitempty"`
	MaxAircraftPerPilot int     `json:"max_aircraft_per_pilot,omitempty"`
	MaxHeight           float64 `json:"max_height_m,omitempty"`
	MaxSpeed            float64 `json:"max_speed_mps,omitempty"`
}

// waivable maps a 107.205 section to the rules it may loosen.
var waivable = map[string][]string{
	"107.31": {RuleVLOS, RuleRange, RuleRangeObservers},
	"107.35": {RuleAircraftPerPilot},
	"107.51": {RuleMaxHeight, RuleMaxSpeed},
	"107.29": {RuleNight},
}

func (w Waiver) validate(framework string) mission.Issues {
	var is mission.Issues
	if framework != "faa" {
		is = append(is, issue(mission.SeverityError, "waivers", "waiver %s: waivers exist only under 14 CFR 107 (framework faa), not %q", w.Section, framework))
	}
	if _, ok := waivable[w.Section]; !ok {
		is = append(is, issue(mission.SeverityError, "waivers", "waiver section %q is not one of 107.29, 107.31, 107.35, 107.51", w.Section))
	}
	if w.Certificate == "" {
		is = append(is, issue(mission.SeverityError, "waivers", "waiver %s has no certificate number", w.Section))
	}
	return is
}

func (w Waiver) name() string {
	return fmt.Sprintf("waiver %s (certificate %s)", w.Section, w.Certificate)
}

// allows reports whether the waiver permits rule id to take value v.
func (w Waiver) allows(id string, v float64) bool {
	if !contains(waivable[w.Section], id) {
		return false
	}
	switch id {
	case RuleRange, RuleRangeObservers:
		return w.MaxRangeFromPilot == 0 || (v > 0 && v <= w.MaxRangeFromPilot)
	case RuleAircraftPerPilot:
		return v <= float64(w.MaxAircraftPerPilot)
	case RuleMaxHeight:
		return v <= w.MaxHeight
	case RuleMaxSpeed:
		return w.MaxSpeed > 0 && v > 0 && v <= w.MaxSpeed
	}
	return true // VLOS, night: the section itself is the grant
}

// Authorisation is an EU operational authorisation (Reg. (EU) 2019/947
// Art. 12) as the operator copies it from the document: the authorised
// area and limits. It is what turns the eu-specific profile into one that
// validates.
type Authorisation struct {
	// Number and Authority identify the document.
	Number    string `json:"number"`
	Authority string `json:"authority"`
	// URL or document name of the authorisation.
	URL string `json:"url"`
	// Area is the authorised operation area (lon/lat ring, ≥ 3 points).
	Area orb.Ring `json:"area"`
	// MaxHeight is the authorised height above the surface, metres.
	MaxHeight float64 `json:"max_height_m"`
	// BVLOS is true if flights beyond visual line of sight are authorised.
	BVLOS bool `json:"bvlos"`
	// MaxRangeFromPilot in metres (0 = the area is the limit).
	MaxRangeFromPilot float64 `json:"max_range_from_pilot_m,omitempty"`
	// MaxAircraftPerPilot is the authorised number of aircraft per pilot.
	MaxAircraftPerPilot int `json:"max_aircraft_per_pilot"`
	// MaxSpeed in m/s (0 = none set by the authorisation).
	MaxSpeed float64 `json:"max_speed_mps,omitempty"`
	// Night is the authorised night rule.
	Night Night `json:"night"`
}

// Authorise applies an operational authorisation to a profile that needs
// one: its limits become the profile's, each rule citing the document.
func (p Profile) Authorise(a Authorisation) (Profile, mission.Issues, error) {
	if a.Number == "" || a.Authority == "" || a.URL == "" {
		return p, nil, errors.New("profile: authorisation needs number, authority and url/document")
	}
	if len(a.Area) < 3 {
		return p, nil, errors.New("profile: authorisation needs an area of at least 3 points")
	}
	src := Source{Ref: fmt.Sprintf("Operational authorisation %s (%s), Reg. (EU) 2019/947 Art. 12", a.Number, a.Authority), URL: a.URL}
	q := p
	q.Authorisation = &a
	q.MaxHeight, q.HeightRef, q.VLOS = a.MaxHeight, RefSurface, !a.BVLOS
	q.MaxRangeFromPilot, q.MaxRangeWithObservers = a.MaxRangeFromPilot, 0
	q.MaxAircraftPerPilot, q.MaxSpeed, q.Night = a.MaxAircraftPerPilot, a.MaxSpeed, a.Night
	q.Rules = withRules(p.Rules,
		Rule{RuleMaxHeight, fmt.Sprintf("Authorised max height %g m above the surface.", a.MaxHeight), src},
		Rule{RuleVLOS, fmt.Sprintf("BVLOS authorised: %t; only inside the authorised area.", a.BVLOS), src},
		Rule{RuleAircraftPerPilot, fmt.Sprintf("At most %d aircraft per remote pilot.", a.MaxAircraftPerPilot), src},
		Rule{RuleNight, fmt.Sprintf("Night: %s.", a.Night), src},
	)
	if a.MaxRangeFromPilot > 0 {
		q.Rules = withRules(q.Rules, Rule{RuleRange, fmt.Sprintf("At most %g m from the remote pilot.", a.MaxRangeFromPilot), src})
	}
	if a.MaxSpeed > 0 {
		q.Rules = withRules(q.Rules, Rule{RuleMaxSpeed, fmt.Sprintf("At most %g m/s.", a.MaxSpeed), src})
	}
	is := q.Validate()
	is = append(is, issue(mission.SeverityInfo, "authorisation", "limits from operational authorisation %s (%s)", a.Number, a.Authority))
	return q, is, is.Err()
}

// Waive declares waivers and raises the limits to what they grant. The
// report names each waiver.
func (p Profile) Waive(ws ...Waiver) (Profile, mission.Issues, error) {
	q := p
	q.Waivers = append(append([]Waiver(nil), p.Waivers...), ws...)
	next := q.Limits
	for _, w := range ws {
		switch w.Section {
		case "107.31":
			next.VLOS, next.MaxRangeFromPilot = false, w.MaxRangeFromPilot
		case "107.35":
			next.MaxAircraftPerPilot = max(next.MaxAircraftPerPilot, w.MaxAircraftPerPilot)
		case "107.51":
			next.MaxHeight = max(next.MaxHeight, w.MaxHeight)
			next.MaxSpeed = max(next.MaxSpeed, w.MaxSpeed)
		case "107.29":
			next.Night = NightAllowed
		}
	}
	return q.Tighten(next)
}

// Tighten returns p with the limits next. Each change must tighten
// (lower heights, ranges, speeds, aircraft counts, wind; raise distances
// and margins; stricter VLOS and night rules). A loosening is an error
// naming the rule, unless a declared waiver allows exactly that value:
// then an info issue names the waiver. Changing the height reference is
// refused.
func (p Profile) Tighten(next Limits) (Profile, mission.Issues, error) {
	if is := p.Validate(); is.HasErrors() {
		return p, is, fmt.Errorf("profile %q: %w", p.Name, is.Err())
	}
	var is mission.Issues
	var errs []string
	if next.HeightRef != p.HeightRef {
		errs = append(errs, fmt.Sprintf("%s: height reference %s cannot change to %s", RuleMaxHeight, p.HeightRef, next.HeightRef))
	}
	q := p
	q.Limits = next
	for _, c := range p.changes(next) {
		if c.tighter {
			is = append(is, issue(mission.SeverityInfo, c.id, "operator tightened %s: %s → %s", c.id, c.from, c.to))
			q.Rules = annotate(q.Rules, c.id, fmt.Sprintf(" Operator limit: %s (tightened from %s).", c.to, c.from),
				Source{Ref: fmt.Sprintf("Operator limit, tightening profile %s", p.Name), URL: urlOperator})
			continue
		}
		w, ok := p.waiverFor(c.id, c.v)
		if !ok {
			errs = append(errs, fmt.Sprintf("%s: %s → %s loosens the rule (%s)", c.id, c.from, c.to, p.ruleRef(c.id)))
			continue
		}
		is = append(is, issue(mission.SeverityInfo, c.id, "%s: %s → %s under %s", c.id, c.from, c.to, w.name()))
		q.Rules = annotate(q.Rules, c.id, fmt.Sprintf(" Waived to %s under %s.", c.to, w.name()),
			Source{Ref: fmt.Sprintf("14 CFR %s certificate of waiver %s (107.200)", w.Section, w.Certificate), URL: url107})
	}
	if len(errs) > 0 {
		for _, e := range errs {
			is = append(is, issue(mission.SeverityError, strings.SplitN(e, ":", 2)[0], "%s", e))
		}
		return p, is, fmt.Errorf("profile %q: cannot loosen: %s", p.Name, strings.Join(errs, "; "))
	}
	is = append(is, q.Validate()...)
	return q, is, is.Err()
}

func (p Profile) waiverFor(id string, v float64) (Waiver, bool) {
	for _, w := range p.Waivers {
		if w.allows(id, v) {
			return w, true
		}
	}
	return Waiver{}, false
}

func (p Profile) ruleRef(id string) string {
	if r, ok := p.Rule(id); ok {
		return r.Source.Ref
	}
	return "no source"
}

// change is one limit that differs between two Limits.
type change struct {
	id       string
	from, to string
	v        float64 // the new value, for waiver checks
	tighter  bool
}

func (p Profile) changes(n Limits) []change {
	o := p.Limits
	var cs []change
	num := func(id, unit string, a, b float64, lowerIsTighter, zeroIsNone bool) {
		if a == b {
			return
		}
		t := b < a
		if zeroIsNone { // 0 = no limit: going to 0 loosens, coming from 0 tightens
			t = (a == 0 && b > 0) || (b > 0 && b < a)
		}
		if !lowerIsTighter {
			t = b > a
		}
		cs = append(cs, change{id, fmtV(a, unit, zeroIsNone), fmtV(b, unit, zeroIsNone), b, t})
	}
	num(RuleMaxHeight, "m", o.MaxHeight, n.MaxHeight, true, false)
	if o.VLOS != n.VLOS {
		cs = append(cs, change{RuleVLOS, vlosName(o.VLOS), vlosName(n.VLOS), 0, n.VLOS})
	}
	num(RuleRange, "m", o.MaxRangeFromPilot, n.MaxRangeFromPilot, true, true)
	num(RuleRangeObservers, "m", o.MaxRangeWithObservers, n.MaxRangeWithObservers, true, true)
	num(RuleMaxSpeed, "m/s", o.MaxSpeed, n.MaxSpeed, true, true)
	num(RuleDistPeople, "m", o.MinDistancePeople, n.MinDistancePeople, false, false)
	num(RuleDistAssemblies, "m", o.MinDistanceAssemblies, n.MinDistanceAssemblies, false, false)
	num(RuleDistAerodrome, "m", o.MinDistanceAerodrome, n.MinDistanceAerodrome, false, false)
	num(RuleDistBuiltUp, "m", o.MinDistanceBuiltUp, n.MinDistanceBuiltUp, false, false)
	if o.Night != n.Night {
		cs = append(cs, change{RuleNight, string(o.Night), string(n.Night), 0, n.Night.rank() >= 0 && n.Night.rank() < o.Night.rank()})
	}
	num(RuleAircraftPerPilot, "", float64(o.MaxAircraftPerPilot), float64(n.MaxAircraftPerPilot), true, false)
	num(RuleMaxWind, "m/s", o.MaxWind, n.MaxWind, true, true)
	num(RuleContingency, "m horizontal", o.ContingencyMargin, n.ContingencyMargin, false, false)
	num(RuleContingency, "m vertical", o.ContingencyHeight, n.ContingencyHeight, false, false)
	return cs
}

func fmtV(v float64, unit string, zeroIsNone bool) string {
	if v == 0 && zeroIsNone {
		return "none"
	}
	return strings.TrimSpace(fmt.Sprintf("%g %s", v, unit))
}

func vlosName(v bool) string {
	if v {
		return "VLOS"
	}
	return "BVLOS"
}

// withRules returns rules with each of add replacing the rule of the same
// ID or appended.
func withRules(rules []Rule, add ...Rule) []Rule {
	out := append([]Rule(nil), rules...)
	for _, a := range add {
		i := indexRule(out, a.ID)
		if i < 0 {
			out = append(out, a)
			continue
		}
		out[i] = a
	}
	return out
}

// annotate appends note to rule id, or adds the rule with src if the
// profile had none (a limit the base did not set).
func annotate(rules []Rule, id, note string, src Source) []Rule {
	out := append([]Rule(nil), rules...)
	if i := indexRule(out, id); i >= 0 {
		out[i].Text += note
		return out
	}
	return append(out, Rule{ID: id, Text: strings.TrimSpace(note), Source: src})
}

func indexRule(rules []Rule, id string) int {
	for i, r := range rules {
		if r.ID == id {
			return i
		}
	}
	return -1
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
