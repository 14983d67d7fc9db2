// Package report turns an incident into the reports the maritime units
// receive: which units an incident goes to (Route), which reports a new
// version of it makes (Build: Alert, Update, Cancel), and their bodies in
// OASIS CAP 1.2 XML (CAP), GeoJSON (GeoJSON) or JSON (JSON).
//
// It is pure: no network, no goroutines, no clock (the time is passed in).
// The outbox stores what Build returns and delivers it.
//
// # CAP choices
//
//   - scope is Restricted, with a <restriction> saying the report is for
//     the station's maritime units only: every report is delivered
//     point-to-point to one unit already, and a unit's address has no CAP
//     form (it is a webhook or a token), so Private with <addresses> would
//     add nothing a receiver could check.
//   - <incidents> carries the incident id, so a receiver groups the alert,
//     its updates and its cancel; <references> names the unit's latest
//     earlier report ("sender,identifier,sent"), which names the one
//     before it: the references form a chain per unit.
//   - urgency is Immediate for fast approach and rendezvous (the vessels
//     act now), Expected for the other types, Past on a Cancel. The
//     category, event words and instruction of each type are in types.go.
//   - certainty is Observed when a camera saw a vessel of the incident
//     (a visual contact, a snapshot, a sighting), Likely when only AIS
//     reported it.
//   - resource: each snapshot and clip, with its URL under BaseURL
//     (api/incidents/{id}/files/{sha256}). CAP's <digest> is the SHA-1 of
//     the file; the station names files by SHA-256 and does not keep a
//     SHA-1, so <digest> is left out: the SHA-256 is the last part of the
//     uri, and a receiver checks the file against it.
//   - web is BaseURL and Config.IncidentPage ("api/incidents/{id}" unless
//     set: the console's page of an incident, once it has one, is the
//     caller's to name); no BaseURL, no links.
//   - status is the Config's; CheckStatus refuses what CAP does not have.
//   - area: areaDesc is the incident's area ("open sea" when none); a
//     circle around the incident's position whose radius covers the
//     vessels' last known positions (at least 0.5 km). The incident names
//     its zone but holds no polygon, so no <polygon> is given.
//   - parameters: incidentId, incidentType, incidentState, then per vessel
//     n (1, 2, ...) vessel{n}.target, .MMSI, .vesselName, .callSign,
//     .aisState (dark, identified, inconsistent, ais), .courseDeg, .speedKn
//     (from the track evidence, else the AIS evidence), each only when
//     known. IMO is not given: the station does not hold it.
//   - Text is escaped by encoding/xml; characters XML 1.0 cannot carry
//     (control characters other than tab, newline and carriage return,
//     invalid UTF-8, U+FFFE, U+FFFF) are removed first. Identifiers and the
//     sender lose spaces, commas, '<' and '&', which CAP forbids in them.
package report
