package api

import (
	"cmp"
	"context"
	"errors"
	"math"
	"slices"
	"time"

	"skerry/gcs"
)

// Bounds of what a unit's view holds: it travels over thin links.
const (
	maxViewIncidents = 50              // the unit's latest incidents
	maxViewTrack     = 40              // points of a vessel's track
	viewWatchWindow  = 2 * time.Minute // a sighting older than this is no longer "watching"
	knotsPerMS       = 3600.0 / 1852.0
)

// unitPage is the body of GET /api/unitview: the unit and its incidents,
// newest first, compact.
type unitPage struct {
	Unit      unitPageUnit   `json:"unit"`
	Incidents []unitIncident `json:"incidents"`
}

// unitPageUnit is the unit as its own view shows it: never its secrets.
type unitPageUnit struct {
	ID   gcs.UnitID    `json:"id"`
	Name string        `json:"name"`
	Area *gcs.UnitArea `json:"area,omitempty"`
}

// unitIncident is one incident as a unit sees it.
type unitIncident struct {
	ID       string               `json:"id"`
	Type     gcs.IncidentType     `json:"type"`
	Severity gcs.IncidentSeverity `json:"severity"`
	State    gcs.IncidentState    `json:"state"`
	Title    string               `json:"title"`
	Summary  string               `json:"summary,omitempty"`
	Lat      float64              `json:"lat"`
	Lon      float64              `json:"lon"`
	Area     string               `json:"area,omitempty"`
	Raised   time.Time            `json:"raised"`
	Updated  time.Time            `json:"updated"`
	// Report is the latest report to the unit about it: the one to
	// acknowledge (POST /api/reports/{id}/ack).
	Report   unitReport   `json:"report"`
	Snapshot string       `json:"snapshot,omitempty"` // URL under /api/unitview/files/
	Vessels  []unitVessel `json:"vessels"`
	Watchers []unitDrone  `json:"watchers,omitempty"`
}

// unitReport is a report's state as its unit needs it.
type unitReport struct {
	ID      string           `json:"id"`
	Kind    gcs.ReportKind   `json:"kind"`
	Version int              `json:"version"`
	Status  gcs.ReportStatus `json:"status"`
	Acked   time.Time        `json:"acked,omitzero"`
}

// unitVessel is one vessel of an incident: its identity, where it is and
// goes, and its track ([lat, lon] pairs, oldest first, thinned).
type unitVessel struct {
	Target    gcs.VesselID     `json:"target"`
	Name      string           `json:"name,omitempty"`
	MMSI      uint32           `json:"mmsi,omitempty"`
	CallSign  string           `json:"call_sign,omitempty"`
	Status    gcs.TargetStatus `json:"status,omitempty"`
	NavStatus *uint8           `json:"nav_status,omitempty"`
	Lat       *float64         `json:"lat,omitempty"`
	Lon       *float64         `json:"lon,omitempty"`
	At        time.Time        `json:"at,omitzero"`
	Course    *float64         `json:"cog_deg,omitempty"`
	Speed     *float64         `json:"sog_kn,omitempty"`
	Track     [][2]float64     `json:"track,omitempty"`
}

// unitDrone is a drone whose camera sees one of the incident's vessels
// now.
type unitDrone struct {
	ID     gcs.VehicleID `json:"id"`
	Vessel gcs.VesselID  `json:"vessel"`
	Lat    *float64      `json:"lat,omitempty"`
	Lon    *float64      `json:"lon,omitempty"`
	AltM   *float64      `json:"alt_m,omitempty"`
}

// latestReports returns the latest report to the unit about each
// incident, the most recently made first, at most maxViewIncidents.
func latestReports(rs []gcs.Report) []gcs.Report {
	byInc := map[string]gcs.Report{}
	for _, r := range rs {
		if old, ok := byInc[r.Incident]; !ok || r.Seq > old.Seq || (r.Seq == old.Seq && r.Created.After(old.Created)) {
			byInc[r.Incident] = r
		}
	}
	out := make([]gcs.Report, 0, len(byInc))
	for _, r := range byInc {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b gcs.Report) int {
		return cmp.Or(cmp.Compare(b.Seq, a.Seq), b.Created.Compare(a.Created), cmp.Compare(a.Incident, b.Incident))
	})
	if len(out) > maxViewIncidents {
		out = out[:maxViewIncidents]
	}
	return out
}

