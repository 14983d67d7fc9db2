// Package profile holds regulation profiles: named rule sets (height,
// range, speed, distances, night, aircraft per pilot, margins) where every
// rule names the regulation it comes from. A profile can be tightened by an
// operator but never loosened, except exactly as far as a declared waiver or
// authorisation allows. The package is pure: no network, no goroutines.
package profile

import (
	"fmt"
	"math"

	"skerry/mission"
)

// SectionProfile is the mission.Section of issues about a profile.
const SectionProfile mission.Section = "profile"

// HeightRef says what a profile's MaxHeight is measured from.
type HeightRef string

// Height references.
const (
	// RefSurface is height above the closest point of the ground or the sea
	// surface (EASA "closest point of the surface of the earth", FAA AGL).
	RefSurface HeightRef = "surface"
	// RefTakeoff is height above the take-off point.
	RefTakeoff HeightRef = "takeoff"
	// RefAMSL is altitude above mean sea level.
	RefAMSL HeightRef = "amsl"
)

// Night says whether flights at night are allowed.
type Night string

// Night rules, from the strictest to the loosest.
const (
	NightForbidden  Night = "forbidden"
	NightWithLights Night = "lights"
	NightAllowed    Night = "allowed"
)

func (n Night) rank() int {
	switch n {
	case NightForbidden:
		return 0
	case NightWithLights:
		return 1
	case NightAllowed:
		return 2
	}
	return -1
}

// Source is where a rule comes from.
type Source struct {
	// Ref is the regulation reference, e.g. "Reg. (EU) 2019/947 Art. 4(1)(e)".
	Ref string `json:"ref"`
	// URL or document name where the text can be read.
	URL string `json:"url"`
}

// Rule is one documented rule of a profile. ID ties it to a limit
// (see the Rule* constants); rules without a limit (geo-zones, training)
// use any other ID.
type Rule struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Source Source `json:"source"`
}

// Rule IDs that document the fields of Limits.
const (
	RuleMaxHeight        = "max-height"
	RuleVLOS             = "vlos"
	RuleRange            = "max-range"
	RuleRangeObservers   = "max-range-observers"
	RuleMaxSpeed         = "max-speed"
	RuleDistPeople       = "min-distance-people"
	RuleDistAssemblies   = "min-distance-assemblies"
	RuleDistAerodrome    = "min-distance-aerodrome"
	RuleDistBuiltUp      = "min-distance-built-up"
	RuleNight            = "night"
	RuleAircraftPerPilot = "aircraft-per-pilot"
	RuleMaxWind          = "max-wind"
	RuleContingency      = "contingency"
)

// Limits are the numbers of a profile. Distances in metres, speeds in m/s.
// A zero range, speed or wind means "no limit from this profile"; a zero
// minimum distance or margin means "no such rule".
type Limits struct {
	MaxHeight             float64   `json:"max_height_m"`
	HeightRef             HeightRef `json:"height_ref"`
	VLOS                  bool      `json:"vlos"`
	MaxRangeFromPilot     float64   `json:"max_range_from_pilot_m,omitempty"`
	MaxRangeWithObservers float64   `json:"max_range_with_observers_m,omitempty"`
	MaxSpeed              float64   `json:"max_speed_mps,omitempty"`
	MinDistancePeople     float64   `json:"min_distance_people_m,omitempty"`
	MinDistanceAssemblies float64   `json:"min_distance_assemblies_m,omitempty"`
	MinDistanceAerodrome  float64   `json:"min_distance_aerodrome_m,omitempty"`
	// MinDistanceBuiltUp is the distance from residential, commercial,
	// industrial or recreational areas (EU open A3).
	MinDistanceBuiltUp  float64 `json:"min_distance_built_up_m,omitempty"`
	Night               Night   `json:"night"`
	MaxAircraftPerPilot int     `json:"max_aircraft_per_pilot"`
	// MaxWind is the operator's wind limit; 0 = the manufacturer's.
	MaxWind           float64 `json:"max_wind_mps,omitempty"`
	ContingencyMargin float64 `json:"contingency_margin_m,omitempty"`
	ContingencyHeight float64 `json:"contingency_height_m,omitempty"`
}

