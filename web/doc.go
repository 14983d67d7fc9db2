// Package web is the operators' adapter, put together: Server mounts the
// REST API (web/api) under /api/, the live feed (web/live) at GET /ws,
// the Prometheus counters of both at GET /metrics, and the browser
// console (static/, embedded) at GET / and /static/, with the console's
// settings and basemap and the text index of every route under /api/.
//
// The parts: api (request and answer), live (the websocket hub following
// the core's event stream), view (the JSON shapes both show) and static
// (the console's files). web and its parts talk to the domain core in gcs
// (and mission's types) and to nothing else of the station.
package web
