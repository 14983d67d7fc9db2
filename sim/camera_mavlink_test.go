package sim

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/stretchr/testify/require"
)

// startCamSim starts two vehicles, the first with an MJPEG camera, on a UDP
// link to a camGCS, and waits until both systems were heard.
func startCamSim(t *testing.T) (*Sim, *camGCS) {
	g := newCamGCS(t)
	s := startSim(t, Config{Vehicles: 2, Cameras: 1, Camera: CameraConfig{Codec: CodecMJPEG},
		Links: []LinkConfig{{Paths: []string{g.path()}}}})
	for _, sys := range []uint8{1, 2} {
		_, ok := g.waitFor(0, 3*time.Second, func(f crx) bool { return f.sys == sys })
		require.True(t, ok, "system %d silent", sys)
	}
	return s, g
}

func TestCameraComponentAnnouncesItsStream(t *testing.T) {
	s, g := startCamSim(t)
	hb, ok := g.waitFor(0, 3*time.Second, func(f crx) bool {
		h, ok := f.msg.(*common.MessageHeartbeat)
		return ok && f.sys == 1 && h.Type == common.MAV_TYPE_CAMERA
	})
	require.True(t, ok, "no camera heartbeat")
	require.Equal(t, compCamera, hb.comp)
	require.Equal(t, common.MAV_AUTOPILOT_INVALID, hb.msg.(*common.MessageHeartbeat).Autopilot)

	start := g.count()
	res, from := g.command(1, compCamera, common.MAV_CMD_REQUEST_MESSAGE, msgCameraInformation)
	require.Equal(t, resAccepted, res)
	require.Equal(t, compCamera, from)
	f, ok := g.waitFor(start, 3*time.Second, func(f crx) bool { _, ok := f.msg.(*common.MessageCameraInformation); return ok })
	require.True(t, ok, "no CAMERA_INFORMATION")
	ci := f.msg.(*common.MessageCameraInformation)
	require.Equal(t, compCamera, f.comp)
	require.NotZero(t, ci.Flags&common.CAMERA_CAP_FLAGS_HAS_VIDEO_STREAM)
	require.Equal(t, [2]uint16{1280, 720}, [2]uint16{ci.ResolutionH, ci.ResolutionV})
	hfov := 2 * math.Atan(float64(ci.SensorSizeH)/2/float64(ci.FocalLength)) * 180 / math.Pi
	require.InDelta(t, 70, hfov, 0.01)
	require.Equal(t, "Skerry", strings.TrimRight(string(ci.VendorName[:]), "\x00"))

	start = g.count() // broadcast request: only the camera answers
	res, from = g.command(1, 0, common.MAV_CMD_REQUEST_MESSAGE, msgVideoStreamInfo)
	require.Equal(t, resAccepted, res)
	require.Equal(t, compCamera, from)
	f, ok = g.waitFor(start, 3*time.Second, func(f crx) bool { _, ok := f.msg.(*common.MessageVideoStreamInformation); return ok })
	require.True(t, ok, "no VIDEO_STREAM_INFORMATION")
	vi := f.msg.(*common.MessageVideoStreamInformation)
	cams := s.Cameras()
	require.Len(t, cams, 1)
	require.Equal(t, cams[0].URL, vi.Uri)
	require.True(t, strings.HasPrefix(vi.Uri, "rtsp://127.0.0.1:"), vi.Uri)
	require.True(t, strings.HasSuffix(vi.Uri, "/0-1/cam"), vi.Uri)
	require.Equal(t, common.VIDEO_STREAM_TYPE_RTSP, vi.Type)
	require.Equal(t, uint8(1), vi.StreamId)
	require.Equal(t, uint16(70), vi.Hfov)
	require.Equal(t, float32(25), vi.Framerate)

	start = g.count()
	res, _ = g.command(1, compCamera, common.MAV_CMD_REQUEST_VIDEO_STREAM_STATUS, 1)
	require.Equal(t, resAccepted, res)
	_, ok = g.waitFor(start, 3*time.Second, func(f crx) bool { _, ok := f.msg.(*common.MessageVideoStreamStatus); return ok })
	require.True(t, ok, "no VIDEO_STREAM_STATUS")

	res, from = g.command(2, 0, common.MAV_CMD_REQUEST_MESSAGE, msgCameraInformation)
	require.Equal(t, resFailed, res, "a vehicle without a camera has none")
	require.Equal(t, uint8(1), from)
}

