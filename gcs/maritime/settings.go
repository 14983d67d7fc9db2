package maritime

import (
	"errors"
	"fmt"
	"time"

	"skerry/gcs"
)

// Seconds is a duration in seconds, a plain JSON number.
type Seconds float64

// Duration is s as a time.Duration.
func (s Seconds) Duration() time.Duration { return time.Duration(float64(s) * float64(time.Second)) }

// Rule is what every rule has: whether it runs, the severity of its
// incidents, and the points its finding adds to the target's risk.
type Rule struct {
	Enabled  bool                 `json:"enabled"`
	Severity gcs.IncidentSeverity `json:"severity"`
	Weight   float64              `json:"weight"`
}

// Settings are the rules' parameters; RULES.md documents each rule. The
// zero value is not usable: start from DefaultSettings. JSON field names
// are the rules' incident types.
type Settings struct {
	Dark         DarkSettings         `json:"dark_vessel"`
	AISGap       AISGapSettings       `json:"ais_gap"`
	Zone         ZoneSettings         `json:"zone_entry"`
	Loitering    LoiteringSettings    `json:"loitering"`
	Rendezvous   RendezvousSettings   `json:"rendezvous"`
	FastApproach FastApproachSettings `json:"fast_approach"`
	Inconsistent InconsistentSettings `json:"ais_inconsistency"`
	// Exempt lists AIS ship types (ITU-R M.1371 "type of ship and
	// cargo") whose work is to go where others must not and to come
	// alongside other boats: no zone entry, loitering or rendezvous is
	// found about them (a rendezvous with one of them is no rendezvous).
	// (An []int: encoding/json would write a []uint8 as base64.)
	Exempt []int        `json:"exempt_ship_types"`
	Risk   RiskSettings `json:"risk"`
}

// DarkSettings: a camera contact without AIS for longer than After.
type DarkSettings struct {
	Rule
	// After is how long a camera must have seen the boat without any AIS
	// matching it. A minute: long enough for a class B transponder (one
	// report every 30 s under way, ITU-R M.1371) to have been heard twice
	// and for the fusion to have matched it, short enough to task a drone
	// while the boat is still in view.
	After Seconds `json:"after_s"`
}

// AISGapSettings: a vessel that was transmitting falls silent for longer
// than max(MinGap, Factor × its expected reporting interval).
type AISGapSettings struct {
	Rule
	// MinGap is the shortest silence that counts. Five minutes: shore
	// receivers lose reports to range, shadowing and slot collisions, and
	// a gap shorter than that is usually reception, not a transponder
	// switched off.
	MinGap Seconds `json:"min_gap_s"`
	// Factor multiplies the reporting interval ITU-R M.1371 sets for the
	// vessel's class, speed and navigational status (3 min at anchor):
	// three missed reports in a row.
	Factor float64 `json:"factor"`
	// SeenSeverity is the severity when a camera still sees the boat whose
	// AIS fell silent: it is there and not transmitting.
	SeenSeverity gcs.IncidentSeverity `json:"seen_severity"`
}

// ZoneSettings: a target inside a restricted or protected zone.
type ZoneSettings struct {
	// Enabled, Weight; Severity is the restricted zones' (high: port
	// security zones).
	Rule
	// ProtectedSeverity is the protected areas' (low: a boat in a marine
	// reserve is worth a look, rarely an emergency). A zone's own
	// "severity" overrides both.
	ProtectedSeverity gcs.IncidentSeverity `json:"protected_severity"`
	// ProtectedWeight is the risk points for a protected area.
	ProtectedWeight float64 `json:"protected_weight"`
}

