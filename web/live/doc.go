// Package live is the consoles' live feed: the websocket at GET /ws. Its
// Hub follows the core through one subscription to the core's event
// stream (gcs.Events) and nothing else, keeps a mirror of what the
// consoles are shown, and fans every change out to the connected clients
// as the wire protocol in PROTOCOL.md says: a snapshot, then vehicle
// states (coalesced per client, sent whole or as deltas), alerts, order
// results, the operation, the saved plans, vessel contacts (coalesced per
// contact) and video detections (coalesced per stream, transient).
//
// The pieces: hub*.go (the fan-out goroutine and its mirror), wsclient*.go
// (one connection's reader and writer, batched socket writes), wsproto.go
// (the messages), hub_vessels.go (contacts and detections), vehrecord.go and vehcodecs.go (a vehicle's state encoded
// member by member, for deltas), outbox.go (a client's queue) and
// metrics.go (the hub's counters, which the station's /metrics reads
// through Hub.Metrics).
//
// The feed does not import the REST API (web/api), nor the API the feed:
// the shapes both show (the operation, saved plans) are in web/view, and
// the station's composition in web mounts the two side by side.
// livetest holds a test console that follows the protocol.
package live
