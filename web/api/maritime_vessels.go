package api

import (
	"context"
	"time"

	"skerry/gcs"
)

// fusedVessel is an entry of GET /api/vessels: a camera contact with what
// the maritime picture fused with it (its AIS identity, status, sources
// and risk), or a vessel only AIS reports (id "ais-<mmsi>", sources
// ["ais"]). Without a maritime picture the extra members are absent.
type fusedVessel struct {
	gcs.Vessel
	MMSI     uint32           `json:"mmsi,omitempty"`
	Name     string           `json:"name,omitempty"`
	CallSign string           `json:"call_sign,omitempty"`
	ShipType uint8            `json:"ship_type,omitempty"`
	Status   gcs.TargetStatus `json:"status,omitempty"`
	Sources  []string         `json:"sources,omitempty"`
	Risk     *gcs.Risk        `json:"risk,omitempty"`
}

// fuse joins the maritime picture's targets to the camera contacts: each
// contact gets the fields of the target that holds it, and every target
// no camera sees (AIS only) that was seen at or after since is appended,
// in the picture's order (by risk).
func fuse(contacts []gcs.Vessel, targets []gcs.Target, since time.Time) []fusedVessel {
	byContact := make(map[gcs.VesselID]*gcs.Target, len(targets))
	for i := range targets {
		if c := targets[i].Contact; c != "" {
			byContact[c] = &targets[i]
		}
	}
	out := make([]fusedVessel, 0, len(contacts)+len(targets))
	for _, c := range contacts {
		f := fusedVessel{Vessel: c}
		if t := byContact[c.ID]; t != nil {
			f.identify(t)
		}
		out = append(out, f)
	}
	for i := range targets {
		t := &targets[i]
		if t.Contact != "" || t.LastSeen.Before(since) {
			continue
		}
		f := fusedVessel{Vessel: gcs.Vessel{ID: t.ID, Lat: t.Lat, Lon: t.Lon, ErrorM: t.ErrorM, Course: t.Course,
			Speed: t.Speed, Length: t.Length, FirstSeen: t.FirstSeen, LastSeen: t.LastSeen, SeenBy: []gcs.Sighting{}}}
		f.identify(t)
		if len(f.Sources) == 0 {
			f.Sources = []string{gcs.SourceAIS}
		}
		out = append(out, f)
	}
	return out
}

// identify sets the fields the picture adds to a contact.
func (f *fusedVessel) identify(t *gcs.Target) {
	f.MMSI, f.Status, f.Sources = t.MMSI, t.Status, t.Sources
	risk := t.Risk
	f.Risk = &risk
	if t.AIS != nil {
		f.Name, f.CallSign, f.ShipType = t.AIS.Name, t.AIS.CallSign, t.AIS.ShipType
	}
}

// fusedVessels lists the contacts seen at or after since (none without
// the Vessels use case) fused with the maritime picture (when there is
// one; should it fail, the contacts alone, logged).
func (s *Server) fusedVessels(ctx context.Context, since time.Time) ([]fusedVessel, error) {
	var list []gcs.Vessel
	if s.Vessels != nil {
		var err error
		if list, err = s.Vessels.ListSince(ctx, since); err != nil {
			return nil, err
		}
	}
	var targets []gcs.Target
	if s.Maritime != nil {
		var err error
		if targets, err = s.Maritime.Targets(ctx); err != nil {
			s.log().Warn("vessel list without the maritime picture", "err", err)
			targets = nil
		}
	}
	return fuse(list, targets, since), nil
}
