package track

import (
	"image"
	"math"
	"slices"
	"strconv"
	"time"

	"skerry/gcs"
	"skerry/video/detect"
)

// Defaults of a Tracker.
const (
	DefaultConfirmHits      = 3
	DefaultConfirmOf        = 5
	DefaultTimeout          = 10 * time.Second
	DefaultTentativeTimeout = 2 * time.Second
	DefaultGate             = 13.8 // χ², 2 degrees of freedom, 99.9 %
	DefaultMaxGate          = 150.0
	DefaultAccel            = 0.5
	DefaultManoeuvre        = 6.0
	DefaultUpdateEvery      = 500 * time.Millisecond
	DefaultIDPrefix         = "v"
)

// continuity: a track this camera hit this recently is preferred for its
// detections (cameras whose placements disagree keep to their own tracks
// until these merge, rather than flip between them).
const continuity = time.Second

// Config tunes a Tracker; zero values mean the defaults.
type Config struct {
	// A track is confirmed (becomes a contact) after ConfirmHits hits
	// among its first ConfirmOf looks (frames whose view covers it); a
	// tentative track that misses more is dropped, as is one not seen
	// for TentativeTimeout.
	ConfirmHits, ConfirmOf int
	TentativeTimeout       time.Duration
	// Timeout drops a confirmed contact not seen for that long: it
	// coasts through occlusions and gimbal moves shorter than that.
	Timeout time.Duration
	// Gate is the largest squared Mahalanobis distance at which a
	// detection may update a track; MaxGate caps it in metres.
	Gate, MaxGate float64
	// Accel is the boats' random acceleration, m/s² (the process noise).
	Accel float64
	// Manoeuvre is the random acceleration, m/s², of a track whose
	// detections stray from its prediction (a boat turning hard; a RIB
	// pulls 1 g), for manoeuvreFor after the last that did: its gate
	// widens until its velocity has caught up.
	Manoeuvre float64
	// UpdateEvery is the shortest interval between two updates of one
	// contact (a better picture or its confirmation goes out at once).
	UpdateEvery time.Duration
	// IDPrefix starts every contact id (DefaultIDPrefix); a counter
	// follows. Give each run of the station its own (say, from its start
	// time) so that ids never repeat in the store.
	IDPrefix string
	// NoSnapshots skips the JPEG crops.
	NoSnapshots bool
}

