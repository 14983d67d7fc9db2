package track

import (
	"math"
	"slices"
	"strings"
	"time"

	"skerry/gcs"
)

// Course and speed are reported once a contact has this many hits over
// this long; below minSpeed the course is unknown (a drifting boat has
// none).
const (
	motionHits = 5
	motionSpan = 2 * time.Second
	minSpeed   = 0.5
	// initialSpeed is the velocity's sigma of a new track: boats up to
	// about 20 m/s.
	initialSpeed = 10.0
	// lengths kept for the median length.
	lengthSamples = 15
)

// contact is one track: tentative until confirmed.
type contact struct {
	id        gcs.VesselID
	f         filter
	at        time.Time // the filter's time
	first     time.Time
	last      time.Time // last hit
	hits      int
	looks     int // frames that saw (hit) or should have seen (miss) it while tentative
	confirmed bool
	// agile: until then the track manoeuvres (Config.Manoeuvre).
	agile time.Time
	stray float64 // the detections' recent distances from the prediction (see hit)
	// Where the track began and where it was last hit: those detections'
	// placements and errors, local metres (see stitch; a filter lags a
	// boat that turns).
	began, left place
	// hitP is the position's variance (east, north) after the last hit.
	hitP [2]float64
	// heir is the track that took this one's detections (see succeed).
	heir    *contact
	score   float64
	lengths []float64
	seen    map[string]gcs.Sighting // by vehicle/stream
	// apart holds the tracks hit in one same frame with this one: other
	// boats, never merged with it.
	apart map[*contact]bool

	bestQuality float64
	snapshot    []byte // newest better picture, not yet sent
	sent        time.Time
	dirty       bool
}

func newContact(id gcs.VesselID, fr *Frame, d Detection, east, north, sigma float64, cfg *Config) *contact {
	c := &contact{id: id, f: newFilter(east, north, sigma, initialSpeed), at: fr.Captured, first: fr.Captured,
		seen: map[string]gcs.Sighting{}, apart: map[*contact]bool{}}
	c.began = place{east, north, sigma}
	c.left = c.began
	c.hitP = [2]float64{c.f.e.pxx, c.f.n.pxx}
	c.record(fr, d, cfg)
	return c
}

// place is a position with its error, local metres.
type place struct{ east, north, sigma float64 }

// predictTo moves the filter to t (never back: a frame a little older
// than the newest one is taken as of the filter's time).
func (c *contact) predictTo(t time.Time, cfg *Config) {
	if t.After(c.at) {
		a := cfg.Accel
		if c.at.Before(c.agile) {
			a = cfg.Manoeuvre
		}
		c.f.predict(t.Sub(c.at).Seconds(), a*a)
		c.at = t
	}
}

// Manoeuvres: a detection taken at the second look, or detections
// straying from the prediction (their squared Mahalanobis distances, the
// older ones halved at each hit, add up past manoeuvreGate: 4 on average
// when the boat goes straight) say the boat turns; its track takes
// Config.Manoeuvre for manoeuvreFor, and its velocity's variance grows at
// once by what that acceleration makes of it in manoeuvreKick.
const (
	manoeuvreGate = 12.0
	manoeuvreFor  = 2 * time.Second
	manoeuvreKick = 0.5 // seconds
)

// hit updates the contact with a detection assigned to it.
func (c *contact) hit(fr *Frame, d Detection, m meas, cfg *Config) {
	c.stray = c.stray/2 + c.f.distance2(m.east, m.north, m.sigma)
	if m.loose || c.stray > manoeuvreGate {
		if !c.at.Before(c.agile) {
			kick := sq(cfg.Manoeuvre * manoeuvreKick)
			c.f.e.pvv += kick
			c.f.n.pvv += kick
		}
		c.agile = fr.Captured.Add(manoeuvreFor)
	}
	c.f.update(m.east, m.north, m.sigma)
	c.heir = nil
	c.left = place{m.east, m.north, m.sigma}
	c.hitP = [2]float64{c.f.e.pxx, c.f.n.pxx}
	c.record(fr, d, cfg)
}

