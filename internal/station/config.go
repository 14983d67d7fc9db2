package station

import (
	"log/slog"
	"time"

	"skerry/gcs"
	"skerry/gcs/maritime"
	"skerry/telemetry"
	"skerry/video"
	"skerry/video/detect"
	"skerry/web"
)

// Config is what a station needs. Zero values mean the documented defaults.
type Config struct {
	// HTTPAddr is where the API listens (default 127.0.0.1:8080). Until
	// operators and roles exist it must be a loopback address.
	HTTPAddr string
	// HTTPFallback, when the HTTP port is taken, listens on any free
	// loopback port instead of failing (the demo uses it).
	HTTPFallback bool
	// Links are the MAVLink links.
	Links []telemetry.LinkConfig
	// RecordDir, if set, receives one .tlog per link.
	RecordDir string
	// LinkTimeout is how long a silent vehicle stays "live" (default 3 s).
	LinkTimeout time.Duration
	// MissionTiming tunes mission transfers (zero: QGroundControl's
	// timeouts and the default retry budget).
	MissionTiming telemetry.MissionTiming
	// Basemap is the console's offline basemap (GeoJSON with coastline and
	// port features; nil: none). Its "land" features and its ports'
	// outlines also tell vessel detection where land is: detections placed
	// inland are dropped (see video.Manager.Land); a basemap without land
	// or ports drops nothing.
	Basemap []byte
	// LandMargin is how much further inland than its error estimate a
	// detection must lie to be dropped, and how much nearer the shore one
	// cut by the frame's edge, metres (default video.DefaultLandMargin;
	// negative: none).
	LandMargin float64
	// Tiles, when set, is an online tile layer for the console (checked
	// with its Validate).
	Tiles *web.TileLayer
	// Operation is what every upload is checked against (nil: the
	// default, state operations with no zones).
	Operation *gcs.Operation
	// DataDir keeps the station's durable data (the saved plans and the
	// order journal, in DataDir/skerry.db); it is created if missing. Empty: nothing is
	// kept and /api/plans answers 501.
	DataDir string
	// Cameras are video streams configured by hand, per vehicle
	// (--camera VEHICLE=rtsp://...), besides those vehicles announce.
	Cameras map[gcs.VehicleID][]string
	// SampleFPS is the rate frames are decoded for analysis, per stream
	// (default 5).
	SampleFPS float64
	// VideoTransport is "udp", "tcp" or "" (UDP, then TCP if UDP fails).
	VideoTransport string
	// Analyze, if set, receives every sampled, decoded frame.
	Analyze func(video.Frame)
	// NoDetect turns vessel detection off: sampled frames are then only
	// kept for snapshots (and Analyze).
	NoDetect bool
	// NewDetector, if set, makes each stream's vessel detector instead of
	// the classical one (skerry --model: the learned detector).
	NewDetector func() detect.Detector
	// AIS are the AIS sources (--ais): udp-server:HOST:PORT or
	// tcp-client:HOST:PORT, decoded by telemetry/ais into the AIS picture.
	AIS []string
	// AISRetention is how long a vessel unheard stays in the AIS picture
	// (default gcs.DefaultAISRetention).
	AISRetention time.Duration
	// SeaZones are GeoJSON files of sea zones (restricted, protected,
	// anchorage, berth) beside the basemap's.
	SeaZones [][]byte
	// Rules are the rules' settings at first start (nil: the defaults);
	// settings stored in the database win.
	Rules *maritime.Settings
	// Units are maritime units to keep (added or replaced at start; the
	// database keeps them and those the API adds). ReportSender names the
	// station in the reports (CAP sender, default "skerry"); ReportStatus
	// is their CAP status ("Actual" by default, "Exercise" for the demo).
	Units        []gcs.Unit
	ReportSender string
	ReportStatus string
	// HistoryRetention is how long the vessel history (AIS positions,
	// the contacts' tracks) is kept in the database; 0 keeps it all.
	HistoryRetention time.Duration
	// Log receives everything; nil discards.
	Log *slog.Logger
}