func (c *Config) setDefaults() {
	if c.ConfirmHits <= 0 {
		c.ConfirmHits = DefaultConfirmHits
	}
	if c.ConfirmOf < c.ConfirmHits {
		c.ConfirmOf = max(DefaultConfirmOf, c.ConfirmHits)
	}
	if c.TentativeTimeout <= 0 {
		c.TentativeTimeout = DefaultTentativeTimeout
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.Gate <= 0 {
		c.Gate = DefaultGate
	}
	if c.MaxGate <= 0 {
		c.MaxGate = DefaultMaxGate
	}
	if c.Accel <= 0 {
		c.Accel = DefaultAccel
	}
	if c.Manoeuvre < c.Accel {
		c.Manoeuvre = max(DefaultManoeuvre, c.Accel)
	}
	if c.UpdateEvery <= 0 {
		c.UpdateEvery = DefaultUpdateEvery
	}
	if c.IDPrefix == "" {
		c.IDPrefix = DefaultIDPrefix
	}
}

// Detection is one box of a frame, placed on the sea when Placed.
type Detection struct {
	Box    detect.Box
	Fix    Fix
	Placed bool
}

// Frame is one analysed frame: who took it, when, its detections and,
// for the contacts' pictures and for counting misses, the picture and
// the camera's pose.
type Frame struct {
	Vehicle  gcs.VehicleID
	Stream   string
	Captured time.Time
	Width    int
	Height   int
	// Image is the frame (read, never kept); nil: no snapshots.
	Image     *image.YCbCr
	FullRange bool
	// Pose is the camera's pose; nil when unknown (then a track this
	// frame does not see is not counted as missed).
	Pose       *gcs.CameraPose
	Detections []Detection
}

// Tracker fuses the detections of every camera into contacts. It is not
// safe for concurrent use: one goroutine owns it.
type Tracker struct {
	cfg    Config
	tracks []*contact
	origin *local
	now    time.Time // the newest capture time seen
	next   uint64
	// previous is each camera's previous frame's capture time (by
	// sightingKey).
	previous map[string]time.Time
}

// NewTracker returns a tracker.
func NewTracker(c Config) *Tracker {
	c.setDefaults()
	return &Tracker{cfg: c}
}

// Add takes one frame's detections: it moves the tracks to the frame's
// capture time, takes a boat's duplicate boxes as one (see duplicates),
// pairs the placed detections with the tracks (within the gate, at the
// least total cost; then a second look, see looseSigma), starts tracks
// from the rest, stitches a new track to the one it carries on (see
// stitch), merges tracks of one boat and drops stale ones. It
// returns the frame's boxes with their contacts' ids (confirmed contacts
// only) and the contacts' updates that are due.
func (t *Tracker) Add(f Frame) (gcs.Detections, []gcs.VesselUpdate) {
	if f.Captured.After(t.now) {
		t.now = f.Captured
	}
	out := gcs.Detections{Vehicle: f.Vehicle, Stream: f.Stream, Captured: f.Captured, Width: f.Width, Height: f.Height,
		Boxes: make([]gcs.DetectionBox, len(f.Detections))}
	for i := range f.Detections {
		f.Detections[i].Box = saneBox(f.Detections[i].Box)
	}
	for i, d := range f.Detections {
		out.Boxes[i] = gcs.DetectionBox{X: int(d.Box.X + 0.5), Y: int(d.Box.Y + 0.5), W: int(d.Box.W + 0.5), H: int(d.Box.H + 0.5), Score: d.Box.Score}
	}
	// Place the detections in the local frame.
	var ms []meas
	for i, d := range f.Detections {
		if !d.Placed || !finite(d.Fix.Lat, d.Fix.Lon, d.Fix.ErrorM) || math.Abs(d.Fix.Lat) > 90 || math.Abs(d.Fix.Lon) > 180 ||
			d.Fix.ErrorM > t.cfg.MaxGate {
			continue // off the globe, or too uncertain to track
		}
		if t.origin == nil {
			o := newLocal(d.Fix.Lat, d.Fix.Lon)
			t.origin = &o
		}
		e, n := t.origin.en(d.Fix.Lat, d.Fix.Lon)
		ms = append(ms, meas{i: i, east: e, north: n, sigma: max(d.Fix.ErrorM, 0.5)})
	}
	for _, c := range t.tracks {
		c.predictTo(f.Captured, &t.cfg)
	}
	dupOf := duplicates(ms, f.Detections)
	got := t.associate(&f, ms, dupOf)
	var framed []*contact // the tracks this frame hit or started
	usedC := map[*contact]bool{}
	for j, m := range ms {
		c := got[j]
		switch {
		case dupOf[j] >= 0:
			continue // its boat's box: below
		case c != nil:
			was := c.confirmed
			c.hit(&f, f.Detections[m.i], m, &t.cfg)
			if !was && c.confirmed {
				if o := t.stitch(c); o != nil {
					o.carryOn(c)
					t.drop(c)
					c, got[j] = o, o
				}
			}
		default:
			t.next++
			c = newContact(gcs.VesselID(t.cfg.IDPrefix+strconv.FormatUint(t.next, 10)), &f, f.Detections[m.i], m.east, m.north, m.sigma, &t.cfg)
			t.tracks = append(t.tracks, c)
			got[j] = c
		}
		usedC[c] = true
		framed = append(framed, c)
	}
	for j, m := range ms {
		c := got[j]
		if dupOf[j] >= 0 {
			c = got[dupOf[j]]
		}
		if c.confirmed {
			out.Boxes[m.i].Vessel = c.id
		}
	}
	key := sightingKey(f.Vehicle, f.Stream)
	// Misses: tentative tracks this camera saw before, that its view
	// covers and that got nothing (another camera's placements may be off
	// by more than the gate: its frames do not count against the track).
	if f.Pose != nil && t.origin != nil {
		view := viewOf(*f.Pose, *t.origin)
		for _, c := range t.tracks {
			if _, saw := c.seen[key]; saw && !usedC[c] && !c.confirmed && view.contains(c.f.e.x, c.f.n.x) {
				c.looks++
			}
		}
	}
	t.noteHeirs(key, ms, got, dupOf, usedC)
	if t.previous == nil {
		t.previous = map[string]time.Time{}
	}
	t.previous[key] = f.Captured
	together(framed)
	t.merge()
	t.succeed()
	return out, t.sweep()
}

// meas is a placed detection: its index in the frame, where it is in
// the local frame and its error (metres, one sigma).
type meas struct {
	i           int
	east, north float64
	sigma       float64
	loose       bool // taken at looseSigma (sigma is widened)
}

// drop removes a track (taken into another).
func (t *Tracker) drop(c *contact) {
	for x := range c.apart {
		delete(x.apart, c)
	}
	t.tracks = slices.DeleteFunc(t.tracks, func(x *contact) bool { return x == c })
}

// sweep drops stale tracks and collects the updates due.
func (t *Tracker) sweep() []gcs.VesselUpdate {
	var ups []gcs.VesselUpdate
	kept := t.tracks[:0]
	for _, c := range t.tracks {
		if c.stale(t.now, &t.cfg) {
			continue
		}
		kept = append(kept, c)
		if u, ok := c.due(t.now, &t.cfg, t.origin); ok {
			ups = append(ups, u)
		}
	}
	clear(t.tracks[len(kept):])
	t.tracks = kept
	return ups
}

// Contacts returns the confirmed contacts' current states.
func (t *Tracker) Contacts() []gcs.Vessel {
	var out []gcs.Vessel
	for _, c := range t.tracks {
		if c.confirmed {
			out = append(out, c.vessel(t.origin))
		}
	}
	return out
}

// Tracks is how many tracks, tentative and confirmed, are alive.
func (t *Tracker) Tracks() int { return len(t.tracks) }

// saneBox is b with what is not a number zeroed and the score clamped to
// 0..1: a detector's bad output is drawn as nothing, never crashes
// encoding.
func saneBox(b detect.Box) detect.Box {
	for _, v := range []*float64{&b.X, &b.Y, &b.W, &b.H, &b.Score} {
		if !finite(*v) || math.Abs(*v) > 1e6 {
			*v = 0
		}
	}
	b.Score = min(max(b.Score, 0), 1)
	return b
}
