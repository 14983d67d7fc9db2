package telemetry

import (
	"bufio"
	"context"
	"math"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/ardupilotmega"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/frame"
	"github.com/bluenviron/gomavlib/v3/pkg/message"
	"github.com/stretchr/testify/require"

	"skerry/gcs"
)

// camPeer is a vehicle's camera component speaking real MAVLink from its
// own process (its own UDP socket), as a camera manager on a companion
// computer does: it sends HEARTBEAT (MAV_TYPE_CAMERA) at 1 Hz — here every
// 50 ms — and answers MAV_CMD_REQUEST_MESSAGE with COMMAND_ACK and the
// message asked for, after ignoring the first `slow` requests.
type camPeer struct {
	node    *gomavlib.Node
	reqs    chan *common.MessageCommandLong // REQUEST_MESSAGEs received
	ignored atomic.Int32
	slow    int32
	answers map[float32][]message.Message
}

func newCamPeer(t *testing.T, addr string, sysid, compid uint8, slow int32, answers map[float32][]message.Message) *camPeer {
	t.Helper()
	p := &camPeer{reqs: make(chan *common.MessageCommandLong, 100), slow: slow, answers: answers}
	p.node = &gomavlib.Node{
		Endpoints: []gomavlib.EndpointConf{gomavlib.EndpointUDPClient{Address: addr}}, Dialect: ardupilotmega.Dialect,
		OutVersion: gomavlib.V2, OutSystemID: sysid, OutComponentID: compid, HeartbeatDisable: true,
	}
	require.NoError(t, p.node.Initialize())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	t.Cleanup(func() { cancel(); p.node.Close(); <-done })
	go p.run(compid)
	go func() {
		defer close(done)
		tk := time.NewTicker(50 * time.Millisecond)
		defer tk.Stop()
		for {
			select {
			case <-tk.C:
				p.node.WriteMessageAll(&common.MessageHeartbeat{Type: common.MAV_TYPE_CAMERA, //nolint:errcheck
					Autopilot: common.MAV_AUTOPILOT_INVALID, SystemStatus: common.MAV_STATE_ACTIVE, MavlinkVersion: 3})
			case <-ctx.Done():
				return
			}
		}
	}()
	return p
}

func (p *camPeer) run(compid uint8) {
	for evt := range p.node.Events() {
		fe, ok := evt.(*gomavlib.EventFrame)
		if !ok {
			continue
		}
		m, ok := fe.Message().(*common.MessageCommandLong)
		if !ok || m.Command != common.MAV_CMD_REQUEST_MESSAGE || m.TargetComponent != compid {
			continue
		}
		select {
		case p.reqs <- m:
		default:
		}
		if p.ignored.Add(1) <= p.slow {
			continue // a slow camera: the station must ask again
		}
		p.node.WriteMessageAll(&common.MessageCommandAck{Command: m.Command, Result: common.MAV_RESULT_ACCEPTED, //nolint:errcheck
			TargetSystem: 255, TargetComponent: 190})
		for _, a := range p.answers[m.Param1] {
			p.node.WriteMessageAll(a) //nolint:errcheck
		}
	}
}

// siyiAnswers is what a camera with two streams answers.
func siyiAnswers() map[float32][]message.Message {
	info := &common.MessageCameraInformation{FocalLength: 4.5, SensorSizeH: 6.17, SensorSizeV: 4.55,
		Flags: common.CAMERA_CAP_FLAGS_HAS_VIDEO_STREAM, ResolutionH: 1920, ResolutionV: 1080}
	copy(info.VendorName[:], "SIYI")
	copy(info.ModelName[:], "A8 mini")
	return map[float32][]message.Message{
		259: {info},
		269: {
			&common.MessageVideoStreamInformation{StreamId: 1, Count: 2, Type: common.VIDEO_STREAM_TYPE_RTSP, Framerate: 25,
				ResolutionH: 1280, ResolutionV: 720, Name: "main", Uri: "rtsp://127.0.0.1:8554/main", Encoding: common.VIDEO_STREAM_ENCODING_H264},
			&common.MessageVideoStreamInformation{StreamId: 2, Count: 2, Type: common.VIDEO_STREAM_TYPE_RTPUDP, Name: "sub\x01",
				Uri: "udp://0.0.0.0:5600"},
		},
	}
}

