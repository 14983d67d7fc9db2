package gcs

import "time"

// VehicleCamera is one camera of a vehicle: a MAVLink camera component (100–105)
// that announced itself, or a stream the operator configured by hand
// (Component 0). Its streams are what the station can watch.
type VehicleCamera struct {
	// Component is the MAVLink component id (MAV_COMP_ID_CAMERA = 100..105);
	// 0 for a camera configured by hand (--camera VEHICLE=rtsp://...).
	Component uint8  `json:"component"`
	Vendor    string `json:"vendor,omitempty"`
	Model     string `json:"model,omitempty"`
	// HFOV is the horizontal field of view in degrees (0 unknown).
	HFOV    float64       `json:"hfov,omitempty"`
	Streams []VideoStream `json:"streams"`
	// Note says what the station could not use of the camera's
	// announcement, or that it does not answer ("" all well).
	Note string `json:"note,omitempty"`
}

// VideoStream is one video stream of a camera, as announced by
// VIDEO_STREAM_INFORMATION or configured, with the station's view of its
// health once ingest watches it.
type VideoStream struct {
	// Key identifies the stream within its vehicle, URL-safe: "c100s1" for
	// component 100 stream 1, "manual1" for the first configured stream.
	Key string `json:"key"`
	// ID is the MAVLink stream_id (1-based); 0 for configured streams.
	ID   int    `json:"id"`
	Name string `json:"name,omitempty"`
	// URI is the stream's address, e.g. rtsp://10.0.0.5:8554/cam.
	URI string `json:"uri"`
	// Codec as announced ("h264", "h265", "mjpeg", "" unknown); Health
	// says what ingest actually found.
	Codec  string  `json:"codec,omitempty"`
	Width  int     `json:"width,omitempty"`
	Height int     `json:"height,omitempty"`
	FPS    float64 `json:"fps,omitempty"`
	// HFOV is the stream's horizontal field of view in degrees (0 unknown).
	HFOV float64 `json:"hfov,omitempty"`
	// Source says where the station learnt of the stream: "mavlink" or
	// "configured".
	Source string `json:"source"`
	// Note says why the station cannot watch the stream as announced (no
	// address, not RTSP) or what it dropped from the announcement.
	Note string `json:"note,omitempty"`
	// Health is ingest's report; nil until ingest watches the stream.
	Health *StreamHealth `json:"health,omitempty"`
	// Recording is set while the stream is recorded to a file.
	Recording *Recording `json:"recording,omitempty"`
}

// StreamHealth is ingest's view of one stream, refreshed about once a
// second while the stream is watched.
type StreamHealth struct {
	// State is "connecting", "playing", "stalled" (connected, no frames
	// for a while), "retrying" (failed; reconnecting after a pause) or
	// "stopped".
	State string `json:"state"`
	// Error is the last failure, in words ("connection refused", "404 Not
	// Found", "no supported video track"...).
	Error     string    `json:"error,omitempty"`
	Transport string    `json:"transport,omitempty"` // "udp" or "tcp"
	Codec     string    `json:"codec,omitempty"`     // found in the SDP
	Width     int       `json:"width,omitempty"`     // decoded
	Height    int       `json:"height,omitempty"`
	FPS       float64   `json:"fps"`     // frames received per second, last interval
	Bitrate   float64   `json:"bitrate"` // bits per second received, last interval
	Frames    uint64    `json:"frames"`  // frames received in all
	LastFrame time.Time `json:"last_frame,omitzero"`
	// Gaps counts RTP packets lost (sequence-number gaps).
	Gaps uint64 `json:"gaps"`
	// DecodeErrors counts frames the decoder refused; Restarts counts
	// reconnections and decoder restarts.
	DecodeErrors uint64 `json:"decode_errors"`
	Restarts     uint64 `json:"restarts"`
	// Sampled and Skipped count frames handed to analysis and frames
	// skipped because a newer one won (analysis samples at SampleFPS).
	Sampled   uint64  `json:"sampled"`
	Skipped   uint64  `json:"skipped"`
	SampleFPS float64 `json:"sample_fps"`
	// Decoder names what decodes the stream ("libavcodec h264 (child
	// process)", "image/jpeg"), or why nothing can ("H.264 needs
	// libavcodec: this build has MJPEG only").
	Decoder string `json:"decoder,omitempty"`
	// Clock says what the capture times rest on: "rtcp" (sender reports
	// map RTP time to the camera's wall clock) or "arrival" (first
	// packet's arrival, then RTP time).
	Clock string `json:"clock,omitempty"`
	// CameraClockOffset is set when the camera sends sender reports but its
	// wall clock is not trusted (too far from the station's, or stepping;
	// Clock is then "arrival"): how far it is ahead of the station's, in
	// seconds (negative: behind).
	CameraClockOffset float64 `json:"camera_clock_offset,omitempty"`
}

