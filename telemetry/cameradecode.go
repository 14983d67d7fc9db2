package telemetry

import (
	"math"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"

	"skerry/gcs"
)

// MAVLink component ids of cameras and gimbals.
const (
	compCamera     = 100 // MAV_COMP_ID_CAMERA; more cameras up to 105
	compCameraLast = 105 // MAV_COMP_ID_CAMERA6
	compGimbal     = 154 // MAV_COMP_ID_GIMBAL; more gimbals 171..175
	compGimbal2    = 171
	compGimbal6    = 175
)

// isCameraComp reports whether compid is a camera component.
func isCameraComp(compid uint8) bool { return compid >= compCamera && compid <= compCameraLast }

// isGimbalComp reports whether compid is a gimbal component.
func isGimbalComp(compid uint8) bool {
	return compid == compGimbal || compid >= compGimbal2 && compid <= compGimbal6
}

// maxCameraText bounds the names and addresses kept from a camera, in bytes.
const maxCameraText = 160

// cleanText turns a MAVLink char array into text: it stops at the first
// NUL, drops control characters and invalid UTF-8, trims spaces, and says
// whether anything was dropped.
func cleanText(s string) (string, bool) {
	dirty := false
	if i := strings.IndexByte(s, 0); i >= 0 {
		dirty = strings.Trim(s[i:], "\x00") != ""
		s = s[:i]
	}
	var b strings.Builder
	for i, w := 0, 0; i < len(s) && b.Len() < maxCameraText; i += w {
		r, n := utf8.DecodeRuneInString(s[i:])
		w = n
		if r == utf8.RuneError && n <= 1 || unicode.IsControl(r) {
			dirty = true
			continue
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String()), dirty
}

// charArray turns a fixed-size MAVLink char array into text.
func charArray(a []uint8) (string, bool) { return cleanText(string(a)) }

// cameraInfo is what CAMERA_INFORMATION says of a camera.
type cameraInfo struct {
	vendor, model string
	hfov          float64 // degrees, 0 unknown
	hasVideo      bool    // CAMERA_CAP_FLAGS_HAS_VIDEO_STREAM
	notes         []string
}

// decodeCameraInfo reads CAMERA_INFORMATION. The field of view comes from
// the sensor width and the focal length (both in mm) when both are sane.
func decodeCameraInfo(m *common.MessageCameraInformation) cameraInfo {
	ci := cameraInfo{hasVideo: m.Flags&common.CAMERA_CAP_FLAGS_HAS_VIDEO_STREAM != 0}
	var dv, dm bool
	ci.vendor, dv = charArray(m.VendorName[:])
	ci.model, dm = charArray(m.ModelName[:])
	if dv || dm {
		ci.notes = append(ci.notes, "vendor or model name had unprintable characters, dropped")
	}
	f, w := float64(m.FocalLength), float64(m.SensorSizeH)
	if f > 0 && w > 0 && f < 1e4 && w < 1e3 {
		ci.hfov = 2 * math.Atan(w/(2*f)) * radToDeg
	}
	return ci
}

// streamKey is a MAVLink stream's key within its vehicle.
func streamKey(comp, id uint8) string {
	return "c" + strconv.Itoa(int(comp)) + "s" + strconv.Itoa(int(id))
}

// decodeVideoStream reads VIDEO_STREAM_INFORMATION from camera comp. ok
// is false for a message that names no stream (stream_id 0). A stream the
// station cannot watch (no URI, not RTSP) is kept with a note saying why.
func decodeVideoStream(comp uint8, m *common.MessageVideoStreamInformation) (s gcs.VideoStream, ok bool) {
	if m.StreamId == 0 {
		return s, false
	}
	s = gcs.VideoStream{Key: streamKey(comp, m.StreamId), ID: int(m.StreamId), Source: "mavlink"}
	var dirtyName, dirtyURI bool
	s.Name, dirtyName = cleanText(m.Name)
	s.URI, dirtyURI = cleanText(m.Uri)
	var notes []string
	if dirtyName || dirtyURI {
		notes = append(notes, "unprintable characters dropped")
	}
	switch m.Encoding {
	case common.VIDEO_STREAM_ENCODING_H264:
		s.Codec = "h264"
	case common.VIDEO_STREAM_ENCODING_H265:
		s.Codec = "h265"
	default: // MJPEG has no encoding value: the address may say
		if l := strings.ToLower(s.URI); strings.Contains(l, "mjpeg") || strings.Contains(l, "jpeg") {
			s.Codec = "mjpeg"
		}
	}
	if fps := float64(m.Framerate); fps > 0 && fps <= 1000 {
		s.FPS = fps
	}
	s.Width, s.Height = int(m.ResolutionH), int(m.ResolutionV)
	if m.Hfov > 0 && m.Hfov < 180 {
		s.HFOV = float64(m.Hfov)
	}
	if why := watchable(m.Type, s.URI); why != "" {
		notes = append(notes, why)
	}
	s.Note = strings.Join(notes, "; ")
	return s, true
}

// watchable says why the station cannot pull a stream ("" when it can):
// it pulls RTSP only.
func watchable(typ common.VIDEO_STREAM_TYPE, uri string) string {
	if uri == "" {
		return "no address announced"
	}
	u, err := url.Parse(uri)
	switch {
	case err != nil || u.Host == "":
		return "the address is not a URL"
	case u.Scheme != "rtsp" && u.Scheme != "rtsps":
		return "not an RTSP address (" + u.Scheme + "): the station pulls RTSP only"
	case typ != common.VIDEO_STREAM_TYPE_RTSP:
		name, known := strings.CutPrefix(typ.String(), "VIDEO_STREAM_TYPE_")
		if !known {
			name = "type " + strconv.Itoa(int(typ))
		}
		return "announced as " + name + ", not RTSP"
	}
	return ""
}
