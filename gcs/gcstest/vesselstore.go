package gcstest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"

	"skerry/gcs"
)

// VesselStore is an in-memory gcs.VesselStore with the store's semantics:
// SaveVessel upserts the contact's state, appends its Track's points to
// the history (a point at a time already kept is ignored) and replaces
// the picture when one is given. Fail, when set, makes every call fail.
type VesselStore struct {
	Fail error

	mu      sync.Mutex
	vessels map[gcs.VesselID]gcs.Vessel
	tracks  map[gcs.VesselID][]gcs.TrackPoint
	snaps   map[gcs.VesselID][]byte
	saves   int
}

var _ gcs.VesselStore = (*VesselStore)(nil)

// SaveVessel keeps v (see VesselStore).
func (s *VesselStore) SaveVessel(_ context.Context, v gcs.Vessel, snapshot []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Fail != nil {
		return s.Fail
	}
	if s.vessels == nil {
		s.vessels, s.tracks, s.snaps = map[gcs.VesselID]gcs.Vessel{}, map[gcs.VesselID][]gcs.TrackPoint{}, map[gcs.VesselID][]byte{}
	}
	s.saves++
	for _, p := range v.Track {
		if !slices.ContainsFunc(s.tracks[v.ID], func(q gcs.TrackPoint) bool { return q.At.Equal(p.At) }) {
			s.tracks[v.ID] = append(s.tracks[v.ID], p)
		}
	}
	sort.Slice(s.tracks[v.ID], func(i, j int) bool { return s.tracks[v.ID][i].At.Before(s.tracks[v.ID][j].At) })
	if snapshot != nil {
		s.snaps[v.ID] = bytes.Clone(snapshot)
	}
	v.Track, v.Snapshot = nil, ""
	if s.snaps[v.ID] != nil {
		v.Snapshot = gcs.SnapshotPath(v.ID)
	}
	v.SeenBy = slices.Clone(v.SeenBy)
	s.vessels[v.ID] = v
	return nil
}

// Vessels returns every contact, most recently seen first, without tracks.
func (s *VesselStore) Vessels(context.Context) ([]gcs.Vessel, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Fail != nil {
		return nil, s.Fail
	}
	out := make([]gcs.Vessel, 0, len(s.vessels))
	for _, v := range s.vessels {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].LastSeen.Equal(out[j].LastSeen) {
			return out[i].LastSeen.After(out[j].LastSeen)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// Vessel returns one contact with its track.
func (s *VesselStore) Vessel(_ context.Context, id gcs.VesselID) (gcs.Vessel, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Fail != nil {
		return gcs.Vessel{}, s.Fail
	}
	v, ok := s.vessels[id]
	if !ok {
		return v, fmt.Errorf("%w: %q", gcs.ErrNoVessel, id)
	}
	v.Track = slices.Clone(s.tracks[id])
	return v, nil
}

// VesselSnapshot returns a contact's picture.
func (s *VesselStore) VesselSnapshot(_ context.Context, id gcs.VesselID) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Fail != nil {
		return nil, s.Fail
	}
	b, ok := s.snaps[id]
	if !ok {
		return nil, fmt.Errorf("%w: no picture of %q", gcs.ErrNoVessel, id)
	}
	return bytes.Clone(b), nil
}

// Saves counts the successful SaveVessel calls.
func (s *VesselStore) Saves() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.saves
}

// ErrBroken is a store failure for tests.
var ErrBroken = errors.New("gcstest: store broken")
