package maritime

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"time"

	"skerry/gcs"
)

// Fusion holds how the picture pairs camera contacts with AIS tracks.
// Zero values mean the defaults.
type Fusion struct {
	// GateMin is the least gate, metres (default 30): a camera contact and
	// an AIS position (dead-reckoned to the contact's time) pair when they
	// are within three sigmas of their combined error, and never further
	// apart than GateMin would allow for a perfect fix.
	GateMin float64
	// MaxAISAge is how old an AIS position may be and still pair (default
	// 3 min: a class A vessel under way reports every 2 to 10 s, at anchor
	// every 3 min).
	MaxAISAge time.Duration
	// CourseGate is the largest course difference, degrees, between two
	// reports of a moving vessel (both above 1.5 m/s) that may pair
	// (default 60).
	CourseGate float64
	// InconsistentM is how far, metres, the fresh AIS of a paired
	// identity may be from where the cameras see its boat before the
	// target is "inconsistent" (default 500).
	InconsistentM float64
	// ContactTimeout: a camera contact not seen for this long leaves the
	// picture (default 2 min).
	ContactTimeout time.Duration
}

func (f *Fusion) defaults() {
	if f.GateMin <= 0 {
		f.GateMin = 30
	}
	if f.MaxAISAge <= 0 {
		f.MaxAISAge = 3 * time.Minute
	}
	if f.CourseGate <= 0 {
		f.CourseGate = 60
	}
	if f.InconsistentM <= 0 {
		f.InconsistentM = 500
	}
	if f.ContactTimeout <= 0 {
		f.ContactTimeout = 2 * time.Minute
	}
}

// pairing is a camera contact's AIS identity.
type pairing struct {
	mmsi  uint32
	since time.Time
	// inconsistent says why the AIS contradicts the cameras; "" when it
	// does not.
	inconsistent string
}

// fuser is the fusion's state: the latest camera contacts and AIS
// vessels, and which contact carries which identity. It belongs to the
// Picture's owner goroutine.
type fuser struct {
	cfg      Fusion
	contacts map[gcs.VesselID]*gcs.Vessel
	ais      map[uint32]*gcs.AISVessel
	pairs    map[gcs.VesselID]*pairing
	owner    map[uint32]gcs.VesselID
}

func newFuser(cfg Fusion) *fuser {
	cfg.defaults()
	return &fuser{cfg: cfg, contacts: map[gcs.VesselID]*gcs.Vessel{}, ais: map[uint32]*gcs.AISVessel{},
		pairs: map[gcs.VesselID]*pairing{}, owner: map[uint32]gcs.VesselID{}}
}

// contact takes a camera contact's new state.
func (f *fuser) contact(v *gcs.Vessel) {
	if old := f.contacts[v.ID]; old != nil && v.LastSeen.Before(old.LastSeen) {
		return
	}
	f.contacts[v.ID] = v
}

// aisVessel takes an AIS vessel's new state; nil: it left the AIS picture.
func (f *fuser) aisVessel(mmsi uint32, v *gcs.AISVessel) {
	if v != nil {
		f.ais[mmsi] = v
		return
	}
	delete(f.ais, mmsi)
	if id, ok := f.owner[mmsi]; ok {
		f.unpair(id)
	}
}

func (f *fuser) unpair(id gcs.VesselID) {
	if p := f.pairs[id]; p != nil {
		delete(f.owner, p.mmsi)
		delete(f.pairs, id)
	}
}

// aisAt is where an AIS vessel is at t: its last position dead-reckoned
// along its course and speed (for at most MaxAISAge), with the error of
// that guess (one sigma, metres); ok false without a position.
func (f *fuser) aisAt(v *gcs.AISVessel, t time.Time) (lat, lon, sigma float64, ok bool) {
	if v.Position == nil {
		return 0, 0, 0, false
	}
	dt := t.Sub(v.Position.Time).Seconds()
	lat, lon = v.Position.Lat, v.Position.Lon
	speed := 0.0
	if v.SOG != nil && v.COG != nil {
		speed = *v.SOG * knot
		reck := math.Max(-f.cfg.MaxAISAge.Seconds(), math.Min(dt, f.cfg.MaxAISAge.Seconds()))
		lat, lon = destination(lat, lon, *v.COG, speed*reck)
	}
	// 10 m of GNSS error, 0.1 m/s of drift, and 5 % of the distance run
	// for the errors of speed and course.
	sigma = 10 + 0.1*math.Abs(dt) + 0.05*speed*math.Abs(dt)
	return lat, lon, sigma, true
}

