// Package api is the station's REST API under /api/: the fleet and its
// alerts, orders (POST /api/commands, with the confirmation handshake),
// vehicles' plans and parameters, saved plans, the active operation and
// its zones, plan checks and planners, and the order journal. One Server
// holds what the handlers need; Register adds its routes to a mux (web
// mounts them beside the live feed and the console), Handler serves them
// alone.
//
// The handlers are thin: they decode, call the core's use cases
// (gcs.Commander, gcs.Missions, gcs.Planning, gcs.Parameters, the plan
// store) and encode, so that the command line and the API give the same
// answers. They never call the planners or the validation themselves.
// The shapes the live feed shows too (the operation, saved plans) are in
// web/view; this package does not import the feed (web/live), nor the
// feed this package.
package api
