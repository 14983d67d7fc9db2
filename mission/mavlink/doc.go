// Package mavlink converts the mission model (package mission) to and from
// MAVLink mission items: MISSION_ITEM_INT without the link fields
// (MAVItem), for the three lists a vehicle stores apart (mission, fence
// and rally: MissionType), numbered the way ArduPilot (seq 0 is home) or
// PX4 does (MissionOptions). It rounds the model's float64 params to
// float32 and its coordinates to degE7 integers (DegE7 and FromDegE7, the
// one place the mission packages scale coordinates), and reports what
// MISSION_ITEM_INT cannot hold, and what a vehicle sent that the model
// cannot use, as mission.Issues.
//
// Item by item it goes through mission.RawItem, the model's generic
// MAVLink-shaped form, so a command the model does not name survives a
// round trip as a mission.Command.
//
// This is autopilot knowledge: in non-test code only the MAVLink adapter
// (skerry/telemetry) and the application (skerry/internal/...) import this
// package. The domain core (gcs), the other adapters and the other mission
// packages hand telemetry a *mission.Plan instead; deps_test.go at the
// module root keeps this true. Tests that speak MAVLink may import it.
//
// Like package mission it does no I/O and starts no goroutines: the
// mission transfer protocol itself lives in telemetry.
package mavlink