// Profile is a named, documented rule set.
type Profile struct {
	// Name is the key ("state", "faa-107", ...).
	Name string `json:"name"`
	// Title is a one-line human name.
	Title string `json:"title"`
	// Doc explains the scope and the choices made.
	Doc string `json:"doc,omitempty"`
	// Framework is "state", "easa", "faa", "uk-caa" or a user's own word;
	// waivers are accepted only under "faa".
	Framework string `json:"framework"`
	// Base names the built-in profile a user profile tightens ("" = none).
	Base string `json:"base,omitempty"`
	Limits
	// NeedsAuthorisation makes Validate fail until Authorisation is set.
	NeedsAuthorisation bool           `json:"needs_authorisation,omitempty"`
	Authorisation      *Authorisation `json:"authorisation,omitempty"`
	// Waivers are declared FAA certificates of waiver.
	Waivers []Waiver `json:"waivers,omitempty"`
	Rules   []Rule   `json:"rules"`
}

// Rule returns the rule with the given ID.
func (p Profile) Rule(id string) (Rule, bool) {
	for _, r := range p.Rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// Validate checks a profile: positive height, known references, no
// negative numbers, a sourced rule for every limit that is set, and an
// authorisation where the profile needs one.
func (p Profile) Validate() mission.Issues {
	var is mission.Issues
	bad := func(field, format string, args ...any) {
		is = append(is, issue(mission.SeverityError, field, format, args...))
	}
	if p.Name == "" {
		bad("name", "profile has no name")
	}
	if p.NeedsAuthorisation && p.Authorisation == nil {
		bad("authorisation", "profile %q needs an operational authorisation (Reg. (EU) 2019/947 Art. 12): enter the authorised limits", p.Name)
		return is
	}
	if !(p.MaxHeight > 0) || math.IsInf(p.MaxHeight, 0) {
		bad(RuleMaxHeight, "max height %g m must be positive", p.MaxHeight)
	}
	if p.HeightRef != RefSurface && p.HeightRef != RefTakeoff && p.HeightRef != RefAMSL {
		bad("height_ref", "height reference %q is not surface, takeoff or amsl", p.HeightRef)
	}
	if p.Night.rank() < 0 {
		bad(RuleNight, "night rule %q is not forbidden, lights or allowed", p.Night)
	}
	if p.MaxAircraftPerPilot < 1 {
		bad(RuleAircraftPerPilot, "max aircraft per pilot %d must be at least 1", p.MaxAircraftPerPilot)
	}
	for _, f := range p.fields() {
		if f.v < 0 || math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			bad(f.id, "%s %g must be a finite number ≥ 0", f.id, f.v)
		}
		if f.set && !p.hasSourcedRule(f.id) {
			bad(f.id, "limit %s has no rule with a source", f.id)
		}
	}
	for i, r := range p.Rules {
		if r.ID == "" || r.Text == "" {
			bad("rules", "rule %d has no id or text", i)
		}
		if r.Source.Ref == "" || r.Source.URL == "" {
			bad(r.ID, "rule %q has no source (ref and url/document)", r.ID)
		}
	}
	for _, w := range p.Waivers {
		is = append(is, w.validate(p.Framework)...)
	}
	return is
}

func (p Profile) hasSourcedRule(id string) bool {
	r, ok := p.Rule(id)
	return ok && r.Source.Ref != "" && r.Source.URL != ""
}

// field is one numeric limit with its rule ID, for generic checks.
type field struct {
	id  string
	v   float64
	set bool
}

func (p Profile) fields() []field {
	l := p.Limits
	return []field{
		{RuleMaxHeight, l.MaxHeight, true},
		{RuleVLOS, 0, true},
		{RuleRange, l.MaxRangeFromPilot, l.MaxRangeFromPilot > 0},
		{RuleRangeObservers, l.MaxRangeWithObservers, l.MaxRangeWithObservers > 0},
		{RuleMaxSpeed, l.MaxSpeed, l.MaxSpeed > 0},
		{RuleDistPeople, l.MinDistancePeople, l.MinDistancePeople > 0},
		{RuleDistAssemblies, l.MinDistanceAssemblies, l.MinDistanceAssemblies > 0},
		{RuleDistAerodrome, l.MinDistanceAerodrome, l.MinDistanceAerodrome > 0},
		{RuleDistBuiltUp, l.MinDistanceBuiltUp, l.MinDistanceBuiltUp > 0},
		{RuleNight, 0, true},
		{RuleAircraftPerPilot, float64(l.MaxAircraftPerPilot), true},
		{RuleMaxWind, l.MaxWind, l.MaxWind > 0},
		{RuleContingency, l.ContingencyMargin, l.ContingencyMargin > 0},
		{RuleContingency, l.ContingencyHeight, l.ContingencyHeight > 0 && l.ContingencyMargin == 0},
	}
}

func issue(sev mission.Severity, field, format string, args ...any) mission.Issue {
	return mission.Issue{Section: SectionProfile, Item: -1, Field: field, Message: fmt.Sprintf(format, args...), Severity: sev}
}