// LoiteringSettings: staying within Radius for longer than Duration,
// away from berths and anchorages.
type LoiteringSettings struct {
	Rule
	// Radius and Duration: 300 m for 10 minutes. A boat under way covers
	// 300 m in a minute at 10 kn; one that stays in a 600 m circle for ten
	// minutes away from any berth is waiting for something.
	Radius   float64 `json:"radius_m"`
	Duration Seconds `json:"duration_s"`
	// FishingSeverity applies to fishing vessels (AIS type 30 or status
	// "engaged in fishing"): fishing boats do loiter over their grounds.
	FishingSeverity gcs.IncidentSeverity `json:"fishing_severity"`
}

// RendezvousSettings: two targets within Distance for longer than
// Duration, both away from berths and anchorages.
type RendezvousSettings struct {
	Rule
	// Distance and Duration: 100 m for 2 minutes. Ships passing or
	// overtaking are within 100 m for seconds; a transfer at sea takes
	// minutes alongside.
	Distance float64 `json:"distance_m"`
	Duration Seconds `json:"duration_s"`
	// Unpaired counts a camera-only contact beside an AIS-only target (an
	// AIS vessel no camera sees although one sees a boat within Distance
	// of it). Off: that is most often one boat the fusion did not pair
	// (its geolocation or the AIS position off by more than its gate),
	// which the dark vessel rule reports already.
	Unpaired bool `json:"unpaired_ais"`
}

// FastApproachSettings: faster than Speed on a course that reaches the
// shore within Horizon, elsewhere than a port.
type FastApproachSettings struct {
	Rule
	// Speed is 20 kn: faster than fishing boats and yachts cruise near the
	// coast, slower than the RIBs of a beach landing (30 kn and more).
	SpeedKn float64 `json:"speed_kn"`
	// Horizon is 10 minutes: at 20 kn, 6 km from the beach, time to send
	// a drone there.
	Horizon Seconds `json:"horizon_s"`
	// PortReach: a vessel on AIS whose course enters a port within 2 km
	// past the shore it reaches is making for that port (charts draw
	// breakwaters and quays as coast, well before the berths).
	PortReach float64 `json:"port_reach_m"`
	// Sustain is 20 s: the track must have covered the ground of that
	// speed over the last Sustain (its position then to its position now),
	// so one noisy camera fix, which can make a drifting boat look like a
	// racer for a frame, is no fast approach.
	Sustain Seconds `json:"sustain_s"`
}

// InconsistentSettings: AIS that contradicts itself or the cameras.
type InconsistentSettings struct {
	// Severity is for the fusion's verdict (the target's status
	// inconsistent: a possible spoof, high).
	Rule
	// MaxSpeedKn is the fastest speed an AIS track may imply between two
	// of its positions: 60 kn, above any vessel but racing boats; faster
	// jumps are a spoofed position or two transponders with one MMSI.
	MaxSpeedKn float64 `json:"max_speed_kn"`
	// JumpSeverity is for such a jump (medium: more often a misconfigured
	// transponder than a spoof).
	JumpSeverity gcs.IncidentSeverity `json:"jump_severity"`
}

// DefaultSettings returns the documented defaults (RULES.md).
func DefaultSettings() Settings {
	return Settings{
		Dark:         DarkSettings{Rule: Rule{true, gcs.IncidentMedium, 30}, After: 60},
		AISGap:       AISGapSettings{Rule: Rule{true, gcs.IncidentMedium, 25}, MinGap: 300, Factor: 3, SeenSeverity: gcs.IncidentHigh},
		Zone:         ZoneSettings{Rule: Rule{true, gcs.IncidentHigh, 30}, ProtectedSeverity: gcs.IncidentLow, ProtectedWeight: 10},
		Loitering:    LoiteringSettings{Rule: Rule{true, gcs.IncidentMedium, 20}, Radius: 300, Duration: 600, FishingSeverity: gcs.IncidentLow},
		Rendezvous:   RendezvousSettings{Rule: Rule{true, gcs.IncidentHigh, 35}, Distance: 100, Duration: 120},
		FastApproach: FastApproachSettings{Rule: Rule{true, gcs.IncidentHigh, 30}, SpeedKn: 20, Horizon: 600, PortReach: 2000, Sustain: 20},
		Inconsistent: InconsistentSettings{Rule: Rule{true, gcs.IncidentHigh, 30}, MaxSpeedKn: 60, JumpSeverity: gcs.IncidentMedium},
		// Pilot vessels, search and rescue, tugs, port tenders, law
		// enforcement.
		Exempt: []int{50, 51, 52, 53, 55},
		Risk:   DefaultRiskSettings(),
	}
}

