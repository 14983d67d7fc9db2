package video

import (
	"image"
	"log/slog"
	"time"

	"skerry/gcs"
	"skerry/video/detect"
	"skerry/video/track"
)

// Defaults of a Manager.
const (
	DefaultSampleFPS    = 5
	DefaultStallTimeout = 5 * time.Second
	DefaultRetryMin     = time.Second
	DefaultRetryMax     = 30 * time.Second
	DefaultHealthyAfter = time.Minute
	DefaultHealthPeriod = time.Second
	// DefaultQueue bounds the units waiting between the RTSP callback and
	// a stream's hub, and between the hub and its decoder.
	DefaultQueue = 64
	// DefaultViewerQueue bounds the units waiting for one Watch viewer.
	DefaultViewerQueue = 16
	// DefaultPreRoll and DefaultPreRollBytes bound the encoded video each
	// stream keeps in memory for clips (Manager.PreRoll): 16 MiB hold
	// 30 s at about 4 Mbit/s.
	DefaultPreRoll      = 30 * time.Second
	DefaultPreRollBytes = 16 << 20
	// DefaultLandMargin is how much further inland than its position's
	// error estimate a detection must lie to be dropped as land, and how
	// much nearer the shore than that a box cut by the frame's edge (see
	// Manager.Land): a 1:1M coastline is off by tens of metres, and a
	// boat moored at a quay lies at the shore.
	DefaultLandMargin = 25.0 // metres
)

// Transports a Manager may use.
const (
	// TransportAuto tries UDP first and falls back to TCP when the server
	// refuses UDP or no UDP packet arrives within 3 s (gortsplib's own
	// choice). It is the default: on a healthy link UDP adds no latency
	// when a packet is lost (the loss shows as a gap and the stream goes
	// on), while TCP retransmits and the picture falls behind; where a
	// firewall or NAT blocks UDP the fallback still gets video.
	TransportAuto = ""
	TransportUDP  = "udp"
	TransportTCP  = "tcp"
)

// Frame is one sampled, decoded picture handed to analysis.
type Frame struct {
	Vehicle gcs.VehicleID
	Stream  string // the stream's Key
	// Captured is when the camera took the picture (see
	// gcs.StreamHealth.Clock); Received when its last packet arrived.
	Captured time.Time
	Received time.Time
	Image    *image.YCbCr
	// FullRange is true when Image's samples span 0–255 (JPEG, and the
	// JFIF that image/color assumes); false for video range (16–235), as
	// most H.264 cameras send.
	FullRange bool
	// Seq is the stream's frame counter (gcs.VideoUnit.Seq) of the
	// picture.
	Seq uint64
}

