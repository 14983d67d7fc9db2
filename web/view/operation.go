package view

import (
	"github.com/paulmach/orb/geojson"

	"skerry/gcs"
)

// Operation is the active operation as GET /api/operation and the feed's
// snapshot and operation messages show it; PUT /api/operation takes the
// same members.
type Operation struct {
	Name           string      `json:"name"`            // the operation's name
	Profile        string      `json:"profile"`         // the regulation profile's name
	Authorisations []string    `json:"authorisations"`  // authorisations held, [] when none
	Pilot          *[2]float64 `json:"pilot,omitempty"` // [lat, lon]
	Pilots         int         `json:"pilots"`          // pilots flying it
	EnduranceS     float64     `json:"endurance_s"`     // a vehicle's flight time at cruise on a full battery, s
	MaxWind        float64     `json:"max_wind"`        // the vehicles' wind limit, m/s (0: none)
	CruiseSpeed    float64     `json:"cruise_speed"`    // the vehicles' air speed between waypoints, m/s
	Zones          int         `json:"zones"`           // airspace zones it is checked against
	HasArea        bool        `json:"has_area"`        // it has an operation area
	// Problems (answers only; ignored in a PUT) say why the profile does
	// not hold: until it does, every plan and order is refused.
	Problems []string `json:"problems,omitempty"`
	// ZoneFeatures and Area are only in GET /api/operation?geometry=1:
	// the zones as GeoJSON, one feature per volume, and the operation
	// area.
	ZoneFeatures *geojson.FeatureCollection `json:"zone_features,omitempty"`
	Area         *geojson.Geometry          `json:"area,omitempty"` // the operation area's polygon
}

// OperationOf summarises op, without its geometry.
func OperationOf(op *gcs.Operation) Operation {
	out := Operation{Name: op.Name, Profile: op.ProfileName, Authorisations: op.Authorisations, Pilots: op.Pilots,
		EnduranceS: op.Endurance.Seconds(), MaxWind: op.MaxWind, CruiseSpeed: op.CruiseSpeed, Zones: len(op.Zones), HasArea: len(op.Area) > 0,
		Problems: op.Problems()}
	if out.Authorisations == nil {
		out.Authorisations = []string{}
	}
	if op.Pilot != nil {
		out.Pilot = &[2]float64{op.Pilot[1], op.Pilot[0]}
	}
	return out
}
