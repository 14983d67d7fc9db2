package sim

import (
	"context"
	"math"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/message"
)

// MAVLink component ids of the camera and its gimbal.
const (
	compCamera = uint8(common.MAV_COMP_ID_CAMERA) // 100
	compGimbal = uint8(common.MAV_COMP_ID_GIMBAL) // 154
)

// Message ids the camera component answers MAV_CMD_REQUEST_MESSAGE for.
const (
	msgCameraInformation    = 259
	msgVideoStreamInfo      = 269
	msgVideoStreamStatus    = 270
	msgGimbalAttitudeStatus = 285
)

// gimbalStatusPeriod is the GIMBAL_DEVICE_ATTITUDE_STATUS period (5 Hz);
// heartbeats of the camera and gimbal components go every fifth tick.
const gimbalStatusPeriod = 200 * time.Millisecond

// vehicleCamera is the MAVLink side of a vehicle's camera: the camera
// component (100) and the gimbal device (154). It is guarded by the
// vehicle's lock; cam (the RTSP side) is immutable after New.
type vehicleCamera struct {
	cam       *camera
	gimbal    gimbal
	seqCam    []uint8 // per path: each component has its own sequence
	seqGimbal []uint8
	ticks     int
}

// newVehicleCamera returns the MAVLink side of cam for a vehicle on n paths.
func newVehicleCamera(cam *camera, n int) *vehicleCamera {
	return &vehicleCamera{cam: cam, gimbal: newGimbal(), seqCam: make([]uint8, n), seqGimbal: make([]uint8, n)}
}

// sendCam sends m from the camera component. The caller holds v.mu.
func (v *vehicle) sendCam(m message.Message) { v.sendFrom(compCamera, v.cam.seqCam, m) }

// sendGimbal sends m from the gimbal component. The caller holds v.mu.
func (v *vehicle) sendGimbal(m message.Message) { v.sendFrom(compGimbal, v.cam.seqGimbal, m) }

// gimbalPose is the vehicle's position and heading for the gimbal.
func (v *vehicle) gimbalPose() gimbalPose {
	return gimbalPose{lat: v.st.lat, lon: v.st.lon, alt: v.st.alt, heading: v.st.yaw * 180 / math.Pi}
}

// advanceGimbal slews the gimbal to the current simulated time. The caller
// holds v.mu.
func (v *vehicle) advanceGimbal() {
	v.cam.gimbal.advance(v.sim.simNow(time.Now()), v.gimbalPose())
}

// runCameraComponents sends the camera and gimbal components' periodic
// messages in wall-clock time: GIMBAL_DEVICE_ATTITUDE_STATUS at 5 Hz and
// both HEARTBEATs at 1 Hz.
func (s *Sim) runCameraComponents(ctx context.Context) {
	defer s.wg.Done()
	t := time.NewTicker(gimbalStatusPeriod)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			for _, v := range s.vehicles {
				if v.cam != nil {
					v.cameraTick()
				}
			}
		}
	}
}

// cameraTick sends one round of the camera components' periodic messages.
func (v *vehicle) cameraTick() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.cam.ticks%5 == 0 {
		v.sendCam(&common.MessageHeartbeat{Type: common.MAV_TYPE_CAMERA, Autopilot: common.MAV_AUTOPILOT_INVALID,
			SystemStatus: common.MAV_STATE_ACTIVE, MavlinkVersion: 3})
		v.sendGimbal(&common.MessageHeartbeat{Type: common.MAV_TYPE_GIMBAL, Autopilot: common.MAV_AUTOPILOT_INVALID,
			SystemStatus: common.MAV_STATE_ACTIVE, MavlinkVersion: 3})
	}
	v.cam.ticks++
	v.advanceGimbal()
	v.sendGimbal(v.cam.gimbal.msgAttitudeStatus(v.bootMs(), v.gimbalPose().heading))
}

// cameraOwns reports whether a message is for the camera component: a
// command addressed to it, or a broadcast request for one of its messages
// (which the autopilot leaves to the camera).
func (v *vehicle) cameraOwns(m message.Message) bool {
	if v.cam == nil {
		return false
	}
	var comp uint8
	var cmd common.MAV_CMD
	var p1 float32
	switch m := m.(type) {
	case *common.MessageCommandLong:
		comp, cmd, p1 = m.TargetComponent, m.Command, m.Param1
	case *common.MessageCommandInt:
		comp, cmd, p1 = m.TargetComponent, m.Command, m.Param1
	default:
		return false
	}
	if comp == compCamera {
		return true
	}
	if comp != 0 {
		return false
	}
	switch cmd {
	case common.MAV_CMD_REQUEST_CAMERA_INFORMATION, common.MAV_CMD_REQUEST_VIDEO_STREAM_INFORMATION, common.MAV_CMD_REQUEST_VIDEO_STREAM_STATUS:
		return true
	case common.MAV_CMD_REQUEST_MESSAGE:
		switch p1 {
		case msgCameraInformation, msgVideoStreamInfo, msgVideoStreamStatus, msgGimbalAttitudeStatus:
			return true
		}
	}
	return false
}

