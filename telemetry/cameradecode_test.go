package telemetry

import (
	"math"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// streamCases are VIDEO_STREAM_INFORMATION messages as cameras send them,
// good and bad, with what the station makes of them; they also seed the
// fuzz tests.
var streamCases = []struct {
	name string
	msg  *common.MessageVideoStreamInformation
	want gcs.VideoStream
	ok   bool
}{
	{"ardupilot/px4 camera manager, h264 rtsp", &common.MessageVideoStreamInformation{
		StreamId: 1, Count: 2, Type: common.VIDEO_STREAM_TYPE_RTSP, Framerate: 30, ResolutionH: 1280, ResolutionV: 720,
		Bitrate: 4_000_000, Hfov: 62, Name: "main", Uri: "rtsp://192.168.144.25:8554/main.264", Encoding: common.VIDEO_STREAM_ENCODING_H264,
	}, gcs.VideoStream{Key: "c100s1", ID: 1, Name: "main", URI: "rtsp://192.168.144.25:8554/main.264", Codec: "h264",
		Width: 1280, Height: 720, FPS: 30, HFOV: 62, Source: "mavlink"}, true},
	{"h265", &common.MessageVideoStreamInformation{StreamId: 2, Count: 2, Uri: "rtsp://cam/h265", Encoding: common.VIDEO_STREAM_ENCODING_H265},
		gcs.VideoStream{Key: "c100s2", ID: 2, URI: "rtsp://cam/h265", Codec: "h265", Source: "mavlink"}, true},
	{"mjpeg named by its address", &common.MessageVideoStreamInformation{StreamId: 3, Uri: "rtsp://10.0.0.5:8554/cam.mjpeg", Framerate: float32(math.NaN())},
		gcs.VideoStream{Key: "c100s3", ID: 3, URI: "rtsp://10.0.0.5:8554/cam.mjpeg", Codec: "mjpeg", Source: "mavlink"}, true},
	{"no address", &common.MessageVideoStreamInformation{StreamId: 4, Hfov: 400, Framerate: -5},
		gcs.VideoStream{Key: "c100s4", ID: 4, Source: "mavlink", Note: "no address announced"}, true},
	{"udp, not rtsp", &common.MessageVideoStreamInformation{StreamId: 5, Type: common.VIDEO_STREAM_TYPE_RTPUDP, Uri: "udp://0.0.0.0:5600"},
		gcs.VideoStream{Key: "c100s5", ID: 5, URI: "udp://0.0.0.0:5600", Source: "mavlink", Note: "not an RTSP address (udp): the station pulls RTSP only"}, true},
	{"rtsp address, mpeg-ts type", &common.MessageVideoStreamInformation{StreamId: 6, Type: common.VIDEO_STREAM_TYPE_MPEG_TS, Uri: "rtsp://cam/ts"},
		gcs.VideoStream{Key: "c100s6", ID: 6, URI: "rtsp://cam/ts", Source: "mavlink", Note: "announced as MPEG_TS, not RTSP"}, true},
	{"garbage: control characters and bad UTF-8", &common.MessageVideoStreamInformation{StreamId: 7, Name: "ma\x01in\xff", Uri: "rtsp://cam/\x07x"},
		gcs.VideoStream{Key: "c100s7", ID: 7, Name: "main", URI: "rtsp://cam/x", Source: "mavlink", Note: "unprintable characters dropped"}, true},
	{"not a URL", &common.MessageVideoStreamInformation{StreamId: 8, Uri: "main stream"},
		gcs.VideoStream{Key: "c100s8", ID: 8, URI: "main stream", Source: "mavlink", Note: "the address is not a URL"}, true},
	{"unknown type", &common.MessageVideoStreamInformation{StreamId: 9, Type: 77, Uri: "rtsp://cam/9"},
		gcs.VideoStream{Key: "c100s9", ID: 9, URI: "rtsp://cam/9", Source: "mavlink", Note: "announced as type 77, not RTSP"}, true},
	{"stream id 0", &common.MessageVideoStreamInformation{Uri: "rtsp://cam/0"}, gcs.VideoStream{}, false},
}

func TestDecodeVideoStream(t *testing.T) {
	for _, ca := range streamCases {
		t.Run(ca.name, func(t *testing.T) {
			got, ok := decodeVideoStream(100, ca.msg)
			require.Equal(t, ca.ok, ok)
			require.Equal(t, ca.want, got)
		})
	}
}

func TestCleanText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Siyi", "Siyi"},
		{"  A8 mini \x00\x00", "A8 mini"},
		{"A8\x00junk", "A8"},
		{"\x1b[31mred", "[31mred"},
		{"é\xc3", "é"},
	}
	for _, ca := range cases {
		got, _ := cleanText(ca.in)
		require.Equal(t, ca.want, got, "%q", ca.in)
	}
	long, _ := cleanText(string(make([]byte, 0)) + string(bytesOf('a', 500)))
	require.Len(t, long, maxCameraText)
}

