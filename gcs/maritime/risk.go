package maritime

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"skerry/gcs"
)

// RiskSettings weigh what is known of a target besides its findings (the
// findings weigh their rule's Weight).
type RiskSettings struct {
	// PastPoints per past incident of the same identity, at most PastMax:
	// a vessel already reported is more likely to be reported again,
	// but history alone must not outrank what it does now.
	PastPoints float64 `json:"past_incident_points"`
	PastMax    float64 `json:"past_incidents_max"`
	// Types add points by AIS ship type, where it is reported.
	Types []TypePoints `json:"ship_types"`
	// MIDs are the Maritime Identification Digits (an MMSI's first three:
	// its flag, e.g. 224 Spain) of interest, each adding FlagPoints.
	// Empty by default: which flags matter is the service's decision.
	MIDs       []int   `json:"mids_of_interest"`
	FlagPoints float64 `json:"flag_points"`
	// AIS history: an MMSI that is no ship station's (its MID outside
	// 201-775), no name or type after StaticAfter of reports (class A
	// sends them every 6 minutes), and a transponder heard at under a
	// third of the rate ITU-R M.1371 sets over ten minutes or more.
	BadMMSIPoints  float64 `json:"bad_mmsi_points"`
	NoStaticPoints float64 `json:"no_static_points"`
	StaticAfter    Seconds `json:"static_after_s"`
	SparsePoints   float64 `json:"sparse_points"`
}

// TypePoints adds Points to ship types From..To (inclusive).
type TypePoints struct {
	From   uint8   `json:"from"`
	To     uint8   `json:"to"`
	Points float64 `json:"points"`
	Label  string  `json:"label"`
}

// DefaultRiskSettings returns the documented risk defaults.
func DefaultRiskSettings() RiskSettings {
	return RiskSettings{
		PastPoints: 10, PastMax: 30,
		// Leisure craft and fast boats carry most small-boat smuggling
		// across the Strait; sailing boats somewhat.
		Types: []TypePoints{
			{From: 37, To: 37, Points: 10, Label: "pleasure craft"},
			{From: 36, To: 36, Points: 5, Label: "sailing vessel"},
			{From: 40, To: 49, Points: 5, Label: "high-speed craft"},
		},
		FlagPoints:     15,
		BadMMSIPoints:  10,
		NoStaticPoints: 5, StaticAfter: 720,
		SparsePoints: 10,
	}
}

func (r *RiskSettings) check() error {
	var errs []error
	for name, v := range map[string]float64{"past_incident_points": r.PastPoints, "past_incidents_max": r.PastMax, "flag_points": r.FlagPoints,
		"bad_mmsi_points": r.BadMMSIPoints, "no_static_points": r.NoStaticPoints, "sparse_points": r.SparsePoints} {
		if !finite(v) || v < 0 || v > 100 {
			errs = append(errs, fmt.Errorf("risk.%s: %v, want 0 to 100", name, v))
		}
	}
	if !finite(float64(r.StaticAfter)) || r.StaticAfter <= 0 {
		errs = append(errs, fmt.Errorf("risk.static_after_s: %v, want a positive number", r.StaticAfter))
	}
	for i, t := range r.Types {
		if t.From > t.To || !finite(t.Points) || t.Points < 0 || t.Points > 100 {
			errs = append(errs, fmt.Errorf("risk.ship_types[%d]: %d-%d, %v points: want from <= to and 0 to 100 points", i, t.From, t.To, t.Points))
		}
	}
	for _, m := range r.MIDs {
		if m < 201 || m > 775 {
			errs = append(errs, fmt.Errorf("risk.mids_of_interest: %d, want a MID 201 to 775", m))
		}
	}
	return errors.Join(errs...)
}

// maxRisk is the highest score.
const maxRisk = 100

// Score scores one track's risk, 0..100, from the findings about it, the
// number of its identity's past incidents and what is known of it: one
// reason per factor that adds points (the findings' rules, each counted
// once at its highest weight; "zone"; "ais_history"; "past_incidents";
// "type"; "flag"). Over 100 a last reason "cap" takes the excess off and
// says what the reasons summed to, so that the reasons always sum to the
// score.
func Score(t *Track, findings []*Finding, past int, set *Settings) gcs.Risk {
	var r gcs.Risk
	add := func(factor string, points float64, text string) {
		if points > 0 {
			r.Reasons = append(r.Reasons, gcs.RiskReason{Factor: factor, Points: points, Text: text})
		}
	}
	scoreFindings(findings, set, add)
	scoreHistory(t, set, add)
	if past > 0 {
		p := math.Min(float64(past)*set.Risk.PastPoints, set.Risk.PastMax)
		add("past_incidents", p, fmt.Sprintf("%d past incident(s) (%g points each, at most %g)", past, set.Risk.PastPoints, set.Risk.PastMax))
	}
	if st := shipType(t); st != 0 {
		for _, tp := range set.Risk.Types {
			if st >= tp.From && st <= tp.To {
				add("type", tp.Points, fmt.Sprintf("AIS ship type %d (%s)", st, tp.Label))
				break
			}
		}
	}
	if mid := MID(t.Target.MMSI); mid != 0 && slices.Contains(set.Risk.MIDs, mid) {
		add("flag", set.Risk.FlagPoints, fmt.Sprintf("MMSI %d: flag %s (MID %d) is of interest", t.Target.MMSI, flagName(mid), mid))
	}
	for _, x := range r.Reasons {
		r.Score += x.Points
	}
	if r.Score > maxRisk {
		r.Reasons = append(r.Reasons, gcs.RiskReason{Factor: "cap", Points: maxRisk - r.Score,
			Text: fmt.Sprintf("the reasons sum to %g: capped at %d", r.Score, maxRisk)})
		r.Score = maxRisk
	}
	return r
}