// Recording is a stream being recorded for evidence.
type Recording struct {
	File    string    `json:"file"` // path in the data directory
	Started time.Time `json:"started"`
	Bytes   int64     `json:"bytes"`
}

// Gimbal is a vehicle's camera gimbal attitude, from
// GIMBAL_DEVICE_ATTITUDE_STATUS: pitch in degrees (0 horizon, -90 nadir),
// yaw in degrees relative to the vehicle's heading (YawEarth: to north).
type Gimbal struct {
	// Component is the MAVLink component that reported the attitude (the
	// gimbal, 154, or the autopilot); 0 when nothing reported it yet and
	// the Gimbal holds only the ROI a look_at order set.
	Component uint8   `json:"component"`
	Pitch     Reading `json:"pitch"`
	Yaw       Reading `json:"yaw"`
	YawEarth  Reading `json:"yaw_earth"`
	// ROI is the location the gimbal is told to look at, if any.
	ROI *Position `json:"roi,omitempty"`
	At  time.Time `json:"at,omitzero"`
}

// CameraUpdate reports a camera and its announced streams (CAMERA_INFORMATION
// and VIDEO_STREAM_INFORMATION); it replaces the camera of that component
// but keeps the health and recording of streams whose URI is unchanged.
type CameraUpdate struct{ Camera VehicleCamera }

func (u CameraUpdate) apply(v *Vehicle) { v.Cameras = mergeCamera(v.Cameras, u.Camera) }

// StreamHealthUpdate reports ingest's view of one stream (by Key).
type StreamHealthUpdate struct {
	Key       string
	Health    StreamHealth
	Recording *Recording
}

func (u StreamHealthUpdate) apply(v *Vehicle) {
	for i := range v.Cameras {
		for j := range v.Cameras[i].Streams {
			s := &v.Cameras[i].Streams[j]
			if s.Key == u.Key {
				h := u.Health
				s.Health = &h
				s.Recording = u.Recording
			}
		}
	}
}

// GimbalUpdate reports the gimbal's attitude.
type GimbalUpdate struct{ Gimbal Gimbal }

func (u GimbalUpdate) apply(v *Vehicle) {
	g := u.Gimbal
	if v.Gimbal != nil && g.ROI == nil {
		g.ROI = v.Gimbal.ROI
	}
	v.Gimbal = &g
}

// mergeCamera puts c into cams by component, keeping what ingest said of
// streams that did not change their URI.
func mergeCamera(cams []VehicleCamera, c VehicleCamera) []VehicleCamera {
	out := make([]VehicleCamera, 0, len(cams)+1)
	replaced := false
	for _, old := range cams {
		if old.Component != c.Component {
			out = append(out, old)
			continue
		}
		replaced = true
		for j := range c.Streams {
			for _, os := range old.Streams {
				if os.Key == c.Streams[j].Key && os.URI == c.Streams[j].URI {
					c.Streams[j].Health, c.Streams[j].Recording = os.Health, os.Recording
				}
			}
		}
		out = append(out, c)
	}
	if !replaced {
		out = append(out, c)
	}
	return out
}

// cloneCameras deep-copies cameras for Vehicle.clone.
func cloneCameras(cams []VehicleCamera) []VehicleCamera {
	if cams == nil {
		return nil
	}
	out := make([]VehicleCamera, len(cams))
	for i, c := range cams {
		c.Streams = append([]VideoStream(nil), c.Streams...)
		for j := range c.Streams {
			if h := c.Streams[j].Health; h != nil {
				hc := *h
				c.Streams[j].Health = &hc
			}
			if r := c.Streams[j].Recording; r != nil {
				rc := *r
				c.Streams[j].Recording = &rc
			}
		}
		out[i] = c
	}
	return out
}
