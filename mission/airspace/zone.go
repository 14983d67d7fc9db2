// Package airspace models official UAS geographical zones (EUROCAE ED-269
// and ED-318 and national variants of it, openAIP airspace, plain GeoJSON,
// and KML or KMZ drawn by authorities, 3D drawings included), reads them
// leniently, and indexes them for plan checks.
//
// Conventions:
//   - Coordinates are orb.Point [lon, lat] in degrees (WGS84).
//   - Heights are metres; feet are converted (×0.3048) at import and the
//     original text kept in Limit.Text for reports.
//   - Times are UTC: ED-269 dates and schedule times are UTC; ED-318 times
//     with an explicit offset are converted to UTC at import.
//   - A zone is the union of its volumes (layers), each with its own
//     horizontal projection and vertical limits: a point is in the zone
//     only where it is inside a volume horizontally and between that
//     volume's limits. The Index finds volumes horizontally
//     (Index.AlongWhere hands each to the caller); comparing heights is the
//     caller's, as AGL limits need terrain, which this package does not
//     have.
//   - A point on a zone's boundary (or on a hole's edge) is inside the zone:
//     zones restrict, so the conservative answer is "affected".
//   - Zones crossing the antimeridian are not supported.
//
// Readers never fail on the first problem: they return every zone they could
// use, and report item by item (mission.Issues, Section "airspace", Item =
// the zone's index in the file) what they dropped, defaulted or converted,
// a problem that repeats once with its count. What a reader does not
// understand (an unknown restriction, a kind of airspace with no UAS
// meaning) is reported and not used, never read as another rule. A file
// with no usable zone is an error.
package airspace

import (
	"math"
	"strconv"
	"time"

	"github.com/paulmach/orb"
)

// Restriction is what a zone demands of a flight.
type Restriction string

// Restrictions (ED-269 names; ED-318's REQ_AUTHORIZATION and USPACE map here).
const (
	Prohibited       Restriction = "PROHIBITED"
	ReqAuthorisation Restriction = "REQ_AUTHORISATION"
	Conditional      Restriction = "CONDITIONAL"
	NoRestriction    Restriction = "NO_RESTRICTION"
	USpace           Restriction = "USPACE"
)

// VerticalRef is what a vertical limit is measured from.
type VerticalRef string

// Vertical references.
const (
	// AGL is above ground level.
	AGL VerticalRef = "AGL"
	// AMSL is above mean sea level.
	AMSL VerticalRef = "AMSL"
	// WGS84 is above the WGS84 ellipsoid (ED-318); see package geoid.
	WGS84 VerticalRef = "WGS84"
)

// FeetToMetres converts feet to metres.
const FeetToMetres = 0.3048

// Limit is a lower or upper vertical limit.
type Limit struct {
	// M is the height in metres (0 when Unlimited).
	M float64
	// Ref is what M is measured from.
	Ref VerticalRef
	// Unlimited is true for an upper limit with no ceiling.
	Unlimited bool
	// Text is the limit as the file gave it ("400 FT AGL"), for reports.
	Text string
}

// String returns "120 m AGL" (to the centimetre), or "unlimited".
func (l Limit) String() string {
	if l.Unlimited {
		return "unlimited"
	}
	return strconv.FormatFloat(math.Round(l.M*100)/100, 'f', -1, 64) + " m " + string(l.Ref)
}

// Circle is a circular horizontal projection.
type Circle struct {
	// Center is [lon, lat] in degrees.
	Center orb.Point
	// Radius in metres, > 0.
	Radius float64
}

// Volume is one piece (layer) of a zone: a polygon or a circle (exactly
// one is set) between two limits. The limits hold over this volume's
// projection only, not over the zone's other volumes.
type Volume struct {
	// Polygon is the outer ring and holes, rings closed, [lon, lat].
	Polygon orb.Polygon
	// Circle is set for circular volumes.
	Circle *Circle
	// Lower and Upper are the vertical limits.
	Lower, Upper Limit
}

// Bound returns the volume's bounding box in degrees.
func (v Volume) Bound() orb.Bound {
	if v.Circle != nil {
		return circleBound(*v.Circle)
	}
	return v.Polygon.Bound()
}

// Authority is an authority responsible for a zone.
type Authority struct {
	// Name of the authority.
	Name string
	// Service within the authority.
	Service string
	// Email, ContactName, SiteURL and Phone are contact details.
	Email, ContactName, SiteURL, Phone string
	// Purpose is AUTHORIZATION, NOTIFICATION or INFORMATION.
	Purpose string
	// IntervalBefore is how long before a flight to contact the authority,
	// as given (an ISO 8601 duration such as "P2D").
	IntervalBefore string
}

// Daily is a daily time window, in UTC.
type Daily struct {
	// Days the window starts on; empty means every day (ED-269 "ANY").
	Days []time.Weekday
	// Start and End are times of day since midnight UTC. End ≤ Start means
	// the window runs past midnight into the next day; End may be 24h.
	Start, End time.Duration
}

// Applicability is one period when a zone applies.
type Applicability struct {
	// Permanent is true when the zone always applies.
	Permanent bool
	// Start and End bound the period (End exclusive); nil for open ends.
	Start, End *time.Time
	// Schedule restricts the period to daily windows; empty means all day.
	Schedule []Daily
}

// Zone is a UAS geographical zone.
type Zone struct {
	// ID is the zone identifier (ED-269 identifier, ≤ 7 characters there).
	ID string
	// Country is the ISO 3166 alpha-3 country code.
	Country string
	// Name is the zone name (English where the file had several).
	Name string
	// Restriction is what the zone demands.
	Restriction Restriction
	// Conditions are the restriction conditions (for CONDITIONAL zones).
	Conditions []string
	// Reasons are the reason codes (AIR_TRAFFIC, NATURE, ...).
	Reasons []string
	// OtherReasonInfo explains an OTHER reason.
	OtherReasonInfo string
	// Message is the text to show the pilot.
	Message string
	// Authorities are the responsible authorities.
	Authorities []Authority
	// Applicability lists when the zone applies; empty means always.
	Applicability []Applicability
	// Volumes are the zone's pieces; at least one.
	Volumes []Volume
	// Source names the format the zone came from ("ED-269", "ED-318",
	// "openAIP", "GeoJSON", "KML", "KMZ"); callers may append a file name.
	Source string
}

// Bound returns the bounding box of all volumes.
func (z *Zone) Bound() orb.Bound {
	b := z.Volumes[0].Bound()
	for _, v := range z.Volumes[1:] {
		b = b.Union(v.Bound())
	}
	return b
}