// scoreFindings adds each finding type's highest weight once, with the
// titles of its findings.
func scoreFindings(findings []*Finding, set *Settings, add func(string, float64, string)) {
	type factor struct {
		points float64
		titles []string
	}
	var order []string
	by := map[string]*factor{}
	for _, f := range findings {
		if f == nil {
			continue
		}
		name, w := findingWeight(f, set)
		fa := by[name]
		if fa == nil {
			fa = &factor{}
			by[name] = fa
			order = append(order, name)
		}
		fa.points = math.Max(fa.points, w)
		fa.titles = append(fa.titles, f.Title)
	}
	for _, name := range order {
		fa := by[name]
		add(name, fa.points, strings.Join(fa.titles, "; "))
	}
}

// findingWeight is the factor a finding counts under and its points.
func findingWeight(f *Finding, set *Settings) (string, float64) {
	switch f.Type {
	case gcs.IncidentDark:
		return string(f.Type), set.Dark.Weight
	case gcs.IncidentAISGap:
		return string(f.Type), set.AISGap.Weight
	case gcs.IncidentZoneEntry:
		if strings.Contains(f.Key, ":"+string(ZoneProtected)+":") {
			return "zone", set.Zone.ProtectedWeight
		}
		return "zone", set.Zone.Weight
	case gcs.IncidentLoitering:
		return string(f.Type), set.Loitering.Weight
	case gcs.IncidentRendezvous:
		return string(f.Type), set.Rendezvous.Weight
	case gcs.IncidentFastApproach:
		return string(f.Type), set.FastApproach.Weight
	case gcs.IncidentInconsistentAIS:
		return string(f.Type), set.Inconsistent.Weight
	}
	return string(f.Type), 0
}

// scoreHistory adds the "ais_history" factor: a bad MMSI, no static
// data, a sparse transponder.
func scoreHistory(t *Track, set *Settings, add func(string, float64, string)) {
	v := t.Target.AIS
	mmsi := t.Target.MMSI
	if mmsi == 0 {
		return
	}
	var points float64
	var why []string
	if MID(mmsi) == 0 {
		points += set.Risk.BadMMSIPoints
		why = append(why, fmt.Sprintf("MMSI %d is no ship station's (9 digits, MID 201-775)", mmsi))
	}
	if v != nil {
		heard := v.LastHeard.Sub(v.FirstHeard)
		if heard >= set.Risk.StaticAfter.Duration() && v.Name == "" && v.ShipType == 0 {
			points += set.Risk.NoStaticPoints
			why = append(why, fmt.Sprintf("no name or type in %s of reports", formatDuration(heard)))
		}
		if heard >= 10*time.Minute && v.Reports > 0 {
			interval := ReportInterval(v)
			expected := float64(heard) / float64(interval)
			if float64(v.Reports)*3 < expected {
				points += set.Risk.SparsePoints
				why = append(why, fmt.Sprintf("%d reports in %s where ITU-R M.1371 expects about %.0f (one per %s)", v.Reports, formatDuration(heard), expected, formatDuration(interval)))
			}
		}
	}
	add("ais_history", points, strings.Join(why, "; "))
}

// shipType is the track's AIS ship type, 0 when not reported.
func shipType(t *Track) uint8 {
	if t.Target.AIS == nil {
		return 0
	}
	return t.Target.AIS.ShipType
}

// MID is a ship station MMSI's Maritime Identification Digits (its first
// three, the flag); 0 when the MMSI is not a ship station's (nine digits,
// MID 201 to 775).
func MID(mmsi uint32) int {
	if mmsi < 100000000 || mmsi > 999999999 {
		return 0
	}
	mid := int(mmsi / 1000000)
	if mid < 201 || mid > 775 {
		return 0
	}
	return mid
}

// flags names the MIDs seen most around the Strait of Gibraltar.
var flags = map[int]string{
	209: "Cyprus", 210: "Cyprus", 212: "Cyprus", 215: "Malta", 229: "Malta", 248: "Malta", 249: "Malta", 256: "Malta",
	211: "Germany", 218: "Germany", 219: "Denmark", 220: "Denmark", 224: "Spain", 225: "Spain",
	226: "France", 227: "France", 228: "France", 232: "United Kingdom", 233: "United Kingdom", 234: "United Kingdom", 235: "United Kingdom",
	236: "Gibraltar", 237: "Greece", 239: "Greece", 240: "Greece", 241: "Greece", 242: "Morocco", 244: "Netherlands", 245: "Netherlands",
	246: "Netherlands", 247: "Italy", 255: "Portugal (Madeira)", 257: "Norway", 258: "Norway", 259: "Norway", 263: "Portugal",
	304: "Antigua and Barbuda", 305: "Antigua and Barbuda", 308: "Bahamas", 309: "Bahamas", 311: "Bahamas", 319: "Cayman Islands",
	351: "Panama", 352: "Panama", 353: "Panama", 354: "Panama", 355: "Panama", 356: "Panama", 357: "Panama", 370: "Panama",
	371: "Panama", 372: "Panama", 373: "Panama", 374: "Panama", 477: "Hong Kong", 538: "Marshall Islands",
	563: "Singapore", 564: "Singapore", 565: "Singapore", 566: "Singapore", 605: "Algeria", 613: "Cameroon", 620: "Comoros",
	636: "Liberia", 637: "Liberia", 667: "Sierra Leone", 671: "Togo", 672: "Tunisia", 677: "Tanzania",
}

// flagName names a MID's country, or says "MID n".
func flagName(mid int) string {
	if n, ok := flags[mid]; ok {
		return n
	}
	return fmt.Sprintf("MID %d", mid)
}
