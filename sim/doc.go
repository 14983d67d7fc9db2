// Package sim is a SITL-style simulator for Skerry: N simulated drones in one
// process, each a MAVLink 2 system that behaves like ArduPilot (ArduCopter by
// default, ArduPlane optionally) over real UDP and TCP sockets.
//
// The package imports no other project package: every test through it is a
// test of the wire protocol. A vehicle speaks the ardupilotmega dialect, sends
// ArduPilot's default streams (see streams.go), answers the parameter
// protocol and commands with ArduPilot's COMMAND_ACK results, flies with
// bounded speeds and accelerations in simulated time (Config.Speedup), drains
// a battery and runs ArduPilot's battery, GCS and EKF/GPS failsafes.
//
// Vehicles also speak the mission protocol for missions, fences and rally
// points as ArduPilot 4.5 does (missionproto.go, missionstore.go), fly AUTO
// (auto.go), enforce fences (fence.go), return to rally points (rally.go)
// and can be pushed off course by Sim.Push (push.go).
//
// Cameras (Config.Cameras, CameraConfig): the first Config.Cameras vehicles
// carry a gimbal camera announced the MAVLink way. The camera is component
// 100 (MAV_COMP_ID_CAMERA) of its vehicle, with a 1 Hz HEARTBEAT
// (MAV_TYPE_CAMERA, MAV_AUTOPILOT_INVALID); the gimbal device is component
// 154 with a 1 Hz HEARTBEAT (MAV_TYPE_GIMBAL) and GIMBAL_DEVICE_ATTITUDE_STATUS
// at 5 Hz (yaw in the vehicle frame, delta_yaw = vehicle heading). A station
// finds a stream so:
//
//  1. HEARTBEAT from (sys, 100) with type MAV_TYPE_CAMERA: a camera.
//  2. COMMAND_LONG MAV_CMD_REQUEST_MESSAGE param1 = 259 to (sys, 100) (or
//     component 0): COMMAND_ACK from 100, then CAMERA_INFORMATION.
//  3. MAV_CMD_REQUEST_MESSAGE param1 = 269, param2 = 0 (all) or 1: ACK,
//     then VIDEO_STREAM_INFORMATION with uri = rtsp://HOST:PORT/<link>-<sysid>/cam
//     (270 gives VIDEO_STREAM_STATUS). The older REQUEST_CAMERA_INFORMATION
//     (521) and REQUEST_VIDEO_STREAM_INFORMATION/STATUS (2504/2505) work too.
//  4. RTSP DESCRIBE/SETUP/PLAY on that URL (RTP over TCP).
//
// The gimbal obeys MAV_CMD_DO_GIMBAL_MANAGER_PITCHYAW, DO_SET_ROI_LOCATION
// and DO_SET_ROI_NONE sent to the autopilot (component 1), which acks them as
// ArduPilot's gimbal manager does; it slews at 60°/s, pitch in [-90, +30].
//
// One RTSP server per Sim (gortsplib, Config.RTSPAddress, default
// 127.0.0.1:0, see Sim.RTSPAddr and Sim.Cameras) serves one path per camera.
// A camera renders (sim/scene) from its vehicle's true pose only while an
// RTSP reader plays it, at its frame rate in wall-clock time, and encodes
// with an ffmpeg child (H.264, restarted if it dies) or image/jpeg (MJPEG).
// RTP timestamps are the frames' capture times (90 kHz) and RTCP sender
// reports map them to the capture wall clock, which is also burnt into each
// frame (scene.Stamp). Ground truth per frame goes to Config.OnTruth and
// Sim.Truth, a side channel the station never reads.
//
// Concurrency: each vehicle's state is guarded by its own mutex (vehicle.mu),
// taken by the scheduler shard that steps it and by the reader goroutines of
// its sockets when a message arrives. Everything else (links, paths, fault
// settings) is immutable after Start or accessed atomically.
package sim