// Check says why settings cannot be used: an unknown severity, a
// parameter that is not a positive number, a negative weight.
func (s *Settings) Check() error {
	var errs []error
	sev := func(name string, v gcs.IncidentSeverity) {
		if !knownSeverity(v) {
			errs = append(errs, fmt.Errorf("%s: severity %q, want low, medium or high", name, v))
		}
	}
	pos := func(name string, v float64) {
		if !finite(v) || v <= 0 {
			errs = append(errs, fmt.Errorf("%s: %v, want a positive number", name, v))
		}
	}
	weight := func(name string, v float64) {
		if !finite(v) || v < 0 || v > 100 {
			errs = append(errs, fmt.Errorf("%s: weight %v, want 0 to 100", name, v))
		}
	}
	rule := func(name string, r Rule) {
		sev(name, r.Severity)
		weight(name, r.Weight)
	}
	rule("dark_vessel", s.Dark.Rule)
	pos("dark_vessel.after_s", float64(s.Dark.After))
	rule("ais_gap", s.AISGap.Rule)
	sev("ais_gap.seen_severity", s.AISGap.SeenSeverity)
	pos("ais_gap.min_gap_s", float64(s.AISGap.MinGap))
	pos("ais_gap.factor", s.AISGap.Factor)
	rule("zone_entry", s.Zone.Rule)
	sev("zone_entry.protected_severity", s.Zone.ProtectedSeverity)
	weight("zone_entry.protected_weight", s.Zone.ProtectedWeight)
	rule("loitering", s.Loitering.Rule)
	sev("loitering.fishing_severity", s.Loitering.FishingSeverity)
	pos("loitering.radius_m", s.Loitering.Radius)
	pos("loitering.duration_s", float64(s.Loitering.Duration))
	rule("rendezvous", s.Rendezvous.Rule)
	pos("rendezvous.distance_m", s.Rendezvous.Distance)
	pos("rendezvous.duration_s", float64(s.Rendezvous.Duration))
	if s.Rendezvous.Distance > 10000 {
		errs = append(errs, fmt.Errorf("rendezvous.distance_m: %v, want at most 10 km", s.Rendezvous.Distance))
	}
	rule("fast_approach", s.FastApproach.Rule)
	pos("fast_approach.speed_kn", s.FastApproach.SpeedKn)
	pos("fast_approach.horizon_s", float64(s.FastApproach.Horizon))
	pos("fast_approach.sustain_s", float64(s.FastApproach.Sustain))
	if r := s.FastApproach.PortReach; !finite(r) || r < 0 || r > 20000 {
		errs = append(errs, fmt.Errorf("fast_approach.port_reach_m: %v, want 0 to 20 km", r))
	}
	rule("ais_inconsistency", s.Inconsistent.Rule)
	sev("ais_inconsistency.jump_severity", s.Inconsistent.JumpSeverity)
	pos("ais_inconsistency.max_speed_kn", s.Inconsistent.MaxSpeedKn)
	for _, st := range s.Exempt {
		if st < 1 || st > 255 {
			errs = append(errs, fmt.Errorf("exempt_ship_types: %d, want an AIS ship type 1 to 255", st))
		}
	}
	if err := s.Risk.check(); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("rule settings: %w", err)
	}
	return nil
}

// exempt reports whether ship type st is one of the exempt types.
func (s *Settings) exempt(st uint8) bool {
	for _, e := range s.Exempt {
		if st != 0 && e == int(st) {
			return true
		}
	}
	return false
}
