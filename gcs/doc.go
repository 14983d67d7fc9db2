// Package gcs is Skerry's domain core: the fleet of vehicles and their live
// state, the commander that sends them orders, and the alerts raised from
// what they report. It knows nothing of MAVLink, HTTP or video: adapters
// feed it Observations and implement the interfaces it declares (Uplink).
//
// Every change leaves the core by one event stream, Events: the fleet
// publishes vehicle states (VehicleEvent) and alerts (AlertEvent), the
// commander order results (OrderEvent), the operation store new
// operations (OperationEvent) and AnnouncePlans the saved plans
// (PlansEvent). A consumer subscribes once and polls nothing. States
// coalesce to the latest per vehicle; the other events arrive losslessly
// and in order up to a bound per subscriber, beyond which the subscriber
// is given a SnapshotEvent that says how many it lost and holds the
// picture to start again from.
package gcs
