package profile

import (
	"fmt"

	"skerry/mission"
)

// CheckFleet checks a fleet of n aircraft flown by pilots remote pilots
// against the profile's aircraft-per-pilot rule. Exceeding it is an
// error-severity issue citing the rule and its source, never silently
// accepted.
func (p Profile) CheckFleet(n, pilots int) mission.Issues {
	if n <= 0 {
		return nil
	}
	if pilots < 1 {
		return mission.Issues{issue(mission.SeverityError, RuleAircraftPerPilot, "fleet of %d aircraft has no remote pilot", n)}
	}
	limit := p.MaxAircraftPerPilot
	if limit < 1 {
		limit = 1
	}
	per := (n + pilots - 1) / pilots
	r, _ := p.Rule(RuleAircraftPerPilot)
	cite := fmt.Sprintf("%s [%s, %s]", r.Text, r.Source.Ref, r.Source.URL)
	if per > limit {
		return mission.Issues{issue(mission.SeverityError, RuleAircraftPerPilot,
			"%d aircraft with %d pilot(s) is %d per pilot; profile %s allows %d: %s (need at least %d pilots)",
			n, pilots, per, p.Name, limit, cite, (n+limit-1)/limit)}
	}
	if per > 1 {
		return mission.Issues{issue(mission.SeverityInfo, RuleAircraftPerPilot,
			"%d aircraft per pilot allowed by profile %s: %s", per, p.Name, cite)}
	}
	return nil
}