// buildUnitPage gathers the unit's view: its incidents (those it has
// reports about) as the maritime picture now knows them, with the live
// vessels and the drones watching them.
func (s *Server) buildUnitPage(ctx context.Context, u gcs.Unit, rs []gcs.Report, now time.Time) (unitPage, error) {
	page := unitPage{Unit: unitPageUnit{ID: u.ID, Name: u.Name, Area: u.Area}, Incidents: []unitIncident{}}
	for _, rep := range latestReports(rs) {
		inc, err := s.Maritime.Incident(ctx, rep.Incident)
		if errors.Is(err, gcs.ErrNoIncident) {
			continue // gone from the picture: nothing to show
		} else if err != nil {
			return page, err
		}
		page.Incidents = append(page.Incidents, s.viewForUnit(ctx, inc, rep, now))
	}
	slices.SortStableFunc(page.Incidents, func(a, b unitIncident) int { return b.Raised.Compare(a.Raised) })
	return page, nil
}

// viewForUnit is one incident as a unit sees it.
func (s *Server) viewForUnit(ctx context.Context, inc gcs.Incident, rep gcs.Report, now time.Time) unitIncident {
	ui := unitIncident{ID: inc.ID, Type: inc.Type, Severity: inc.Severity, State: inc.State, Title: inc.Title, Summary: inc.Summary,
		Lat: round5(inc.Lat), Lon: round5(inc.Lon), Area: inc.Area, Raised: inc.Raised.UTC().Truncate(time.Second), Updated: inc.Updated.UTC().Truncate(time.Second),
		Report:  unitReport{ID: rep.ID, Kind: rep.Kind, Version: rep.Version, Status: rep.Status, Acked: rep.Acked.UTC().Truncate(time.Second)},
		Vessels: []unitVessel{}}
	if f := latestFile(inc.Evidence, gcs.EvidenceSnapshot); f != "" && validIncidentID(inc.ID) {
		ui.Snapshot = "/api/unitview/files/" + f
	}
	seen := map[gcs.VehicleID]bool{}
	for _, v := range inc.Vessels {
		uv, t := s.vesselForUnit(ctx, inc, v)
		ui.Vessels = append(ui.Vessels, uv)
		if t != nil {
			ui.Watchers = append(ui.Watchers, s.watchers(t, now, seen)...)
		}
	}
	return ui
}

// latestFile is the hash of the latest evidence file of kind.
func latestFile(ev []gcs.Evidence, kind string) string {
	best, at := "", time.Time{}
	for _, e := range ev {
		if e.Kind == kind && hashPattern.MatchString(e.File) && (best == "" || !e.At.Before(at)) {
			best, at = e.File, e.At
		}
	}
	return best
}

// vesselForUnit is one vessel of an incident: what the incident recorded,
// brought up to date by the picture's target when it still has it (nil
// otherwise).
func (s *Server) vesselForUnit(ctx context.Context, inc gcs.Incident, v gcs.IncidentVessel) (unitVessel, *gcs.Target) {
	uv := unitVessel{Target: v.Target, Name: v.Name, MMSI: v.MMSI, CallSign: v.CallSign, Status: v.Status}
	var track []gcs.TrackPoint
	for _, e := range inc.Evidence {
		switch {
		case e.Kind == gcs.EvidenceTrack && (e.Vessel == v.Target || e.Vessel == v.Contact) && len(e.Track) > 0:
			track = e.Track
		case e.Kind == gcs.EvidenceAIS && e.AIS != nil && (e.Vessel == v.Target || e.Vessel == v.Contact):
			uv.applyAIS(e.AIS)
		}
	}
	var t *gcs.Target
	if got, err := s.Maritime.Target(ctx, v.Target); err == nil {
		t = &got
		uv.applyTarget(t)
	}
	if n := len(track); n > 0 && uv.Lat == nil {
		last := track[n-1]
		uv.Lat, uv.Lon, uv.At = ptr(round5(last.Lat)), ptr(round5(last.Lon)), last.At.UTC().Truncate(time.Second)
	}
	uv.Track = thinTrack(track, uv.Lat, uv.Lon, maxViewTrack)
	return uv, t
}

