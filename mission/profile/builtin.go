package profile

import (
	"fmt"
	"sort"
)

// Documents the built-in rules cite.
const (
	urlBasic    = "https://eur-lex.europa.eu/eli/reg/2018/1139/oj"
	url947      = "https://eur-lex.europa.eu/eli/reg_impl/2019/947/oj"
	url945      = "https://eur-lex.europa.eu/eli/reg_del/2019/945/oj"
	urlEAR      = "EASA Easy Access Rules for Unmanned Aircraft Systems (Reg. (EU) 2019/947 and 2019/945), https://www.easa.europa.eu/en/document-library/easy-access-rules/easy-access-rules-unmanned-aircraft-systems-regulations-eu"
	url107      = "https://www.ecfr.gov/current/title-14/chapter-I/subchapter-F/part-107"
	urlCAP722   = "UK CAA CAP 722 (UAS Operations in UK Airspace), https://www.caa.co.uk/CAP722"
	urlCAP722C  = "UK CAA CAP 722C (UAS Airspace Restrictions Guidance and Policy), https://www.caa.co.uk/CAP722C"
	urlUKOpen   = "UK Reg. (EU) 2019/947 as retained, Art. 4 and UAS.OPEN; UK CAA CAP 3040 (the UK UAS regulations from 1 January 2026), https://www.caa.co.uk/CAP3040"
	urlOperator = "Skerry operator defaults (operator-set; edit with profile.Load), mission/profile/README.md"
)

var builtins = map[string]func() Profile{
	"state":       stateProfile,
	"eu-specific": euSpecific,
	"eu-sts-02":   euSTS02,
	"eu-open-a3":  euOpenA3,
	"faa-107":     faa107,
	"uk-caa":      ukCAA,
}

