package profile

import (
	"math"

	"skerry/mission"
)

// DefaultTideRange is the tide range assumed when Surface.TideRange is 0:
// 1 m, a small-tide coast such as the Strait of Gibraltar. Set the local
// range (mean spring range or better LAT–HAT) for other coasts.
const DefaultTideRange = 1.0

// Elevator gives the ground elevation in metres AMSL (terrain.Model
// implements it). ok is false where the model has no data.
type Elevator interface {
	Elevation(lat, lon float64) (m float64, ok bool)
}

// Surface describes what is below the aircraft for HeightAboveSurface.
type Surface struct {
	// Water is true over the sea.
	Water bool
	// TideRange is the local tide range in metres (0 = DefaultTideRange).
	TideRange float64
	// Terrain gives ground elevations over land (nil = none).
	Terrain Elevator
	// Ground, when set, is the ground taken where Terrain has no data (and
	// the surface is not known to be water): the take-off point's, which
	// is what a vehicle's altitude above home is measured from.
	Ground *Ground
}

// Ground is a ground elevation and where it comes from.
type Ground struct {
	M      float64 // metres AMSL
	Source string  // e.g. "the vehicle's home (HOME_POSITION)"
}

// CoastalGround is the largest ground elevation taken as a coastal site:
// at or below it, where no terrain data says otherwise, the surface may
// be the sea, and heights are measured from the sea at low tide.
const CoastalGround = 10.0

// HeightAboveSurface returns the conservative (largest likely) height of
// an aircraft at amsl metres above mean sea level over the given surface,
// for checks against a maximum height:
//
//   - over water the sea surface can lie below mean sea level by about half
//     the tide range (at lowest astronomical tide), so the height is
//     amsl + tideRange/2 (an info issue says so);
//   - over land with terrain data the height is amsl − ground elevation;
//   - without terrain data (no model, outside its tiles, a void) the
//     ground is s.Ground, the take-off point's: at a coastal site (ground
//     at most CoastalGround m AMSL) the surface may be the sea, so the
//     height is taken from the sea at low tide, as over water; inland the
//     height is taken above the take-off ground, which is exact over
//     level ground and short of the truth where the ground falls away
//     (the issue says so: give terrain tiles). Without s.Ground either,
//     the ground is sea level and the check is approximate (a warning).
//
// The result is not conservative for MINIMUM-height checks (terrain
// clearance): those need the highest ground, not the lowest.
func HeightAboveSurface(lat, lon, amsl float64, s Surface) (float64, mission.Issues) {
	if s.Water {
		tide := s.TideRange
		if tide <= 0 {
			tide = DefaultTideRange
		}
		return amsl + tide/2, mission.Issues{issue(mission.SeverityInfo, RuleMaxHeight,
			"over water: height above the sea surface taken as %g m AMSL + %g m (half the %g m tide range)", amsl, tide/2, tide)}
	}
	if s.Terrain != nil {
		if g, ok := s.Terrain.Elevation(lat, lon); ok {
			return amsl - g, mission.Issues{issue(mission.SeverityInfo, RuleMaxHeight, "ground reference: the terrain data (SRTM) where it covers the route")}
		}
	}
	switch g := s.Ground; {
	case g == nil:
		return amsl, mission.Issues{issue(mission.SeverityWarning, RuleMaxHeight,
			"approximate: no terrain data at %.5f, %.5f and no take-off altitude; ground assumed at 0 m AMSL, height above ground ≤ %g m", lat, lon, amsl)}
	case g.M <= CoastalGround:
		tide := s.TideRange
		if tide <= 0 {
			tide = DefaultTideRange
		}
		sea := math.Min(g.M, 0) - tide/2
		return amsl - sea, mission.Issues{issue(mission.SeverityInfo, RuleMaxHeight,
			"ground reference: a coastal site (%s at %.1f m AMSL) and no terrain data: heights above the sea at low tide, %g m below mean sea level (half the %g m tide range)", g.Source, g.M, -sea, tide)}
	default:
		return amsl - g.M, mission.Issues{issue(mission.SeverityInfo, RuleMaxHeight,
			"ground reference: %s at %.1f m AMSL, no terrain data: heights above that ground; where the ground falls away below it they are larger (give terrain tiles with --terrain)", g.Source, g.M)}
	}
}

// CheckHeight checks an aircraft at amsl metres over the given surface
// against the profile's maximum height when that is measured from the
// surface or as AMSL. Heights above take-off are checked by the plan
// validator, which knows the take-off point.
func (p Profile) CheckHeight(lat, lon, amsl float64, s Surface) mission.Issues {
	var h float64
	var is mission.Issues
	switch p.HeightRef {
	case RefAMSL:
		h = amsl
	case RefSurface:
		h, is = HeightAboveSurface(lat, lon, amsl, s)
	default:
		return nil
	}
	if h > p.MaxHeight {
		r, _ := p.Rule(RuleMaxHeight)
		is = append(is, issue(mission.SeverityError, RuleMaxHeight,
			"height %.1f m (%s) exceeds %g m: %s [%s]", h, p.HeightRef, p.MaxHeight, r.Text, r.Source.Ref))
	}
	return is
}
