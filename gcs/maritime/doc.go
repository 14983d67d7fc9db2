// Package maritime builds the maritime picture: it fuses the vessels the
// cameras see (gcs.Vessels) with those AIS reports (gcs.AISPicture) into
// targets, runs the suspicious-behaviour rules over them (dark vessel, AIS
// gap, restricted zone entry, loitering, rendezvous at sea, fast approach
// to shore, AIS inconsistency), scores each target's risk with its
// reasons, and raises incidents with evidence, merging duplicates and
// keeping them in a gcs.IncidentStore.
//
// The rules are pure functions of a Situation (Evaluate, Score); the
// Picture component owns the state, hears the core's event stream and
// evaluates the rules on a tick.
package maritime