func isCamera(pred func(gcs.VehicleCamera) bool) func(gcs.Observation) bool {
	return func(o gcs.Observation) bool {
		u, ok := o.Update.(gcs.CameraUpdate)
		return ok && o.Vehicle == "a-1" && pred(u.Camera)
	}
}

func TestCameraAnnouncesItselfAndItsStreams(t *testing.T) {
	s := &Station{CommandTimeout: 150 * time.Millisecond}
	c, _ := commandSetup(t, s, copterHB(ardupilotmega.COPTER_MODE_LOITER, false))
	cam := newCamPeer(t, s.Addrs()["a"], 1, 100, 2, siyiAnswers())

	got := c.wait(t, 0, isCamera(func(vc gcs.VehicleCamera) bool { return vc.Model != "" && len(vc.Streams) == 2 })).Update.(gcs.CameraUpdate).Camera
	require.Equal(t, uint8(100), got.Component)
	require.Equal(t, "SIYI", got.Vendor)
	require.InDelta(t, 68.9, got.HFOV, 0.1)
	require.Equal(t, gcs.VideoStream{Key: "c100s1", ID: 1, Name: "main", URI: "rtsp://127.0.0.1:8554/main", Codec: "h264",
		Width: 1280, Height: 720, FPS: 25, Source: "mavlink"}, got.Streams[0], "as announced: the camera's field of view is the camera's")
	require.Equal(t, "c100s2", got.Streams[1].Key)
	require.Equal(t, "sub", got.Streams[1].Name)
	require.Contains(t, got.Streams[1].Note, "not an RTSP address")

	// The camera was asked again after ignoring the first requests, each
	// request addressed to it, for both messages.
	asked := map[float32]int{}
	for len(cam.reqs) > 0 {
		r := <-cam.reqs
		require.Equal(t, uint8(1), r.TargetSystem)
		if r.Param1 == 269 {
			require.Zero(t, r.Param2, "every stream")
		}
		asked[r.Param1]++
	}
	require.GreaterOrEqual(t, asked[259], 2)
	require.GreaterOrEqual(t, asked[269], 2)

	// Its heartbeats, and its acknowledgements, never touch the
	// autopilot's identity or orders.
	for _, o := range c.all() {
		if id, ok := o.Update.(gcs.Identity); ok {
			require.Equal(t, "quadrotor", id.Type)
		}
	}
	require.NoError(t, s.Execute(bg, "a-1", gcs.Command{Kind: gcs.CmdHold}))
}

func TestSilentCameraIsReportedWithANote(t *testing.T) {
	s := &Station{CommandTimeout: 20 * time.Millisecond}
	c, _ := commandSetup(t, s, copterHB(ardupilotmega.COPTER_MODE_LOITER, false))
	cam := newCamPeer(t, s.Addrs()["a"], 1, 101, math.MaxInt32, nil)
	got := c.wait(t, 0, isCamera(func(vc gcs.VehicleCamera) bool { return vc.Note != "" })).Update.(gcs.CameraUpdate).Camera
	require.Equal(t, uint8(101), got.Component)
	require.Empty(t, got.Streams)
	require.Contains(t, got.Note, "no answer to CAMERA_INFORMATION and VIDEO_STREAM_INFORMATION after 5 requests")
	require.Len(t, cam.reqs, 2*cameraTries, "then the station stops asking")
}