// Manager ingests every camera stream the fleet knows of, and those
// configured by hand. Fill its fields, call Initialize, and Close when
// done. Zero values mean the documented defaults.
type Manager struct {
	// Events is the core's event stream: the manager follows vehicles'
	// cameras through it. Required.
	Events *gcs.Events
	// Sink receives the camera and health observations (the station
	// passes gcs.Fleet.Observe); nil discards them.
	Sink func(gcs.Observation)
	// Configured lists streams given by hand per vehicle (rtsp:// or
	// rtsps:// URLs, from --camera VEHICLE=URL). They are announced as
	// camera component 0 with keys "manual1", "manual2"... once the
	// vehicle exists.
	Configured map[gcs.VehicleID][]string
	// Analyze receives sampled pictures, newest first: while it runs, a
	// newer picture replaces the waiting one (counted as Skipped). It runs
	// on one goroutine per stream. nil: pictures are only kept for
	// Snapshot.
	Analyze func(Frame)
	// NewDetector makes each stream's vessel detector (one per stream: a
	// detector may keep state between frames); nil: no vessel detection.
	// With it, sampled frames (newest first, as for Analyze, after it on
	// the same goroutine) go through detection with the camera's pose at
	// their capture time (from the event stream), geolocation and the
	// fleet-wide tracker to Contacts.
	NewDetector func() detect.Detector
	// Contacts receives the vessel contacts and every analysed frame's
	// detections; required with NewDetector (the station passes its
	// *gcs.Vessels).
	Contacts ContactSink
	// Tracking tunes the tracker (an empty IDPrefix becomes "v", the
	// manager's start time in base 36 and "-", e.g. "vtnb3k0-7", so that
	// ids never repeat across runs); PoseError is the cameras' pose
	// uncertainty before interpolation (zero: track.DefaultPoseError).
	Tracking  track.Config
	PoseError track.PoseError
	// Land, if set, says where land is. A detection whose position lies
	// further inland than its error estimate plus LandMargin is no vessel
	// (buildings, quays, the land by the water), nor is one whose box is
	// cut by the frame's edge and whose position lies nearer the shore
	// than that (land running out of view: a jetty's tip, a quay; a boat
	// there is seen whole in a later frame). They are dropped before
	// tracking and counted in AnalysisStats. nil: nothing is dropped.
	// Detections in frames without a camera pose are never placed, so
	// never dropped.
	Land gcs.Surface
	// LandMargin is in metres (default DefaultLandMargin; negative: none).
	LandMargin float64
	// SampleFPS is how many pictures per second and stream are decoded
	// for analysis (default DefaultSampleFPS).
	SampleFPS float64
	// Transport is TransportAuto (default), TransportUDP or TransportTCP.
	Transport string
	// DataDir holds recordings, under DataDir/recordings (default: the
	// working directory).
	DataDir string
	// PreRoll is how much of each stream's encoded video is kept in
	// memory, like a dashcam, so that Clip can cut a clip of any recent
	// span for an incident's evidence (default DefaultPreRoll; negative:
	// none). It is kept from a key frame, and holds up to a key frame
	// interval more. PreRollBytes bounds it per stream (default
	// DefaultPreRollBytes; negative: none kept): a stream whose bitrate
	// does not fit keeps less time, and the units dropped early are
	// counted and logged.
	PreRoll      time.Duration
	PreRollBytes int
	// StallTimeout: a stream with no packets for this long is "stalled"
	// and reconnected (default DefaultStallTimeout).
	StallTimeout time.Duration
	// RetryMin and RetryMax bound the pause before a reconnection; it
	// doubles after each failure and resets after HealthyAfter of play
	// (defaults DefaultRetryMin, DefaultRetryMax, DefaultHealthyAfter).
	RetryMin, RetryMax, HealthyAfter time.Duration
	// HealthPeriod is how often each stream's health is reported (default
	// DefaultHealthPeriod); state changes are reported at once.
	HealthPeriod time.Duration
	// Queue and ViewerQueue bound the per-stream and per-viewer queues
	// (defaults DefaultQueue, DefaultViewerQueue).
	Queue, ViewerQueue int
	// Log receives the manager's messages; nil discards them.
	Log *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time

	analysis *analysis // nil without NewDetector
	reqs     chan func(*managerState)
	done     chan struct{}
	finished chan struct{}
}

func (m *Manager) setDefaults() {
	if m.SampleFPS <= 0 {
		m.SampleFPS = DefaultSampleFPS
	}
	if m.StallTimeout <= 0 {
		m.StallTimeout = DefaultStallTimeout
	}
	if m.RetryMin <= 0 {
		m.RetryMin = DefaultRetryMin
	}
	if m.RetryMax <= 0 {
		m.RetryMax = DefaultRetryMax
	}
	if m.HealthyAfter <= 0 {
		m.HealthyAfter = DefaultHealthyAfter
	}
	if m.HealthPeriod <= 0 {
		m.HealthPeriod = DefaultHealthPeriod
	}
	if m.Queue <= 0 {
		m.Queue = DefaultQueue
	}
	if m.PreRoll == 0 {
		m.PreRoll = DefaultPreRoll
	}
	if m.PreRollBytes == 0 {
		m.PreRollBytes = DefaultPreRollBytes
	}
	if m.LandMargin == 0 {
		m.LandMargin = DefaultLandMargin
	}
	if m.ViewerQueue <= 0 {
		m.ViewerQueue = DefaultViewerQueue
	}
	if m.Log == nil {
		m.Log = slog.New(slog.DiscardHandler)
	}
	if m.Now == nil {
		m.Now = time.Now
	}
	if m.Sink == nil {
		m.Sink = func(gcs.Observation) {}
	}
}
