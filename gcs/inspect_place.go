package gcs

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"
)

// InspectPlacePrefix begins the target id of an inspection of a place: an
// incident raised at a point of the map with no vessel named ("place:"
// and the incident's id). The drone circles the incident's place, which
// does not move, with its camera on it.
const InspectPlacePrefix = "place:"

// target reads a target: a vessel of the picture, or the place of an
// incident (InspectPlacePrefix), heard now for as long as the incident
// is there.
func (i *Inspector) target(ctx context.Context, id VesselID) (Target, error) {
	incID, ok := strings.CutPrefix(string(id), InspectPlacePrefix)
	if !ok {
		return i.Targets.Target(ctx, id)
	}
	inc, err := i.Targets.Incident(ctx, incID)
	if err != nil {
		return Target{}, err
	}
	return placeTarget(&inc, i.now())
}

// placeTarget is an incident's place as a still target seen at now.
func placeTarget(inc *Incident, now time.Time) (Target, error) {
	if math.IsNaN(inc.Lat) || math.IsNaN(inc.Lon) || math.Abs(inc.Lat) > 90 || math.Abs(inc.Lon) > 180 || (inc.Lat == 0 && inc.Lon == 0) {
		return Target{}, fmt.Errorf("%w: incident %s has no place to look at", ErrNoTarget, inc.ID)
	}
	return Target{ID: VesselID(InspectPlacePrefix + inc.ID), Lat: inc.Lat, Lon: inc.Lon, At: now,
		Course: Unknown, Speed: 0, Length: Unknown, FirstSeen: inc.Raised, LastSeen: now}, nil
}