// record notes a detection's score, length, sighting and picture.
func (c *contact) record(fr *Frame, d Detection, cfg *Config) {
	c.hits++
	if !c.confirmed {
		c.looks++
	}
	if fr.Captured.After(c.last) {
		c.last = fr.Captured
	}
	if c.hits == 1 {
		c.score = d.Box.Score
	} else {
		c.score += 0.3 * (d.Box.Score - c.score)
	}
	if d.Fix.Length > 0 {
		c.lengths = append(c.lengths, d.Fix.Length)
		if len(c.lengths) > lengthSamples {
			c.lengths = c.lengths[1:]
		}
	}
	c.seen[sightingKey(fr.Vehicle, fr.Stream)] = gcs.Sighting{Vehicle: fr.Vehicle, Stream: fr.Stream, At: fr.Captured,
		Box: [4]int{int(d.Box.X + 0.5), int(d.Box.Y + 0.5), int(d.Box.W + 0.5), int(d.Box.H + 0.5)}}
	if !c.confirmed && c.hits >= cfg.ConfirmHits && c.looks <= cfg.ConfirmOf {
		c.confirmed = true
	}
	c.dirty = true
	if !cfg.NoSnapshots && fr.Image != nil {
		if q := quality(d.Box, fr.Width, fr.Height); q > c.bestQuality*1.2 {
			if jpg, err := crop(fr.Image, fr.FullRange, d.Box); err == nil {
				c.bestQuality, c.snapshot = q, jpg
			}
		}
	}
}

// seenAt reports whether the camera named key hit c in its frame of at.
func (c *contact) seenAt(key string, at time.Time) bool {
	s, ok := c.seen[key]
	return ok && !at.IsZero() && s.At.Equal(at)
}

// stale reports whether the contact should be dropped at now.
func (c *contact) stale(now time.Time, cfg *Config) bool {
	if c.confirmed {
		return now.Sub(c.last) > cfg.Timeout
	}
	return c.looks-c.hits > cfg.ConfirmOf-cfg.ConfirmHits || now.Sub(c.last) > cfg.TentativeTimeout
}

// due returns the contact's update when one should go out.
func (c *contact) due(now time.Time, cfg *Config, o *local) (gcs.VesselUpdate, bool) {
	if !c.confirmed || !c.dirty {
		return gcs.VesselUpdate{}, false
	}
	if !c.sent.IsZero() && c.snapshot == nil && now.Sub(c.sent) < cfg.UpdateEvery {
		return gcs.VesselUpdate{}, false
	}
	u := gcs.VesselUpdate{Vessel: c.vessel(o), Snapshot: c.snapshot}
	c.snapshot, c.sent, c.dirty = nil, now, false
	return u, true
}

// vessel is the contact as gcs shows it.
func (c *contact) vessel(o *local) gcs.Vessel {
	v := gcs.Vessel{ID: c.id, ErrorM: c.f.sigmaPos(), Course: gcs.Unknown, Speed: gcs.Unknown, Length: gcs.Unknown,
		Score: c.score, FirstSeen: c.first, LastSeen: c.last}
	if o != nil {
		v.Lat, v.Lon = o.latLon(c.f.e.x, c.f.n.x)
	}
	if c.hits >= motionHits && c.last.Sub(c.first) >= motionSpan {
		ve, vn := c.f.e.v, c.f.n.v
		speed := math.Hypot(ve, vn)
		v.Speed = gcs.Reading(speed)
		if speed >= minSpeed && speed > c.f.sigmaVel() {
			v.Course = gcs.Reading(math.Mod(math.Atan2(ve, vn)/degToRad+360, 360))
		}
	}
	if len(c.lengths) > 0 {
		s := slices.Clone(c.lengths)
		slices.Sort(s)
		v.Length = gcs.Reading(s[len(s)/2])
	}
	keys := make([]string, 0, len(c.seen))
	for k := range c.seen {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, strings.Compare)
	for _, k := range keys {
		v.SeenBy = append(v.SeenBy, c.seen[k])
	}
	return v
}

func dist(e1, n1, e2, n2 float64) float64 { return math.Hypot(e2-e1, n2-n1) }

// sightingKey names a camera among a contact's sightings.
func sightingKey(v gcs.VehicleID, stream string) string { return string(v) + "/" + stream }
