package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"skerry/gcs"
	"skerry/mission/airspace"
	"skerry/mission/planfile"
	"skerry/web/view"
)

// violationJSON is a validation finding as the API shows it.
type violationJSON struct {
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Item     int    `json:"item"`
	Leg      [2]int `json:"leg"`
	Message  string `json:"message"`
	Source   string `json:"source"`
	// At is where the violation happens, [lat, lon]: its item's position
	// (an item without one: where the vehicle is when it runs it) or the
	// middle of its leg; absent for the plan as a whole.
	At *[2]float64 `json:"at,omitempty"`
	// LegEnds are a leg violation's ends, [[lat, lon], [lat, lon]].
	LegEnds [][2]float64 `json:"leg_ends,omitempty"`
}

// checkJSON is a validation report as the API shows it.
type checkJSON struct {
	Lawful    bool    `json:"lawful"`
	Length    float64 `json:"length_m"`
	DurationS float64 `json:"duration_s"`
	// Unbounded: the plan does not bound the flight time (an unlimited
	// loiter, an endless loop); duration_s is what the rest takes.
	Unbounded   bool            `json:"unbounded,omitempty"`
	MaxHeight   float64         `json:"max_height_m"`
	Violations  []violationJSON `json:"violations"`
	Issues      []issueJSON     `json:"issues,omitempty"`
	Error       string          `json:"error,omitempty"`
	ProfileName string          `json:"profile,omitempty"`
	// Vehicle is the vehicle the plan was checked for (its home, its wind,
	// the others flying), as its upload would be; empty: none.
	Vehicle string `json:"vehicle,omitempty"`
}

func reportJSON(r *gcs.CheckReport) *checkJSON {
	if r == nil {
		return nil
	}
	out := &checkJSON{Lawful: r.Lawful, Length: r.Length, DurationS: r.Duration.Seconds(), Unbounded: r.Unbounded, MaxHeight: r.MaxHeight, Violations: []violationJSON{}}
	latLon := func(p orb.Point) [2]float64 { return [2]float64{p[1], p[0]} }
	for _, v := range r.Violations {
		j := violationJSON{Severity: v.Severity.String(), Rule: v.Rule, Item: v.Item, Leg: v.Leg, Message: v.Message, Source: v.Source}
		if v.At != nil {
			at := latLon(*v.At)
			j.At = &at
		}
		if v.LegEnds != nil {
			j.LegEnds = [][2]float64{latLon(v.LegEnds[0]), latLon(v.LegEnds[1])}
		}
		out.Violations = append(out.Violations, j)
	}
	return out
}

// getOperation answers the operation's summary; ?geometry=1 adds its
// zones and area for a map.
func (s *Server) getOperation(w http.ResponseWriter, r *http.Request) {
	op := s.Operation.Get()
	if op == nil {
		s.writeError(w, http.StatusNotFound, "no operation is set")
		return
	}
	out := view.OperationOf(op)
	if g := r.URL.Query().Get("geometry"); g != "" && g != "0" && g != "false" {
		out.ZoneFeatures = zoneFeatures(op)
		if len(op.Area) > 0 {
			out.Area = geojson.NewGeometry(op.Area)
		}
	}
	s.writeJSON(w, http.StatusOK, out)
}

// zoneFeatures draws the operation's zones as GeoJSON, one feature per
// volume (layer), each with its own limits: a Polygon, or for a circle its
// centre Point with a "radius" property in metres (GeoJSON has no
// circles). Properties: id, name, restriction, effect for this operation's
// authorisations (info, warning, exclusion), reason, conditions, message,
// lower, upper, source, volume (the layer's index in its zone) and
// volumes (the zone's number of layers).
func zoneFeatures(op *gcs.Operation) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	auth := airspace.Operation{Authorisations: op.Authorisations}
	for i := range op.Zones {
		z := &op.Zones[i]
		eff := z.Effect(auth)
		for vi, v := range z.Volumes {
			var f *geojson.Feature
			if v.Circle != nil {
				f = geojson.NewFeature(v.Circle.Center)
				f.Properties["radius"] = v.Circle.Radius
			} else {
				f = geojson.NewFeature(v.Polygon)
			}
			f.Properties["id"] = z.ID
			f.Properties["name"] = z.Name
			f.Properties["restriction"] = string(z.Restriction)
			f.Properties["effect"] = eff.Kind.String()
			f.Properties["reason"] = eff.Reason
			f.Properties["conditions"] = nonNil(z.Conditions)
			f.Properties["message"] = z.Message
			f.Properties["lower"] = v.Lower.String()
			f.Properties["upper"] = v.Upper.String()
			f.Properties["source"] = z.Source
			f.Properties["volume"] = vi
			f.Properties["volumes"] = len(z.Volumes)
			fc.Append(f)
		}
	}
	return fc
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// operationPatch is the body of PUT /api/operation: view.Operation's
// fields, each absent one kept. The read-only members of an answer
// (zones, has_area, problems) are accepted and ignored, so that what GET
// returned can be sent back as it is.
type operationPatch struct {
	Name           *string         `json:"name"`
	Profile        *string         `json:"profile"`
	Authorisations *[]string       `json:"authorisations"`
	Pilot          json.RawMessage `json:"pilot"` // [lat, lon], or null to remove it
	Pilots         *int            `json:"pilots"`
	EnduranceS     *float64        `json:"endurance_s"`
	MaxWind        *float64        `json:"max_wind"`
	CruiseSpeed    *float64        `json:"cruise_speed"`
	Zones          json.RawMessage `json:"zones"`
	HasArea        json.RawMessage `json:"has_area"`
	Problems       json.RawMessage `json:"problems"`
}

