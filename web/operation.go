package web

import (
	"bytes"
	"io"
	"net/http"
	"time"

	"github.com/paulmach/orb"

	"skerry/gcs"
	"skerry/mission"
	"skerry/mission/airspace"
	"skerry/mission/validate"
)

// violationJSON is a validation finding as the API shows it.
type violationJSON struct {
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Item     int    `json:"item"`
	Leg      [2]int `json:"leg"`
	Message  string `json:"message"`
	Source   string `json:"source"`
}

// checkJSON is a validation report as the API shows it.
type checkJSON struct {
	Lawful      bool            `json:"lawful"`
	Length      float64         `json:"length_m"`
	DurationS   float64         `json:"duration_s"`
	MaxHeight   float64         `json:"max_height_m"`
	Violations  []violationJSON `json:"violations"`
	Issues      []issueJSON     `json:"issues,omitempty"`
	Error       string          `json:"error,omitempty"`
	ProfileName string          `json:"profile,omitempty"`
}

func reportJSON(r *validate.Report) *checkJSON {
	if r == nil {
		return nil
	}
	out := &checkJSON{Lawful: r.Lawful, Length: r.Length, DurationS: r.Duration.Seconds(), MaxHeight: r.MaxHeight, Violations: []violationJSON{}}
	for _, v := range r.Violations {
		out.Violations = append(out.Violations, violationJSON{Severity: v.Severity.String(), Rule: v.Rule, Item: v.Item, Leg: v.Leg, Message: v.Message, Source: v.Source})
	}
	return out
}

// operationJSON is the active operation as the API shows and takes it.
type operationJSON struct {
	Name           string      `json:"name"`
	Profile        string      `json:"profile"`
	Authorisations []string    `json:"authorisations"`
	Pilot          *[2]float64 `json:"pilot,omitempty"` // [lat, lon]
	Pilots         int         `json:"pilots"`
	EnduranceS     float64     `json:"endurance_s"`
	MaxWind        float64     `json:"max_wind"`
	CruiseSpeed    float64     `json:"cruise_speed"`
	Zones          int         `json:"zones"`
	HasArea        bool        `json:"has_area"`
}

func (s *Server) getOperation(w http.ResponseWriter, _ *http.Request) {
	op := s.Operation.Get()
	if op == nil {
		writeError(w, http.StatusNotFound, "no operation is set")
		return
	}
	writeJSON(w, http.StatusOK, describeOperation(op))
}

func describeOperation(op *gcs.Operation) operationJSON {
	out := operationJSON{Name: op.Name, Profile: op.ProfileName, Authorisations: op.Authorisations, Pilots: op.Pilots,
		EnduranceS: op.Endurance.Seconds(), MaxWind: op.MaxWind, CruiseSpeed: op.CruiseSpeed, Zones: len(op.Zones), HasArea: len(op.Area) > 0}
	if out.Authorisations == nil {
		out.Authorisations = []string{}
	}
	if op.Pilot != nil {
		out.Pilot = &[2]float64{op.Pilot[1], op.Pilot[0]}
	}
	return out
}

// putOperation changes the operation's profile, authorisations, pilot and
// limits; zones and area are kept.
func (s *Server) putOperation(w http.ResponseWriter, r *http.Request) {
	var in operationJSON
	if err := s.decode(w, r, &in); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	cur := s.Operation.Get()
	next := gcs.Operation{Name: in.Name, ProfileName: in.Profile, Authorisations: in.Authorisations, Pilots: in.Pilots,
		Endurance: time.Duration(in.EnduranceS * float64(time.Second)), MaxWind: in.MaxWind, CruiseSpeed: in.CruiseSpeed}
	if in.Pilot != nil {
		p := orb.Point{in.Pilot[1], in.Pilot[0]}
		next.Pilot = &p
	}
	if cur != nil {
		next.Zones, next.Area = cur.Zones, cur.Area
	}
	op, err := gcs.NewOperation(next)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.Operation.Set(op)
	writeJSON(w, http.StatusOK, describeOperation(op))
}

// zonesReply answers a zone file upload.
type zonesReply struct {
	Zones  []zoneJSON  `json:"zones"`
	Issues []issueJSON `json:"issues"`
	Error  string      `json:"error,omitempty"`
}

type zoneJSON struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Restriction string   `json:"restriction"`
	Effect      string   `json:"effect"`
	Conditions  []string `json:"conditions,omitempty"`
	Lower       string   `json:"lower"`
	Upper       string   `json:"upper"`
	Source      string   `json:"source"`
}

// readZones parses a zone file body and describes the zones.
func (s *Server) readZones(w http.ResponseWriter, r *http.Request) ([]airspace.Zone, zonesReply, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxPlanBody))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, "zone file too large")
		return nil, zonesReply{}, false
	}
	zones, issues, err := airspace.Read(bytes.NewReader(body))
	rep := zonesReply{Zones: []zoneJSON{}, Issues: issuesJSON(issues)}
	if err != nil {
		rep.Error = err.Error()
		writeJSON(w, http.StatusBadRequest, rep)
		return nil, rep, false
	}
	var auth airspace.Operation
	if op := s.Operation.Get(); op != nil {
		auth.Authorisations = op.Authorisations
	}
	for i := range zones {
		z := &zones[i]
		zj := zoneJSON{ID: z.ID, Name: z.Name, Restriction: string(z.Restriction), Effect: z.Effect(auth).Kind.String(), Conditions: z.Conditions, Source: z.Source}
		if len(z.Volumes) > 0 {
			zj.Lower, zj.Upper = z.Volumes[0].Lower.String(), z.Volumes[0].Upper.String()
		}
		rep.Zones = append(rep.Zones, zj)
	}
	return zones, rep, true
}

// postZones reads a zone file and says what it holds, storing nothing.
func (s *Server) postZones(w http.ResponseWriter, r *http.Request) {
	if _, rep, ok := s.readZones(w, r); ok {
		writeJSON(w, http.StatusOK, rep)
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
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.Operation.Set(op)
	writeJSON(w, http.StatusOK, rep)
}

// postCheck validates a plan file against the active operation.
func (s *Server) postCheck(w http.ResponseWriter, r *http.Request) {
	op := s.Operation.Get()
	if op == nil {
		writeError(w, http.StatusNotFound, "no operation is set")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxPlanBody))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, "plan file too large")
		return
	}
	plan, issues, err := mission.ReadPlan(r.URL.Query().Get("format"), body)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, checkJSON{Error: err.Error(), Issues: issuesJSON(issues), Violations: []violationJSON{}})
		return
	}
	rep := op.Check(plan, nil, 0, time.Now())
	out := reportJSON(&rep)
	out.Issues, out.ProfileName = issuesJSON(issues), op.ProfileName
	writeJSON(w, http.StatusOK, out)
}