// gate returns the distance between a contact and an AIS vessel and the
// largest at which they may pair; ok false when they cannot pair at all
// (no position, too old, courses apart).
func (f *fuser) gate(c *gcs.Vessel, v *gcs.AISVessel) (d, g float64, ok bool) {
	if v.Position == nil || c.LastSeen.Sub(v.Position.Time).Abs() > f.cfg.MaxAISAge {
		return 0, 0, false
	}
	lat, lon, sa, _ := f.aisAt(v, c.LastSeen)
	sc := math.Max(c.ErrorM, 5)
	g = math.Max(f.cfg.GateMin, 3*math.Hypot(sc, sa))
	d = distance(c.Lat, c.Lon, lat, lon)
	if c.Speed.Known() && c.Course.Known() && float64(c.Speed) > 1.5 && v.SOG != nil && v.COG != nil && *v.SOG*knot > 1.5 {
		if angleDiff(float64(c.Course), *v.COG) > f.cfg.CourseGate {
			return d, g, false
		}
	}
	return d, g, true
}

// fuse drops stale contacts, checks each pairing against the latest
// reports, pairs the contacts left with the AIS vessels left, and returns
// the targets, keyed by id.
func (f *fuser) fuse(now time.Time) map[gcs.VesselID]*gcs.Target {
	for id, c := range f.contacts {
		if now.Sub(c.LastSeen) > f.cfg.ContactTimeout {
			f.unpair(id)
			delete(f.contacts, id)
		}
	}
	f.recheck(now)
	f.pairNew()
	out := make(map[gcs.VesselID]*gcs.Target, len(f.contacts)+len(f.ais))
	for id, c := range f.contacts {
		out[id] = f.cameraTarget(c, f.pairs[id])
	}
	for mmsi, v := range f.ais {
		if _, paired := f.owner[mmsi]; paired || v.Position == nil {
			continue
		}
		t := aisTarget(v)
		out[t.ID] = t
	}
	return out
}

// recheck keeps, drops or flags each pairing: kept while the AIS stays
// within the gate (with room: 1.5 gates) or falls silent; dropped when
// another contact sits where the AIS says, or the AIS strays moderately;
// flagged inconsistent when a fresh AIS is far from the boat and no other
// contact explains it.
func (f *fuser) recheck(now time.Time) {
	ids := slices.Sorted(maps.Keys(f.pairs))
	for _, id := range ids {
		p, c, v := f.pairs[id], f.contacts[id], f.ais[f.pairs[id].mmsi]
		if v == nil || v.Position == nil {
			f.unpair(id)
			continue
		}
		p.inconsistent = ""
		if c.LastSeen.Sub(v.Position.Time) > f.cfg.MaxAISAge {
			continue // AIS silent: the identity stays with the boat seen
		}
		d, g, ok := f.gate(c, v)
		if ok && d <= 1.5*g {
			continue
		}
		if other := f.nearestOther(id, v); other != "" {
			f.unpair(id)
			continue
		}
		if d > math.Max(f.cfg.InconsistentM, 3*g) {
			p.inconsistent = fmt.Sprintf("AIS puts MMSI %d %.0f m from where the cameras see it (%s)", p.mmsi, d, string(id))
			continue
		}
		f.unpair(id)
	}
}

// nearestOther returns an unpaired contact other than id within the gate
// of v's position; "" none.
func (f *fuser) nearestOther(id gcs.VesselID, v *gcs.AISVessel) gcs.VesselID {
	best, bestD := gcs.VesselID(""), math.Inf(1)
	for oid, c := range f.contacts {
		if oid == id || f.pairs[oid] != nil {
			continue
		}
		if d, g, ok := f.gate(c, v); ok && d <= g && d < bestD {
			best, bestD = oid, d
		}
	}
	return best
}