// change turns the patch into the core's change.
func (p operationPatch) change() (gcs.OperationChange, error) {
	c := gcs.OperationChange{Name: p.Name, Profile: p.Profile, Authorisations: p.Authorisations, Pilots: p.Pilots,
		MaxWind: p.MaxWind, CruiseSpeed: p.CruiseSpeed}
	if p.EnduranceS != nil {
		if !(*p.EnduranceS >= 0 && *p.EnduranceS < 1e7) {
			return c, fmt.Errorf("endurance_s %v is not a duration in seconds", *p.EnduranceS)
		}
		d := time.Duration(*p.EnduranceS * float64(time.Second))
		c.Endurance = &d
	}
	switch {
	case len(p.Pilot) == 0:
	case string(p.Pilot) == "null":
		c.ClearPilot = true
	default:
		var ll [2]float64
		if err := json.Unmarshal(p.Pilot, &ll); err != nil || ll[0] < -90 || ll[0] > 90 || ll[1] < -180 || ll[1] > 180 {
			return c, fmt.Errorf("pilot must be [lat, lon] or null, not %s", truncate(string(p.Pilot), 64))
		}
		c.Pilot = &orb.Point{ll[1], ll[0]}
	}
	return c, nil
}

// putOperation changes the fields of the operation the body carries and
// keeps the others: profile (as loaded, tightened or authorised, while
// its name stays), authorisations, pilot and limits; zones, area and
// terrain are always kept.
func (s *Server) putOperation(w http.ResponseWriter, r *http.Request) {
	var in operationPatch
	if err := s.decode(w, r, &in); err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	change, err := in.change()
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	op, err := s.Operation.Get().With(change)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.Operation.Set(op)
	s.writeJSON(w, http.StatusOK, view.OperationOf(op))
}

// zonesReply answers a zone file upload.
type zonesReply struct {
	Zones  []zoneJSON  `json:"zones"`
	Issues []issueJSON `json:"issues"`
	Error  string      `json:"error,omitempty"`
}

// zoneJSON is one zone of a zone file as the API describes it.
type zoneJSON struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Restriction string   `json:"restriction"`
	Effect      string   `json:"effect"`
	Conditions  []string `json:"conditions,omitempty"`
	// Lower and Upper are the zone's limits when all its layers share
	// them; absent when they differ (see Layers).
	Lower string `json:"lower,omitempty"`
	Upper string `json:"upper,omitempty"`
	// Layers are the zone's volumes, each with its own limits.
	Layers []layerJSON `json:"layers"`
	Source string      `json:"source"`
}

// layerJSON is one volume (layer) of a zone.
type layerJSON struct {
	Lower string `json:"lower"`
	Upper string `json:"upper"`
	// Shape is "circle" (RadiusM) or "polygon" (Vertices of its outer
	// ring, Holes).
	Shape    string  `json:"shape"`
	RadiusM  float64 `json:"radius_m,omitempty"`
	Vertices int     `json:"vertices,omitempty"`
	Holes    int     `json:"holes,omitempty"`
}

