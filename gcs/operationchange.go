package gcs

import (
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"skerry/mission/profile"
)

// OperationChange changes some fields of an operation; a nil field keeps
// its value. Zones, area and terrain are changed elsewhere (their own
// files) and always kept.
type OperationChange struct {
	Name *string
	// Profile names the profile. The operation's own name keeps its
	// profile as it is (loaded from a file, tightened, authorised);
	// another name takes the built-in profile of that name.
	Profile        *string
	Authorisations *[]string
	// Pilot sets the pilot's position; ClearPilot removes it.
	Pilot       *orb.Point
	ClearPilot  bool
	Pilots      *int
	Endurance   *time.Duration
	MaxWind     *float64
	CruiseSpeed *float64
}

// With returns op changed by c (op nil: the default operation changed by
// c). op itself is not changed.
func (op *Operation) With(c OperationChange) (*Operation, error) {
	next := Operation{}
	if op != nil {
		next = *op
	}
	if c.Profile != nil && *c.Profile != next.ProfileName {
		p, err := profile.Get(*c.Profile)
		if err != nil {
			return nil, fmt.Errorf("profile %q: %w (a profile from a file is set with the station's --profile)", *c.Profile, err)
		}
		next.Profile, next.ProfileName = p, p.Name
	}
	set(&next.Name, c.Name)
	set(&next.Authorisations, c.Authorisations)
	set(&next.Pilots, c.Pilots)
	set(&next.Endurance, c.Endurance)
	set(&next.MaxWind, c.MaxWind)
	set(&next.CruiseSpeed, c.CruiseSpeed)
	switch {
	case c.ClearPilot:
		next.Pilot = nil
	case c.Pilot != nil:
		p := *c.Pilot
		next.Pilot = &p
	}
	if next.MaxWind < 0 || next.Endurance < 0 || next.CruiseSpeed < 0 || next.Pilots < 0 {
		return nil, fmt.Errorf("operation: endurance, wind, cruise speed and pilots cannot be negative")
	}
	return NewOperation(next)
}

// set copies *from into *to when from is given.
func set[T any](to *T, from *T) {
	if from != nil {
		*to = *from
	}
}