func TestGimbalAttitudeFromItsComponent(t *testing.T) {
	s := &Station{}
	c, _ := commandSetup(t, s, copterHB(ardupilotmega.COPTER_MODE_LOITER, false))
	// A gimbal device's own heartbeat (MAV_TYPE_GIMBAL) and status.
	n := c.len()
	gimbalNode(t, s.Addrs()["a"]).WriteMessageAll(&common.MessageGimbalDeviceAttitudeStatus{ //nolint:errcheck
		Q: quat(0, -30, 15), Flags: common.GIMBAL_DEVICE_FLAGS_YAW_IN_VEHICLE_FRAME})
	o := c.wait(t, n, func(o gcs.Observation) bool { _, ok := o.Update.(gcs.GimbalUpdate); return ok })
	gu := o.Update.(gcs.GimbalUpdate).Gimbal
	require.Equal(t, uint8(compGimbal), gu.Component)
	require.InDelta(t, -30, float64(gu.Pitch), 1e-3)
	require.InDelta(t, 15, float64(gu.Yaw), 1e-3)
	require.False(t, gu.YawEarth.Known())
}

// gimbalNode is a gimbal device (component 154 of system 1) on its own socket.
func gimbalNode(t *testing.T, addr string) *gomavlib.Node {
	t.Helper()
	n := &gomavlib.Node{
		Endpoints: []gomavlib.EndpointConf{gomavlib.EndpointUDPClient{Address: addr}}, Dialect: ardupilotmega.Dialect,
		OutVersion: gomavlib.V2, OutSystemID: 1, OutComponentID: compGimbal, HeartbeatDisable: true,
	}
	require.NoError(t, n.Initialize())
	t.Cleanup(n.Close)
	opened := make(chan struct{})
	go func() {
		first := true
		for evt := range n.Events() {
			if _, ok := evt.(*gomavlib.EventChannelOpen); ok && first {
				close(opened)
				first = false
			}
		}
	}()
	<-opened                                                                                                           // writes before the channel opens are dropped
	n.WriteMessageAll(&common.MessageHeartbeat{Type: common.MAV_TYPE_GIMBAL, Autopilot: common.MAV_AUTOPILOT_INVALID}) //nolint:errcheck
	return n
}

func TestGimbalOrders(t *testing.T) {
	s := &Station{}
	_, p := commandSetup(t, s, copterHB(ardupilotmega.COPTER_MODE_GUIDED, true))
	pitch, yaw := -45.0, 30.0

	require.NoError(t, s.Execute(bg, "a-1", gcs.Command{Kind: gcs.CmdGimbal, Pitch: &pitch, Yaw: &yaw}))
	m := p.nextCmd(t).(*common.MessageCommandLong)
	require.Equal(t, common.MAV_CMD_DO_GIMBAL_MANAGER_PITCHYAW, m.Command)
	require.Equal(t, [2]uint8{1, 1}, [2]uint8{m.TargetSystem, m.TargetComponent}, "to the autopilot's gimbal manager")
	require.Equal(t, []float32{-45, 30}, []float32{m.Param1, m.Param2})
	require.True(t, math.IsNaN(float64(m.Param3)) && math.IsNaN(float64(m.Param4)), "no rates")
	require.Equal(t, float32(common.GIMBAL_MANAGER_FLAGS_YAW_IN_VEHICLE_FRAME), m.Param5)
	require.Zero(t, m.Param7, "the primary gimbal")

	require.NoError(t, s.Execute(bg, "a-1", gcs.Command{Kind: gcs.CmdGimbal, Yaw: &yaw, YawEarth: true}))
	m = p.nextCmd(t).(*common.MessageCommandLong)
	require.True(t, math.IsNaN(float64(m.Param1)), "pitch left alone")
	require.Equal(t, float32(common.GIMBAL_MANAGER_FLAGS_YAW_LOCK|common.GIMBAL_MANAGER_FLAGS_YAW_IN_EARTH_FRAME), m.Param5)

	require.NoError(t, s.Execute(bg, "a-1", gcs.Command{Kind: gcs.CmdLookAt, Lat: 36.1401, Lon: -5.3502, Altitude: 2}))
	mi := p.nextCmd(t).(*common.MessageCommandInt)
	require.Equal(t, common.MAV_CMD_DO_SET_ROI_LOCATION, mi.Command)
	require.Equal(t, common.MAV_FRAME_GLOBAL_INT, mi.Frame)
	require.Equal(t, []int32{361401000, -53502000}, []int32{mi.X, mi.Y})
	require.Equal(t, float32(2), mi.Z)

	require.NoError(t, s.Execute(bg, "a-1", gcs.Command{Kind: gcs.CmdLookFree}))
	require.Equal(t, common.MAV_CMD_DO_SET_ROI_NONE, p.nextCmd(t).(*common.MessageCommandLong).Command)

	require.ErrorIs(t, s.Execute(bg, "a-1", gcs.Command{Kind: gcs.CmdGimbal}), gcs.ErrInvalidCommand)
}