// gimbalAngles waits for a GIMBAL_DEVICE_ATTITUDE_STATUS from system sys
// after start and returns its pitch, vehicle-frame yaw and the vehicle
// heading (degrees).
func gimbalAngles(t *testing.T, g *camGCS, sys uint8, start int) (pitch, yaw, heading float64) {
	f, ok := g.waitFor(start, 2*time.Second, func(f crx) bool {
		_, ok := f.msg.(*common.MessageGimbalDeviceAttitudeStatus)
		return ok && f.sys == sys
	})
	require.True(t, ok, "no GIMBAL_DEVICE_ATTITUDE_STATUS")
	require.Equal(t, compGimbal, f.comp)
	m := f.msg.(*common.MessageGimbalDeviceAttitudeStatus)
	require.NotZero(t, m.Flags&common.GIMBAL_DEVICE_FLAGS_YAW_IN_VEHICLE_FRAME)
	pitch, yaw = quaternionAngles(m.Q)
	return pitch, yaw, float64(m.DeltaYaw) * 180 / math.Pi
}

// awaitGimbal waits until the gimbal reports angles near want(heading).
func awaitGimbal(t *testing.T, g *camGCS, want func(heading float64) (float64, float64)) {
	deadline := time.Now().Add(6 * time.Second)
	var p, y, wp, wy float64
	for time.Now().Before(deadline) {
		var h float64
		p, y, h = gimbalAngles(t, g, 1, g.count())
		wp, wy = want(h)
		if math.Abs(p-wp) < 0.5 && math.Abs(wrap180(y-wy)) < 0.5 {
			return
		}
	}
	t.Fatalf("gimbal at pitch %.1f yaw %.1f, want %.1f %.1f", p, y, wp, wy)
}

func TestGimbalObeysPitchYawAndROI(t *testing.T) {
	s, g := startCamSim(t)
	p, y, _ := gimbalAngles(t, g, 1, 0)
	require.InDelta(t, gimbalDefaultPitch, p, 0.5)
	require.InDelta(t, 0, y, 0.5)

	res, from := g.command(1, 1, common.MAV_CMD_DO_GIMBAL_MANAGER_PITCHYAW, -60, 45, float32(math.NaN()), float32(math.NaN()), 0)
	require.Equal(t, resAccepted, res)
	require.Equal(t, uint8(1), from, "the autopilot's gimbal manager acks")
	awaitGimbal(t, g, func(float64) (float64, float64) { return -60, 45 })

	res, _ = g.command(1, 1, common.MAV_CMD_DO_GIMBAL_MANAGER_PITCHYAW, -10, 90, 0, 0, float32(common.GIMBAL_MANAGER_FLAGS_YAW_LOCK))
	require.Equal(t, resAccepted, res)
	awaitGimbal(t, g, func(h float64) (float64, float64) { return -10, 90 - h })

	vi := s.Vehicles()[0]
	roiLat, roiLon := offsetLatLon(vi.Lat, vi.Lon, 80, 60) // 100 m away, 40 m below
	res, _ = g.command(1, 1, common.MAV_CMD_DO_SET_ROI_LOCATION, 0, 0, 0, 0, float32(roiLat), float32(roiLon), float32(vi.RelAlt-40))
	require.Equal(t, resAccepted, res)
	n, e := neDistance(vi.Lat, vi.Lon, float64(float32(roiLat)), float64(float32(roiLon)))
	awaitGimbal(t, g, func(h float64) (float64, float64) {
		return math.Atan2(-40, math.Hypot(n, e)) * 180 / math.Pi, math.Atan2(e, n)*180/math.Pi - h
	})

	res, _ = g.command(1, 1, common.MAV_CMD_DO_SET_ROI_NONE)
	require.Equal(t, resAccepted, res)
	awaitGimbal(t, g, func(float64) (float64, float64) { return gimbalDefaultPitch, 0 })

	res, _ = g.command(2, 1, common.MAV_CMD_DO_GIMBAL_MANAGER_PITCHYAW, -60, 45)
	require.Equal(t, resUnsupported, res, "no gimbal on vehicle 2")
}