// applyAIS fills what AIS data says and the vessel lacks.
func (uv *unitVessel) applyAIS(a *gcs.AISVessel) {
	if a.MMSI != 0 {
		uv.MMSI = a.MMSI
	}
	if a.Name != "" {
		uv.Name = a.Name
	}
	if a.CallSign != "" {
		uv.CallSign = a.CallSign
	}
	if a.NavStatus != nil {
		uv.NavStatus = ptr(*a.NavStatus)
	}
	if a.COG != nil && finite(*a.COG) {
		uv.Course = ptr(math.Round(*a.COG))
	}
	if a.SOG != nil && finite(*a.SOG) {
		uv.Speed = ptr(round1(*a.SOG))
	}
}

// applyTarget brings the vessel up to the picture's target.
func (uv *unitVessel) applyTarget(t *gcs.Target) {
	if t.AIS != nil {
		uv.applyAIS(t.AIS)
	}
	if t.MMSI != 0 {
		uv.MMSI = t.MMSI
	}
	uv.Status = t.Status
	if finite(t.Lat) && finite(t.Lon) {
		uv.Lat, uv.Lon, uv.At = ptr(round5(t.Lat)), ptr(round5(t.Lon)), t.At.UTC().Truncate(time.Second)
	}
	if t.Course.Known() {
		uv.Course = ptr(math.Round(float64(t.Course)))
	}
	if t.Speed.Known() {
		uv.Speed = ptr(round1(float64(t.Speed) * knotsPerMS))
	}
}

// watchers are the drones whose cameras saw the target within the watch
// window, each once (seen holds those already listed), with where the
// fleet has them.
func (s *Server) watchers(t *gcs.Target, now time.Time, seen map[gcs.VehicleID]bool) []unitDrone {
	var out []unitDrone
	for _, sg := range t.SeenBy {
		if seen[sg.Vehicle] || now.Sub(sg.At) > viewWatchWindow {
			continue
		}
		seen[sg.Vehicle] = true
		d := unitDrone{ID: sg.Vehicle, Vessel: t.ID}
		if s.Fleet != nil {
			if v, ok := s.Fleet.Vehicle(sg.Vehicle); ok && v.HasPosition && finite(v.Position.Lat) && finite(v.Position.Lon) {
				d.Lat, d.Lon, d.AltM = ptr(round5(v.Position.Lat)), ptr(round5(v.Position.Lon)), ptr(math.Round(v.Position.AltRel))
			}
		}
		out = append(out, d)
	}
	return out
}

// thinTrack keeps at most max [lat, lon] points of a track, evenly
// spread, always the first and the last, and then the current position
// (lat, lon, when known and not the last point already).
func thinTrack(track []gcs.TrackPoint, lat, lon *float64, max int) [][2]float64 {
	pts := make([][2]float64, 0, max+1)
	for _, p := range track {
		if finite(p.Lat) && finite(p.Lon) {
			pts = append(pts, [2]float64{round5(p.Lat), round5(p.Lon)})
		}
	}
	if n := len(pts); n > max && max >= 2 {
		thin := make([][2]float64, 0, max)
		for i := range max {
			thin = append(thin, pts[i*(n-1)/(max-1)])
		}
		pts = thin
	}
	if lat != nil && lon != nil && len(pts) > 0 && pts[len(pts)-1] != [2]float64{*lat, *lon} {
		pts = append(pts, [2]float64{*lat, *lon})
	}
	if len(pts) < 2 {
		return nil
	}
	return pts
}

func ptr[T any](v T) *T        { return &v }
func finite(f float64) bool    { return !math.IsNaN(f) && !math.IsInf(f, 0) }
func round5(f float64) float64 { return math.Round(f*1e5) / 1e5 }
func round1(f float64) float64 { return math.Round(f*10) / 10 }