// describeZone summarises a zone and every layer of it.
func describeZone(z *airspace.Zone, auth airspace.Operation) zoneJSON {
	zj := zoneJSON{ID: z.ID, Name: z.Name, Restriction: string(z.Restriction), Effect: z.Effect(auth).Kind.String(),
		Conditions: z.Conditions, Source: z.Source, Layers: []layerJSON{}}
	same := true
	for _, v := range z.Volumes {
		l := layerJSON{Lower: v.Lower.String(), Upper: v.Upper.String(), Shape: "polygon"}
		if v.Circle != nil {
			l.Shape, l.RadiusM = "circle", v.Circle.Radius
		} else if len(v.Polygon) > 0 {
			l.Vertices, l.Holes = len(v.Polygon[0])-1, len(v.Polygon)-1
		}
		same = same && (len(zj.Layers) == 0 || (l.Lower == zj.Layers[0].Lower && l.Upper == zj.Layers[0].Upper))
		zj.Layers = append(zj.Layers, l)
	}
	if same && len(zj.Layers) > 0 {
		zj.Lower, zj.Upper = zj.Layers[0].Lower, zj.Layers[0].Upper
	}
	return zj
}

// maxZoneBody bounds a zone file upload as the zone readers bound a file:
// national files (a 3D KML, a country's openAIP export) outgrow plans.
const maxZoneBody = airspace.MaxFileSize

// readZones parses a zone file body (any format airspace.Read knows,
// KMZ included) and describes the zones.
func (s *Server) readZones(w http.ResponseWriter, r *http.Request) ([]airspace.Zone, zonesReply, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxZoneBody))
	if err != nil {
		s.writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("zone file too large (more than %d MiB)", maxZoneBody>>20))
		return nil, zonesReply{}, false
	}
	zones, issues, err := airspace.Read(bytes.NewReader(body))
	rep := zonesReply{Zones: []zoneJSON{}, Issues: issuesJSON(issues)}
	if err != nil {
		rep.Error = err.Error()
		s.writeJSON(w, http.StatusBadRequest, rep)
		return nil, rep, false
	}
	var auth airspace.Operation
	if op := s.Operation.Get(); op != nil {
		auth.Authorisations = op.Authorisations
	}
	for i := range zones {
		rep.Zones = append(rep.Zones, describeZone(&zones[i], auth))
	}
	return zones, rep, true
}

// postZones reads a zone file and says what it holds, storing nothing.
func (s *Server) postZones(w http.ResponseWriter, r *http.Request) {
	if _, rep, ok := s.readZones(w, r); ok {
		s.writeJSON(w, http.StatusOK, rep)
	}
}

// putOperationZones replaces the operation's zones with a zone file's.
func (s *Server) putOperationZones(w http.ResponseWriter, r *http.Request) {
	zones, rep, ok := s.readZones(w, r)
	if !ok {
		return
	}
	next := gcs.Operation{}
	if cur := s.Operation.Get(); cur != nil {
		next = *cur
	}
	next.Zones = zones
	op, err := gcs.NewOperation(next)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.Operation.Set(op)
	s.writeJSON(w, http.StatusOK, rep)
}

// checkResultJSON shows a check with the profile and the vehicle it was
// made for.
func checkResultJSON(res gcs.CheckResult) *checkJSON {
	out := reportJSON(&res.Report)
	out.ProfileName = res.Operation.ProfileName
	if res.Vehicle != nil {
		out.Vehicle = string(res.Vehicle.ID)
	}
	return out
}

// postCheck validates a plan file against the active operation;
// ?vehicle=ID checks it as its upload to that vehicle would be.
func (s *Server) postCheck(w http.ResponseWriter, r *http.Request) {
	if s.Operation.Get() == nil {
		s.writeError(w, http.StatusNotFound, gcs.ErrNoOperation.Error())
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxPlanBody))
	if err != nil {
		s.writeError(w, http.StatusRequestEntityTooLarge, "plan file too large")
		return
	}
	plan, issues, err := planfile.ReadPlan(r.URL.Query().Get("format"), body)
	if err != nil {
		s.writeJSON(w, http.StatusBadRequest, checkJSON{Error: err.Error(), Issues: issuesJSON(issues), Violations: []violationJSON{}})
		return
	}
	res, err := s.planning().Check(plan, gcs.VehicleID(r.URL.Query().Get("vehicle")))
	switch {
	case errors.Is(err, gcs.ErrNoOperation):
		s.writeError(w, http.StatusNotFound, err.Error())
		return
	case err != nil:
		s.writeError(w, http.StatusConflict, err.Error())
		return
	}
	out := checkResultJSON(res)
	out.Issues = issuesJSON(append(issues, res.Notes...))
	s.writeJSON(w, http.StatusOK, out)
}
