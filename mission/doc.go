// Package mission is Skerry's pure planning model: mission items, geofences,
// rally points and the plan that holds them, their validation, and the
// generic MAVLink-shaped form of an item (RawItem, EncodeItem, DecodeItem)
// that every conversion goes through.
//
// Conversions live in subpackages, one concern per folder:
//
//   - mission/planfile reads and writes plan files (QGroundControl .plan,
//     Mission Planner "QGC WPL 110" text, Skerry's GeoJSON, KML);
//   - mission/mavlink is the MAVLink wire codec (MISSION_ITEM_INT, fence
//     and rally items, ArduPilot's and PX4's numbering). It is autopilot
//     knowledge: only the MAVLink adapter (telemetry) and the application
//     (internal/...) import it.
//
// Both report in this package's Issues (Issues.Errorf, Warnf, Infof) and
// check what they decode with its validation (Plan.Validate, or per part
// ValidateMission, Fence.Validate and ValidateRally). Planners, airspace
// and validation against the law are further subpackages.
//
// The package does no I/O and starts no goroutines (readers and writers
// in mission/planfile take an io.Reader or io.Writer). It imports only the
// standard library, orb and mission/local.
//
// # Conventions
//
//   - Coordinates are orb.Point values, [lon, lat] in degrees (WGS84).
//     MAVLink's degE7 integers are converted in exactly one place
//     (DegE7 and FromDegE7 in mission/mavlink).
//   - Every height carries its reference (Altitude.Ref): relative to home,
//     AMSL, or above terrain.
//   - Nothing is dropped silently. Everything a conversion cannot express is
//     reported as an Issue with a Severity; errors in structure are Issues of
//     SeverityError. Readers return a Go error only when the input cannot be
//     read at all (not the format, too large, malformed syntax) or only with
//     a part of the plan left out.
//   - Latitude and longitude 0, 0 are ArduPilot's "current position"
//     (Position.Current, Here): the item is flown where the vehicle is.
//   - Mission items the model does not name are kept as Command, the
//     generic escape hatch (command number, frame, seven params), so a
//     MAVLink or file round trip never loses an item. A decoder only returns
//     a named item when encoding that item gives back the same command and
//     params; otherwise it returns a Command.
//
// # Geofence semantics
//
// MAVLink: a vehicle is inside the fence when it is inside every inclusion
// zone of at least one inclusion group (Zone.Group, param2) and outside every
// exclusion zone. ArduPilot does not honour groups: it requires the vehicle
// to be inside every inclusion zone. A plan meant for both should put all
// inclusion zones in one group. Polygon rings in this package are open (the
// first vertex is not repeated), as MAVLink sends them.
package mission
