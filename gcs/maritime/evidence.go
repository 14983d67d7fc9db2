package maritime

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"

	"skerry/gcs"
)

// evidenceTrack is how much of a vessel's history an incident keeps.
const evidenceTrack = 15 * time.Minute

// memFiles bounds the evidence files kept in memory by a picture without
// a store.
const memFiles = 256

// evidence gathers what supports an incident about one target: the
// cameras' best picture of it (with its box), its track, its AIS data and
// the drones and cameras that saw it.
func (p *Picture) evidence(tr *Track, now time.Time) []gcs.Evidence {
	t := &tr.Target
	var out []gcs.Evidence
	if ev, ok := p.snapshotEvidence(tr, now); ok {
		out = append(out, ev)
	}
	cut := now.Add(-evidenceTrack)
	var track []gcs.TrackPoint
	for _, pt := range tr.History {
		if !pt.At.Before(cut) {
			track = append(track, pt)
		}
	}
	if len(track) > 0 {
		out = append(out, gcs.Evidence{Kind: gcs.EvidenceTrack, At: now, Vessel: t.ID, Track: track})
	}
	if t.AIS != nil {
		a := *t.AIS
		out = append(out, gcs.Evidence{Kind: gcs.EvidenceAIS, At: now, Vessel: t.ID, AIS: &a})
	}
	if len(t.SeenBy) > 0 {
		out = append(out, gcs.Evidence{Kind: gcs.EvidenceSensors, At: now, Vessel: t.ID, Sensors: slices.Clone(t.SeenBy)})
	}
	if ev, ok := p.clipEvidence(tr); ok {
		out = append(out, ev)
	}
	return out
}

// clipBefore is how much video before its latest sighting an incident's
// clip shows.
const clipBefore = 15 * time.Second

// clipEvidence stores the video of the target's latest sighting (the
// clipBefore seconds up to it) as an evidence file; false when there is
// no clipper, no sighting, or no video kept of it.
func (p *Picture) clipEvidence(tr *Track) (gcs.Evidence, bool) {
	t := &tr.Target
	if p.Clips == nil || len(t.SeenBy) == 0 {
		return gcs.Evidence{}, false
	}
	latest := t.SeenBy[0]
	for _, s := range t.SeenBy[1:] {
		if s.At.After(latest.At) {
			latest = s
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	data, mime, err := p.Clips.Clip(ctx, latest.Vehicle, latest.Stream, latest.At.Add(-clipBefore), latest.At)
	if err != nil {
		if !errors.Is(err, gcs.ErrNoClip) {
			p.Log.Warn("evidence clip not cut", "vessel", t.ID, "vehicle", latest.Vehicle, "stream", latest.Stream, "err", err)
		}
		return gcs.Evidence{}, false
	}
	hash, err := p.putFile(ctx, data)
	if err != nil {
		p.stats.storeErrors.Add(1)
		p.Log.Error("evidence clip not stored", "vessel", t.ID, "err", err)
		return gcs.Evidence{}, false
	}
	return gcs.Evidence{Kind: gcs.EvidenceClip, At: latest.At, Vessel: t.ID, File: hash, MIME: mime,
		Sensors: []gcs.Sighting{latest}}, true
}

// snapshotEvidence stores the cameras' best picture of a target as an
// evidence file; false when there is none (an AIS-only target, no picture
// yet, or the store failed: logged).
func (p *Picture) snapshotEvidence(tr *Track, now time.Time) (gcs.Evidence, bool) {
	t := &tr.Target
	if p.Snapshot == nil || t.Contact == "" || t.Snapshot == "" {
		return gcs.Evidence{}, false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	jpeg, err := p.Snapshot(ctx, t.Contact)
	if err != nil || len(jpeg) == 0 {
		return gcs.Evidence{}, false
	}
	hash, err := p.putFile(ctx, jpeg)
	if err != nil {
		p.stats.storeErrors.Add(1)
		p.Log.Error("evidence picture not stored", "vessel", t.ID, "err", err)
		return gcs.Evidence{}, false
	}
	return gcs.Evidence{Kind: gcs.EvidenceSnapshot, At: now, Vessel: t.ID, File: hash, MIME: "image/jpeg"}, true
}

// hasSnapshot says whether evs hold a picture of vessel id.
func hasSnapshot(evs []gcs.Evidence, id gcs.VesselID) bool {
	for _, e := range evs {
		if e.Kind == gcs.EvidenceSnapshot && e.Vessel == id {
			return true
		}
	}
	return false
}

// putFile keeps an evidence file: in the store, or in memory without one.
func (p *Picture) putFile(ctx context.Context, data []byte) (string, error) {
	if p.Store != nil {
		return p.Store.PutFile(ctx, data)
	}
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	p.memFiles.Store(hash, slices.Clone(data))
	if p.memCount.Add(1) > memFiles {
		// Forget one at random rather than grow: a picture without a
		// store is for tests and demos.
		p.memFiles.Range(func(k, _ any) bool {
			if k != hash {
				p.memFiles.Delete(k)
				p.memCount.Add(-1)
				return false
			}
			return true
		})
	}
	return hash, nil
}

// IncidentFile returns an evidence file by its SHA-256 (hex); an error
// wrapping os.ErrNotExist when there is none.
func (p *Picture) IncidentFile(ctx context.Context, hash string) ([]byte, error) {
	if p.Store != nil {
		return p.Store.File(ctx, hash)
	}
	if b, ok := p.memFiles.Load(hash); ok {
		return b.([]byte), nil
	}
	return nil, fmt.Errorf("evidence file %.16s: %w", hash, os.ErrNotExist)
}