// Names lists the built-in profiles, sorted.
func Names() []string {
	out := make([]string, 0, len(builtins))
	for n := range builtins {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Get returns a fresh copy of a built-in profile.
func Get(name string) (Profile, error) {
	f, ok := builtins[name]
	if !ok {
		return Profile{}, fmt.Errorf("profile: no built-in profile %q (have %v)", name, Names())
	}
	return f(), nil
}

func src(ref, url string) Source { return Source{Ref: ref, URL: url} }

func stateProfile() Profile {
	op := src("Operator-set limit (state operation; national rules apply)", urlOperator)
	return Profile{
		Name:      "state",
		Title:     "State operation (customs, coast guard): operator-set limits",
		Framework: "state",
		Doc: "Customs and coast-guard flights are state activities outside the scope of the EU " +
			"aviation rules (Reg. (EU) 2018/1139 Art. 2(3)(a)); national rules and the operator's own " +
			"limits apply. These are conservative operator defaults, not law: edit them with a user " +
			"profile (Load) to match the national rules and the operator manual.",
		Limits: Limits{
			MaxHeight: 150, HeightRef: RefSurface, VLOS: false, Night: NightWithLights,
			MaxAircraftPerPilot: 4, ContingencyMargin: 20, ContingencyHeight: 10,
		},
		Rules: []Rule{
			{"scope", "State operations (customs, coast guard, border control, SAR) are outside Reg. (EU) 2018/1139; national rules apply.", src("Reg. (EU) 2018/1139 Art. 2(3)(a)", urlBasic)},
			{RuleMaxHeight, "At most 150 m above the ground or the water (operator default, below the 500 ft floor of manned VFR flight away from congested areas, SERA.5005(f)).", op},
			{RuleVLOS, "BVLOS allowed inside the operation area's geofence.", op},
			{RuleNight, "Night flights with anti-collision lights on.", op},
			{RuleAircraftPerPilot, "Up to 4 aircraft per pilot (state operation; operator default).", op},
			{RuleContingency, "Contingency margin 20 m horizontal, 10 m vertical around the operation volume.", op},
		},
	}
}

func euSpecific() Profile {
	return Profile{
		Name:      "eu-specific",
		Title:     "EU specific category with an operational authorisation",
		Framework: "easa",
		Doc: "Specific category (Reg. (EU) 2019/947 Art. 5): the limits are those of the operational " +
			"authorisation (Art. 12) the competent authority issued. Enter them with Authorise; until " +
			"then the profile does not validate.",
		Limits:             Limits{HeightRef: RefSurface, VLOS: true, Night: NightForbidden, MaxAircraftPerPilot: 1},
		NeedsAuthorisation: true,
		Rules: []Rule{
			{"category", "Specific category: operations need an operational authorisation or a declaration.", src("Reg. (EU) 2019/947 Art. 5", url947)},
			{"authorisation", "The operational authorisation sets area, height, BVLOS and number of aircraft.", src("Reg. (EU) 2019/947 Art. 12", url947)},
		},
	}
}

func euSTS02() Profile {
	a1 := "Reg. (EU) 2019/947 Appendix 1, UAS.STS-02.020"
	return Profile{
		Name:      "eu-sts-02",
		Title:     "EU standard scenario STS-02 (BVLOS over a controlled ground area, sparsely populated)",
		Framework: "easa",
		Doc: "STS-02 (Reg. (EU) 2019/947 Appendix 1, as amended by 2020/639): BVLOS with a class C6 " +
			"aircraft (Reg. (EU) 2019/945 Part 17, added by 2020/1058) over a controlled ground area in a " +
			"sparsely populated environment. The ground risk buffer depends on the aircraft (distance " +
			"flown after flight termination) and must be added by the planner.",
		Limits: Limits{
			MaxHeight: 120, HeightRef: RefSurface, VLOS: false, MaxRangeFromPilot: 1000,
			MaxRangeWithObservers: 2000, MaxSpeed: 50, Night: NightWithLights,
			MaxAircraftPerPilot: 1, ContingencyMargin: 10,
		},
		Rules: []Rule{
			{RuleMaxHeight, "At most 120 m from the closest point of the surface of the earth.", src(a1+"(1)", urlEAR)},
			{RuleVLOS, "BVLOS allowed on a pre-programmed trajectory; take-off and landing in VLOS.", src(a1, urlEAR)},
			{RuleRange, "Without airspace observers, at most 1 km from the remote pilot.", src(a1, urlEAR)},
			{RuleRangeObservers, "With airspace observers, at most 2 km from the remote pilot (and within 1 km of an observer).", src(a1, urlEAR)},
			{RuleMaxSpeed, "Class C6: maximum ground speed in level flight 50 m/s; MTOM < 25 kg.", src("Reg. (EU) 2019/945 Annex Part 17(1) (class C6, Reg. (EU) 2020/1058)", url945)},
			{RuleNight, "At night, a flashing green light on the aircraft must be on.", src("Reg. (EU) 2019/947 Appendix 1, UAS.STS-02.020; Reg. (EU) 2019/945 Part 17", urlEAR)},
			{RuleAircraftPerPilot, "A remote pilot operates only one unmanned aircraft at a time.", src(a1, urlEAR)},
			{RuleContingency, "Contingency volume at least 10 m beyond the flight geography; add the ground risk buffer.", src("Reg. (EU) 2019/947 Appendix 1, UAS.STS-02.020(5)", urlEAR)},
			{"ground-risk-buffer", "Ground risk buffer covers at least the distance most likely flown after flight termination (from the C6 manufacturer's data).", src("Reg. (EU) 2019/947 Appendix 1, UAS.STS-02.020(5)(c)", urlEAR)},
		},
	}
}

func euOpenA3() Profile {
	return Profile{
		Name:      "eu-open-a3",
		Title:     "EU open category, subcategory A3",
		Framework: "easa",
		Doc:       "Open category A3 (Reg. (EU) 2019/947 Art. 4, UAS.OPEN.040): far from people, VLOS, 120 m.",
		Limits: Limits{
			MaxHeight: 120, HeightRef: RefSurface, VLOS: true, MinDistanceBuiltUp: 150,
			Night: NightWithLights, MaxAircraftPerPilot: 1,
		},
		Rules: []Rule{
			{RuleMaxHeight, "At most 120 m from the closest point of the surface of the earth.", src("Reg. (EU) 2019/947 Art. 4(1)(e), UAS.OPEN.010", url947)},
			{RuleVLOS, "Keep the aircraft in VLOS at all times (or use a UA observer).", src("Reg. (EU) 2019/947 Art. 4(1)(d)", url947)},
			{RuleDistBuiltUp, "At least 150 m horizontally from residential, commercial, industrial or recreational areas; no uninvolved person endangered.", src("Reg. (EU) 2019/947 Annex UAS.OPEN.040(1)-(2)", url947)},
			{RuleNight, "At night, a green flashing light on the aircraft must be on.", src("Reg. (EU) 2019/947 Annex UAS.OPEN.060(2)(e) (as amended by 2020/639)", urlEAR)},
			{RuleAircraftPerPilot, "One unmanned aircraft per remote pilot at a time.", src("Reg. (EU) 2019/947 Annex UAS.OPEN.060(2)", urlEAR)},
		},
	}
}

func faa107() Profile {
	return Profile{
		Name:      "faa-107",
		Title:     "US 14 CFR Part 107 (small UAS)",
		Framework: "faa",
		Doc: "14 CFR Part 107. Waivable rules (107.205): 107.29, 107.31, 107.35, 107.51 are " +
			"modelled; declare a certificate with Waive.",
		Limits: Limits{
			MaxHeight: 121.92, HeightRef: RefSurface, VLOS: true, MaxSpeed: 44.704,
			Night: NightWithLights, MaxAircraftPerPilot: 1,
		},
		Rules: []Rule{
			{RuleMaxHeight, "At most 400 ft (121.9 m) above ground level, unless within 400 ft of a structure.", src("14 CFR 107.51(b)", url107)},
			{RuleMaxSpeed, "Groundspeed at most 87 knots (100 mph, 44.7 m/s).", src("14 CFR 107.51(a)", url107)},
			{RuleVLOS, "The remote pilot or a visual observer keeps the aircraft within visual line of sight.", src("14 CFR 107.31", url107)},
			{RuleAircraftPerPilot, "A person may not operate more than one small UA at a time.", src("14 CFR 107.35", url107)},
			{RuleNight, "Night and civil twilight only with anti-collision lights visible for 3 statute miles.", src("14 CFR 107.29", url107)},
			{"waivers", "Waivable sections are listed in 107.205; a certificate of waiver is issued under 107.200.", src("14 CFR 107.200, 107.205", url107)},
		},
	}
}

func ukCAA() Profile {
	return Profile{
		Name:      "uk-caa",
		Title:     "UK CAA open category",
		Framework: "uk-caa",
		Doc: "UK open category (retained Reg. (EU) 2019/947; CAP 722, CAP 3040). Flight restriction " +
			"zones around protected aerodromes come from zone files (mission/airspace), not from numbers here.",
		Limits: Limits{MaxHeight: 120, HeightRef: RefSurface, VLOS: true, Night: NightWithLights, MaxAircraftPerPilot: 1},
		Rules: []Rule{
			{RuleMaxHeight, "At most 120 m (400 ft) from the closest point of the surface of the earth.", src("UK Reg. (EU) 2019/947 Art. 4(1)(e); CAP 722", urlUKOpen)},
			{RuleVLOS, "Keep the aircraft in direct visual line of sight.", src("UK Reg. (EU) 2019/947 Art. 4(1)(d); CAP 722", urlUKOpen)},
			{RuleNight, "At night, a green flashing light on the aircraft must be on.", src("UK Reg. (EU) 2019/947 UAS.OPEN.060", urlUKOpen)},
			{RuleAircraftPerPilot, "One unmanned aircraft per remote pilot at a time.", src("UK Reg. (EU) 2019/947 UAS.OPEN.060", urlUKOpen)},
			{"frz", "No flight inside the flight restriction zone of a protected aerodrome without permission (zones from FRZ files).", src("Air Navigation Order 2016 Art. 94A-94B; CAP 722C", urlCAP722C)},
		},
	}
}
