package airspace

import (
	"slices"
	"strings"
)

// EffectKind is what a zone means for a plan.
type EffectKind uint8

// Effect kinds, from least to most serious.
const (
	// EffectInfo: the zone is worth showing, nothing to do.
	EffectInfo EffectKind = iota
	// EffectWarning: the plan may enter if it meets conditions.
	EffectWarning
	// EffectExclusion: the plan must stay out.
	EffectExclusion
)

// String returns "info", "warning" or "exclusion".
func (k EffectKind) String() string {
	switch k {
	case EffectInfo:
		return "info"
	case EffectWarning:
		return "warning"
	}
	return "exclusion"
}

// Operation is what a plan brings to zones: its authorisations.
type Operation struct {
	// Authorisations holds zone IDs or authority names the operator has an
	// authorisation from (compared case-insensitively).
	Authorisations []string
}

// Effect is what a zone demands of one operation.
type Effect struct {
	// Kind grades the effect.
	Kind EffectKind
	// Reason says why in plain words.
	Reason string
	// Conditions are the zone's conditions, for warnings.
	Conditions []string
}

// Effect maps the zone's restriction to what a plan must do: PROHIBITED →
// exclusion; REQ_AUTHORISATION → exclusion unless op holds the zone ID or
// an authority name; CONDITIONAL → warning with its conditions;
// NO_RESTRICTION → info; USPACE → warning (fly with U-space services).
// An unknown restriction is an exclusion. Effect does not look at time:
// check ActiveAt first.
func (z *Zone) Effect(op Operation) Effect {
	switch z.Restriction {
	case ReqAuthorisation:
		if z.authorised(op) {
			return Effect{Kind: EffectInfo, Reason: "zone " + z.ID + ": authorisation held"}
		}
		return Effect{Kind: EffectExclusion, Reason: "zone " + z.ID + " requires an authorisation"}
	case Conditional:
		return Effect{Kind: EffectWarning, Reason: "zone " + z.ID + " is conditional", Conditions: z.Conditions}
	case NoRestriction:
		return Effect{Kind: EffectInfo, Reason: "zone " + z.ID + " has no restriction"}
	case USpace:
		return Effect{Kind: EffectWarning, Reason: "zone " + z.ID + " is U-space airspace", Conditions: z.Conditions}
	}
	return Effect{Kind: EffectExclusion, Reason: "zone " + z.ID + " is prohibited"}
}

func (z *Zone) authorised(op Operation) bool {
	held := func(name string) bool {
		return name != "" && slices.ContainsFunc(op.Authorisations, func(a string) bool {
			return strings.EqualFold(strings.TrimSpace(a), name)
		})
	}
	if held(z.ID) {
		return true
	}
	return slices.ContainsFunc(z.Authorities, func(a Authority) bool { return held(a.Name) })
}
