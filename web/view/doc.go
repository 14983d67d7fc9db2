// Package view is how the station shows the core's values to the
// operators' consoles, where both the REST API (web/api) and the live
// feed (web/live) show them: the active operation, the saved plans'
// records, and JSON answers written whole or not at all. The two front
// doors share these shapes so that a console reads the same member names
// from GET /api/operation and from the feed's operation message; neither
// imports the other.
package view