// TestCameraOnTheAutopilotsSocket: a camera whose frames come through the
// autopilot's own connection (a router, or ArduPilot forwarding its
// camera) is asked on that connection, addressed to its component.
func TestCameraOnTheAutopilotsSocket(t *testing.T) {
	s := &Station{Links: []LinkConfig{{Name: "a", URL: "udp-server:127.0.0.1:0"}}, CommandTimeout: 100 * time.Millisecond, StreamRate: -1}
	c := startStation(t, s)
	conn := udpConn(t, s.Addrs()["a"])
	camHB := &common.MessageHeartbeat{Type: common.MAV_TYPE_CAMERA, Autopilot: common.MAV_AUTOPILOT_INVALID, MavlinkVersion: 3}
	send := func(b []byte) {
		_, err := conn.Write(b)
		require.NoError(t, err)
	}
	send(encodeFrom(t, 1, 100, camHB)) // heard before the autopilot: ignored
	send(encode(t, 1, copterHB(ardupilotmega.COPTER_MODE_LOITER, false)))
	c.wait(t, 0, isLink("a-1", found))

	r := &frame.Reader{BufByteReader: bufio.NewReaderSize(conn, 4096), DialectRW: newDialectRW(t)}
	require.NoError(t, r.Initialize())
	asked := map[float32]bool{}
	deadline := time.Now().Add(5 * time.Second)
	for len(asked) < 2 {
		send(encodeFrom(t, 1, 100, camHB))
		require.NoError(t, conn.SetReadDeadline(time.Now().Add(200*time.Millisecond)))
		for {
			fr, err := r.Read()
			if err != nil {
				break
			}
			if m, ok := fr.GetMessage().(*common.MessageCommandLong); ok && m.Command == common.MAV_CMD_REQUEST_MESSAGE && m.TargetComponent == 100 {
				require.Equal(t, uint8(1), m.TargetSystem)
				asked[m.Param1] = true
			}
		}
		require.True(t, time.Now().Before(deadline), "the camera was never asked")
		r = &frame.Reader{BufByteReader: bufio.NewReaderSize(conn, 4096), DialectRW: newDialectRW(t)}
		require.NoError(t, r.Initialize())
	}
	require.True(t, asked[259] && asked[269])
	ans := siyiAnswers()
	send(encodeFrom(t, 1, 100, append(ans[259], ans[269]...)...))
	got := c.wait(t, 0, isCamera(func(vc gcs.VehicleCamera) bool { return len(vc.Streams) == 2 && vc.Vendor == "SIYI" }))
	require.Equal(t, "c100s1", got.Update.(gcs.CameraUpdate).Camera.Streams[0].Key)
	for _, o := range c.all() {
		if id, ok := o.Update.(gcs.Identity); ok {
			require.Equal(t, "quadrotor", id.Type, "the camera never renames the vehicle")
		}
	}
}