// pairNew pairs unpaired contacts with unowned AIS vessels, best pairs
// first (the smallest distance relative to its gate).
func (f *fuser) pairNew() {
	grid := map[[2]int][]*gcs.AISVessel{}
	for mmsi, v := range f.ais {
		if _, owned := f.owner[mmsi]; owned || v.Position == nil {
			continue
		}
		k := cell(v.Position.Lat, v.Position.Lon)
		grid[k] = append(grid[k], v)
	}
	type cand struct {
		id   gcs.VesselID
		mmsi uint32
		cost float64
	}
	var cands []cand
	for id, c := range f.contacts {
		if f.pairs[id] != nil {
			continue
		}
		k := cell(c.Lat, c.Lon)
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				for _, v := range grid[[2]int{k[0] + dy, k[1] + dx}] {
					if d, g, ok := f.gate(c, v); ok && d <= g {
						cands = append(cands, cand{id, v.MMSI, d / g})
					}
				}
			}
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].cost != cands[j].cost {
			return cands[i].cost < cands[j].cost
		}
		return cands[i].id < cands[j].id
	})
	for _, ca := range cands {
		if f.pairs[ca.id] != nil {
			continue
		}
		if _, owned := f.owner[ca.mmsi]; owned {
			continue
		}
		f.pairs[ca.id] = &pairing{mmsi: ca.mmsi, since: f.contacts[ca.id].LastSeen}
		f.owner[ca.mmsi] = ca.id
	}
}

// cell is a grid cell of about 2 km: an AIS vessel that can pair with a
// contact is within one cell of it (MaxAISAge of dead reckoning aside,
// which the gate bounds).
func cell(lat, lon float64) [2]int {
	return [2]int{int(math.Floor(lat / 0.02)), int(math.Floor(lon / 0.02))}
}

// cameraTarget is a contact's target, with its AIS identity when paired.
func (f *fuser) cameraTarget(c *gcs.Vessel, p *pairing) *gcs.Target {
	t := &gcs.Target{ID: c.ID, Status: gcs.TargetDark, Sources: []string{gcs.SourceCamera},
		Lat: c.Lat, Lon: c.Lon, ErrorM: c.ErrorM, At: c.LastSeen, Course: c.Course, Speed: c.Speed,
		Length: c.Length, Contact: c.ID, Snapshot: c.Snapshot, SeenBy: c.SeenBy,
		FirstSeen: c.FirstSeen, LastSeen: c.LastSeen}
	if p == nil {
		return t
	}
	v := f.ais[p.mmsi]
	t.MMSI, t.AIS = p.mmsi, v
	t.Sources = []string{gcs.SourceCamera, gcs.SourceAIS}
	t.Status = gcs.TargetIdentified
	if p.inconsistent != "" {
		t.Status, t.Inconsistency = gcs.TargetInconsistent, p.inconsistent
	}
	if !t.Speed.Known() && v.SOG != nil {
		t.Speed = gcs.Reading(*v.SOG * knot)
	}
	if !t.Course.Known() && v.COG != nil {
		t.Course = gcs.Reading(*v.COG)
	}
	if !t.Length.Known() {
		if l := float64(v.ToBow) + float64(v.ToStern); l > 0 {
			t.Length = gcs.Reading(l)
		}
	}
	if v.FirstHeard.Before(t.FirstSeen) {
		t.FirstSeen = v.FirstHeard
	}
	if v.LastHeard.After(t.LastSeen) {
		t.LastSeen = v.LastHeard
	}
	return t
}

// AISTargetID is the id of a target only AIS reports.
func AISTargetID(mmsi uint32) gcs.VesselID {
	return gcs.VesselID("ais-" + strconv.FormatUint(uint64(mmsi), 10))
}

// aisTarget is the target of an AIS vessel no camera sees, where it last
// reported.
func aisTarget(v *gcs.AISVessel) *gcs.Target {
	t := &gcs.Target{ID: AISTargetID(v.MMSI), Status: gcs.TargetAIS, Sources: []string{gcs.SourceAIS},
		Lat: v.Position.Lat, Lon: v.Position.Lon, ErrorM: 10, At: v.Position.Time,
		Course: gcs.Unknown, Speed: gcs.Unknown, Length: gcs.Unknown,
		MMSI: v.MMSI, AIS: v, FirstSeen: v.FirstHeard, LastSeen: v.LastHeard}
	if v.SOG != nil {
		t.Speed = gcs.Reading(*v.SOG * knot)
	}
	if v.COG != nil {
		t.Course = gcs.Reading(*v.COG)
	}
	if l := float64(v.ToBow) + float64(v.ToStern); l > 0 {
		t.Length = gcs.Reading(l)
	}
	return t
}

// angleDiff is the absolute difference of two bearings, 0..180.
func angleDiff(a, b float64) float64 {
	d := math.Mod(math.Abs(a-b), 360)
	if d > 180 {
		d = 360 - d
	}
	return d
}
