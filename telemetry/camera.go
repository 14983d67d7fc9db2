package telemetry

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bluenviron/gomavlib/v3"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/frame"

	"skerry/gcs"
)

// Message ids asked of cameras with MAV_CMD_REQUEST_MESSAGE.
const (
	msgCameraInformation      = 259
	msgVideoStreamInformation = 269
)

// cameraTries is how many times a camera is asked for its information and
// streams before the station stops asking (until it reconnects).
const cameraTries = 5

// camera is one camera component of a vehicle, as the session knows it
// (owned by the session goroutine).
type camera struct {
	comp    uint8
	l       *link
	ch      *gomavlib.Channel // where the camera was last heard: requests go there
	lastHB  time.Time
	info    *cameraInfo
	streams map[uint8]gcs.VideoStream
	count   int // streams the camera says it has

	wantInfo, wantStreams bool // requests not answered yet
	tries                 int
	askedAt               time.Time
	gaveUp                bool

	sent    gcs.VehicleCamera // last reported
	emitted bool
}

// cameraFrame handles a frame from one of a vehicle's camera or gimbal
// components. Such a component may talk from another remote than the
// autopilot (its own process or port): its frames do not bind the
// vehicle's path nor count for its link, and requests to a camera go
// where it was heard.
func (s *Station) cameraFrame(v *vehicle, l *link, ch *gomavlib.Channel, fr frame.Frame, now time.Time) {
	comp := fr.GetComponentID()
	switch m := fr.GetMessage().(type) {
	case *common.MessageHeartbeat:
		if isCameraComp(comp) {
			s.cameraHeartbeat(v, s.cameraOf(v, comp, l, ch), now)
		}
	case *common.MessageCameraInformation:
		if isCameraComp(comp) {
			c := s.cameraOf(v, comp, l, ch)
			ci := decodeCameraInfo(m)
			c.info, c.wantInfo = &ci, false
			if !ci.hasVideo && len(c.streams) == 0 {
				c.wantStreams = false // a still camera: nothing to ask
			}
			s.emitCamera(v, c, now)
		}
	case *common.MessageVideoStreamInformation:
		if isCameraComp(comp) {
			s.onVideoStream(v, s.cameraOf(v, comp, l, ch), m, now)
		}
	case *common.MessageGimbalDeviceAttitudeStatus:
		if l.pathIdx == v.active { // not once per redundant path
			s.emit(v, now, decodeGimbal(m, comp, now))
		}
	}
}

// cameraOf finds or makes the state of camera comp.
func (s *Station) cameraOf(v *vehicle, comp uint8, l *link, ch *gomavlib.Channel) *camera {
	if v.cams == nil {
		v.cams = map[uint8]*camera{}
	}
	c := v.cams[comp]
	if c == nil {
		c = &camera{comp: comp, streams: map[uint8]gcs.VideoStream{}}
		v.cams[comp] = c
	}
	c.l, c.ch = l, ch
	return c
}

// cameraHeartbeat asks a camera heard for the first time, or again after
// a silence, what it is and which streams it has; while it has not
// answered, each heartbeat after CommandTimeout asks again, up to
// cameraTries times. Nothing waits for the answers.
func (s *Station) cameraHeartbeat(v *vehicle, c *camera, now time.Time) {
	fresh := c.lastHB.IsZero() || now.Sub(c.lastHB) >= s.LinkTimeout
	c.lastHB = now
	switch {
	case fresh:
		s.Log.Info("camera found", "vehicle", v.id, "component", c.comp)
		c.wantInfo, c.wantStreams, c.tries, c.gaveUp = true, true, 0, false
		s.askCamera(v, c, now)
	case !c.wantInfo && !c.wantStreams || now.Sub(c.askedAt) < s.CommandTimeout:
	case c.tries >= cameraTries:
		if !c.gaveUp {
			c.gaveUp = true
			s.Log.Warn("camera does not answer", "vehicle", v.id, "component", c.comp, "tries", c.tries)
		}
	default:
		s.askCamera(v, c, now)
	}
	s.emitCamera(v, c, now) // a camera is reported as soon as it is heard
}

// askCamera sends MAV_CMD_REQUEST_MESSAGE for what the camera has not
// told yet, addressed to the camera component.
func (s *Station) askCamera(v *vehicle, c *camera, now time.Time) {
	c.tries++
	c.askedAt = now
	if c.wantInfo {
		s.sendCamera(v, c, msgCameraInformation, 0)
	}
	if c.wantStreams {
		s.sendCamera(v, c, msgVideoStreamInformation, 0) // param2 0: every stream
	}
}

func (s *Station) sendCamera(v *vehicle, c *camera, msgID, p2 float32) {
	if c.l == nil || c.l.node == nil || c.l.replay != nil || c.ch == nil {
		return
	}
	c.l.node.WriteMessageTo(c.ch, &common.MessageCommandLong{ //nolint:errcheck // asked again on the next heartbeat
		TargetSystem: v.key.sysid, TargetComponent: c.comp,
		Command: common.MAV_CMD_REQUEST_MESSAGE, Param1: msgID, Param2: p2,
	})
}

// onVideoStream keeps one announced stream.
func (s *Station) onVideoStream(v *vehicle, c *camera, m *common.MessageVideoStreamInformation, now time.Time) {
	st, ok := decodeVideoStream(c.comp, m)
	if !ok {
		v.rejected++
		s.emit(v, now, gcs.RejectedUpdate{Count: v.rejected, Last: "camera " + strconv.Itoa(int(c.comp)) + ": VIDEO_STREAM_INFORMATION with stream id 0"})
		return
	}
	c.streams[m.StreamId] = st
	c.count = int(m.Count)
	c.wantStreams = len(c.streams) < c.count
	s.emitCamera(v, c, now)
}

// emitCamera reports the camera when what the station knows of it changed.
func (s *Station) emitCamera(v *vehicle, c *camera, now time.Time) {
	vc := gcs.VehicleCamera{Component: c.comp, Streams: make([]gcs.VideoStream, 0, len(c.streams))}
	var notes []string
	if ci := c.info; ci != nil {
		vc.Vendor, vc.Model, vc.HFOV = ci.vendor, ci.model, ci.hfov
		notes = append(notes, ci.notes...)
	}
	for _, st := range c.streams {
		vc.Streams = append(vc.Streams, st)
	}
	slices.SortFunc(vc.Streams, func(a, b gcs.VideoStream) int { return a.ID - b.ID })
	if c.gaveUp && (c.wantInfo || c.wantStreams) {
		var missing []string
		if c.wantInfo {
			missing = append(missing, "CAMERA_INFORMATION")
		}
		if c.wantStreams {
			missing = append(missing, "VIDEO_STREAM_INFORMATION")
		}
		notes = append(notes, "no answer to "+strings.Join(missing, " and ")+" after "+strconv.Itoa(c.tries)+" requests")
	}
	vc.Note = strings.Join(notes, "; ")
	if c.emitted && reflect.DeepEqual(vc, c.sent) {
		return
	}
	c.sent, c.emitted = vc, true
	out := vc // the fleet keeps (and fills in) its own streams
	out.Streams = slices.Clone(vc.Streams)
	s.emit(v, now, gcs.CameraUpdate{Camera: out})
}