// handleCameraCommand executes a command for the camera component and
// acks it from there; a requested message follows its ACK.
func (v *vehicle) handleCameraCommand(in inbound) {
	var cmd common.MAV_CMD
	var p1, p2 float32
	switch m := in.msg.(type) {
	case *common.MessageCommandLong:
		cmd, p1, p2 = m.Command, m.Param1, m.Param2
	case *common.MessageCommandInt:
		cmd, p1, p2 = m.Command, m.Param1, m.Param2
	}
	var ids []uint32
	switch cmd {
	case common.MAV_CMD_REQUEST_MESSAGE:
		ids = []uint32{uint32(p1)}
	case common.MAV_CMD_REQUEST_CAMERA_INFORMATION:
		ids = []uint32{msgCameraInformation}
	case common.MAV_CMD_REQUEST_VIDEO_STREAM_INFORMATION:
		ids, p2 = []uint32{msgVideoStreamInfo}, p1
	case common.MAV_CMD_REQUEST_VIDEO_STREAM_STATUS:
		ids, p2 = []uint32{msgVideoStreamStatus}, p1
	}
	var msgs []message.Message
	for _, id := range ids {
		if m := v.cameraMessage(id, p2); m != nil {
			msgs = append(msgs, m)
		}
	}
	res := resAccepted
	switch {
	case ids == nil:
		res = resUnsupported
	case len(msgs) == 0:
		res = resFailed
	}
	v.sendCam(&common.MessageCommandAck{Command: cmd, Result: res, TargetSystem: in.sys, TargetComponent: in.comp})
	for _, m := range msgs {
		if m.GetID() == msgGimbalAttitudeStatus {
			v.sendGimbal(m)
			continue
		}
		v.sendCam(m)
	}
}

// cameraMessage builds one camera message; stream is param2 of the request
// for the video stream messages (0 = all, 1 = the only stream).
func (v *vehicle) cameraMessage(id uint32, stream float32) message.Message {
	info := v.cam.cam.info()
	switch id {
	case msgCameraInformation:
		return v.msgCameraInformation(info)
	case msgVideoStreamInfo, msgVideoStreamStatus:
		if stream != 0 && stream != 1 {
			return nil
		}
		if id == msgVideoStreamStatus {
			return msgVideoStreamStatusOf(info)
		}
		return msgVideoStreamInformation(info, v.cam.cam.cfg.bitrate())
	case msgGimbalAttitudeStatus:
		v.advanceGimbal()
		return v.cam.gimbal.msgAttitudeStatus(v.bootMs(), v.gimbalPose().heading)
	}
	return nil
}

// msgCameraInformation is CAMERA_INFORMATION: a video camera whose sensor
// size and focal length agree with its field of view.
func (v *vehicle) msgCameraInformation(info CameraInfo) *common.MessageCameraInformation {
	sw, sh, focal := v.cam.cam.cfg.sensor()
	m := &common.MessageCameraInformation{
		TimeBootMs: v.bootMs(), FirmwareVersion: 1,
		FocalLength: float32(focal), SensorSizeH: float32(sw), SensorSizeV: float32(sh),
		ResolutionH: uint16(info.Width), ResolutionV: uint16(info.Height),
		Flags:          common.CAMERA_CAP_FLAGS_HAS_VIDEO_STREAM,
		GimbalDeviceId: compGimbal,
	}
	copy(m.VendorName[:], "Skerry")
	copy(m.ModelName[:], "SimCam")
	return m
}

// msgVideoStreamInformation is VIDEO_STREAM_INFORMATION of the camera's
// one RTSP stream.
func msgVideoStreamInformation(info CameraInfo, bitrate uint32) *common.MessageVideoStreamInformation {
	enc := common.VIDEO_STREAM_ENCODING_UNKNOWN // the enum has no MJPEG
	if info.Codec == CodecH264 {
		enc = common.VIDEO_STREAM_ENCODING_H264
	}
	return &common.MessageVideoStreamInformation{
		StreamId: 1, Count: 1, Type: common.VIDEO_STREAM_TYPE_RTSP,
		Flags: common.VIDEO_STREAM_STATUS_FLAGS_RUNNING, Framerate: float32(info.FPS),
		ResolutionH: uint16(info.Width), ResolutionV: uint16(info.Height), Bitrate: bitrate,
		Hfov: uint16(math.Round(info.HFOV)), Name: "sim " + info.Codec, Uri: info.URL, Encoding: enc,
	}
}

// msgVideoStreamStatusOf is VIDEO_STREAM_STATUS of the camera's stream.
func msgVideoStreamStatusOf(info CameraInfo) *common.MessageVideoStreamStatus {
	m := msgVideoStreamInformation(info, 0)
	return &common.MessageVideoStreamStatus{StreamId: 1, Flags: m.Flags, Framerate: m.Framerate,
		ResolutionH: m.ResolutionH, ResolutionV: m.ResolutionV, Hfov: m.Hfov}
}
