// Package planfile reads and writes plans (mission.Plan) as files: the
// formats other ground stations and GIS tools exchange, and Skerry's own.
//
//   - QGroundControl .plan JSON (ReadQGCPlan, WriteQGCPlan);
//   - Mission Planner "QGC WPL 110" waypoint text (ReadWPL, WriteWPL);
//   - Skerry's GeoJSON plan schema, documented in GEOJSON.md beside this
//     file (ReadGeoJSONPlan, WriteGeoJSONPlan), which keeps everything the
//     model holds;
//   - KML 2.2 for Google Earth and GIS tools (ReadKMLPlan, WriteKMLPlan).
//
// ReadPlan and WritePlan dispatch on a format name (FormatQGC, ...), which
// SniffPlanFormat guesses from a file's first bytes and PlanFormatOfName
// from its extension.
//
// Readers are lenient, writers strict. A reader takes an io.Reader and
// returns a Go error only when the input cannot be read at all (too large,
// not the format, malformed syntax) or could only be read with a part of
// the plan left out (a QGroundControl complex item that cannot be
// expanded): a plan is refused rather than flown incomplete. Everything
// else it could not use or had to interpret is reported as mission.Issues,
// followed by the plan's own validation.
//
// Latitude and longitude 0, 0 are ArduPilot's current position
// (mission.Position.Current) and are kept as they are; a home at 0, 0
// (Mission Planner's "home not known") is read as no home. A writer refuses a plan with validation errors and
// reports, as issues, what its format cannot hold.
//
// QGroundControl and Mission Planner files store mission items as MAVLink
// command numbers with seven params: they go through the model's
// mission.RawItem (mission.EncodeItem, mission.DecodeItem), so a command
// the model does not name survives a round trip. This package does not
// know the MAVLink wire format (mission/mavlink) and must not import it.
package planfile
