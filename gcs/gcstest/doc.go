// Package gcstest holds the fakes the core's tests and its front ends'
// tests share: a settable clock, an uplink that records orders and keeps
// parameters, and an in-memory fleet of vehicles that store the plans put
// on them. They stand in for the autopilot side only; the fleet, the
// commander and the stores under test are the real ones.
package gcstest
