// Package gcs is Skerry's domain core: the fleet of vehicles and their live
// state, the commander that sends them orders, and the alerts raised from
// what they report. It knows nothing of MAVLink, HTTP or video: adapters
// feed it Observations and implement the interfaces it declares (Uplink).
package gcs