func bytesOf(b byte, n int) []byte {
	out := make([]byte, n)
	for i := range out {
		out[i] = b
	}
	return out
}

func TestDecodeCameraInfo(t *testing.T) {
	m := &common.MessageCameraInformation{FocalLength: 4.5, SensorSizeH: 6.17, SensorSizeV: 4.55,
		Flags: common.CAMERA_CAP_FLAGS_HAS_VIDEO_STREAM | common.CAMERA_CAP_FLAGS_CAPTURE_IMAGE}
	copy(m.VendorName[:], "SIYI")
	copy(m.ModelName[:], "A8 mini\x00\x01garbage")
	ci := decodeCameraInfo(m)
	require.Equal(t, "SIYI", ci.vendor)
	require.Equal(t, "A8 mini", ci.model)
	require.True(t, ci.hasVideo)
	require.InDelta(t, 68.9, ci.hfov, 0.1)
	require.NotEmpty(t, ci.notes, "the garbage after the NUL is noted")

	ci = decodeCameraInfo(&common.MessageCameraInformation{FocalLength: float32(math.NaN()), SensorSizeH: 6})
	require.Zero(t, ci.hfov)
	require.False(t, ci.hasVideo)
}

// quat is the rotation of yaw, then pitch, then roll (degrees) as
// MAVLink's (w, x, y, z).
func quat(roll, pitch, yaw float64) [4]float32 {
	cr, sr := math.Cos(roll*math.Pi/360), math.Sin(roll*math.Pi/360)
	cp, sp := math.Cos(pitch*math.Pi/360), math.Sin(pitch*math.Pi/360)
	cy, sy := math.Cos(yaw*math.Pi/360), math.Sin(yaw*math.Pi/360)
	return [4]float32{
		float32(cr*cp*cy + sr*sp*sy), float32(sr*cp*cy - cr*sp*sy),
		float32(cr*sp*cy + sr*cp*sy), float32(cr*cp*sy - sr*sp*cy),
	}
}

var gimbalCases = []struct {
	name                 string
	msg                  *common.MessageGimbalDeviceAttitudeStatus
	pitch, yaw, yawEarth gcs.Reading
}{
	{"vehicle frame", &common.MessageGimbalDeviceAttitudeStatus{Q: quat(0, -45, 30), Flags: common.GIMBAL_DEVICE_FLAGS_YAW_IN_VEHICLE_FRAME},
		-45, 30, gcs.Unknown},
	{"earth frame", &common.MessageGimbalDeviceAttitudeStatus{Q: quat(0, -10, -90), Flags: common.GIMBAL_DEVICE_FLAGS_YAW_IN_EARTH_FRAME},
		-10, gcs.Unknown, 270},
	{"legacy: yaw lock means earth frame", &common.MessageGimbalDeviceAttitudeStatus{Q: quat(0, -90, 0), Flags: common.GIMBAL_DEVICE_FLAGS_YAW_LOCK},
		-90, gcs.Unknown, 0},
	{"legacy: no flag means vehicle frame", &common.MessageGimbalDeviceAttitudeStatus{Q: quat(2, 5, 170)}, 5, 170, gcs.Unknown},
	{"NaN quaternion: unknown", &common.MessageGimbalDeviceAttitudeStatus{Q: [4]float32{float32(math.NaN()), 0, 0, 0}},
		gcs.Unknown, gcs.Unknown, gcs.Unknown},
	{"zero quaternion: unknown", &common.MessageGimbalDeviceAttitudeStatus{}, gcs.Unknown, gcs.Unknown, gcs.Unknown},
	{"unnormalised quaternion is normalised", &common.MessageGimbalDeviceAttitudeStatus{Q: [4]float32{1.2, 0, 0, 0}}, 0, 0, gcs.Unknown},
}

func TestDecodeGimbal(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	for _, ca := range gimbalCases {
		t.Run(ca.name, func(t *testing.T) {
			g := decodeGimbal(ca.msg, 154, now).Gimbal
			require.Equal(t, uint8(154), g.Component)
			require.Equal(t, now, g.At)
			for _, r := range []struct{ got, want gcs.Reading }{{g.Pitch, ca.pitch}, {g.Yaw, ca.yaw}, {g.YawEarth, ca.yawEarth}} {
				require.Equal(t, r.want.Known(), r.got.Known(), "%v vs %v", r.got, r.want)
				if r.want.Known() {
					require.InDelta(t, float64(r.want), float64(r.got), 1e-3)
				}
			}
		})
	}
}
