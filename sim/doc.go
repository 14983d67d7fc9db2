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
// Concurrency: each vehicle's state is guarded by its own mutex (vehicle.mu),
// taken by the scheduler shard that steps it and by the reader goroutines of
// its sockets when a message arrives. Everything else (links, paths, fault
// settings) is immutable after Start or accessed atomically.
package sim
