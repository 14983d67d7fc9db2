package web

import "net/http"

// index serves GET /api/: the routes, as text for a person.
func (s *Server) index(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte(apiIndex))
}

// apiIndex is the text of GET /api/.
const apiIndex = `Skerry ground station.

GET  /api/vehicles                the fleet
GET  /api/vehicles/{id}           one vehicle
GET  /api/alerts                  active and recent alerts
POST /api/alerts/ack              {"id":"sim1-2/battery_low","by":"pilot name"}: acknowledge an alert
GET  /api/links                   MAVLink links and counters
POST /api/commands                {"targets":[ids] (none = fleet), "command":{"kind":"takeoff","altitude":30}, "confirm":...}
                                  camera: {"kind":"gimbal","pitch":-60,"yaw":10}, {"kind":"look_at","lat":36.13,"lon":-5.42}, {"kind":"look_free"}
GET  /api/vessels                 vessel contacts the cameras saw, most recently seen first, without tracks (?since=RFC3339)
GET  /api/vessels/{id}            one contact with its track [{"at","lat","lon","error_m"}]
GET  /api/vessels/{id}/snapshot.jpg  the contact's best picture (JPEG crop); 404 none yet
GET  /api/ais                     vessels AIS reports (--ais), most recently heard first: mmsi, class, name, call_sign, ship_type,
                                  to_bow/stern/port/starboard, position {lat,lon,time,source}, sog_kn, cog_deg, heading_deg,
                                  nav_status, first_heard, last_heard, reports, source; gone after 10 min unheard
GET  /api/ais/{mmsi}              one of them (404 not heard; 400 not 1-9 digits)
                                  /api/vessels also lists the AIS-only vessels (id "ais-MMSI") and, per contact, its
                                  mmsi, name, call_sign, ship_type, status (dark, identified, inconsistent), sources, risk
GET  /api/targets                 the maritime picture: contacts fused with AIS, highest risk first, with the risk's reasons
GET  /api/targets/{id}            one of them
GET  /api/incidents               incidents, most recently updated first (?state=&type=&since=RFC3339&limit=1..1000)
GET  /api/incidents/{id}          one with its evidence (snapshots, track, AIS data, sensors) and history
GET  /api/incidents/{id}/files/{hash}  an evidence file (JPEG snapshot, video clip)
POST /api/incidents/{id}/state    {"state":"acknowledged|dispatched|closed","note":"...","by":"operator"} (409 not a step forward)
POST /api/incidents               raise one by hand: {"target":"v7"} or {"lat":36.1,"lon":-5.4}, "title", "severity", "note", "by"
GET  /api/rules                   the suspicious-behaviour rules' settings (gcs/maritime/RULES.md)
PUT  /api/rules                   change some of them: {"loitering":{"duration_s":300}} (operator in X-Skerry-Operator)
GET  /api/units                   the maritime units that receive incident reports, by id: name, webhook, area {polygon|lat,lon,radius_m},
                                  types, min_severity, default, format (cap|geojson|json), has_secret, has_token, pending (not yet
                                  delivered); secrets and tokens are never given back
GET  /api/units/{id}              one of them
PUT  /api/units/{id}              add or replace one: {"name","webhook","secret","token","area","types","min_severity","default","format"}
                                  (a secret or token left out keeps the stored one; 400 with why a unit cannot be kept)
DELETE /api/units/{id}            remove one (its reports stay; 404 unknown)
GET  /api/reports                 the reports' delivery, most recent first, without bodies (?unit=&incident=&limit=1..1000):
                                  id, unit, incident, version, kind (Alert|Update|Cancel), seq, status (pending|delivered|failing|
                                  acknowledged), attempts, last_error, next_attempt, delivered, acked, acked_by, content_type
GET  /api/reports/{id}            one of them; ?body=1 the report as sent, with its content type
POST /api/reports/{id}/ack        the unit acknowledges a report: Authorization: Bearer <the unit's token> (200 its state; 401; 404)
GET  /api/units/{id}/reports      a pulling unit's reports not yet delivered, oldest first, with their bodies (?limit=1..200),
                                  with Authorization: Bearer <the unit's token>
                                  (the unit-token routes answer 429 with Retry-After after 10 failed tokens a minute from one address)
GET  /api/unitview                a unit's own view (Authorization: Bearer <its token>): its incidents, vessels, tracks, the drones
                                  watching; gzip, ETag, 304 when unchanged (?since=V); the page is /unit#token=...
GET  /api/unitview/files/{hash}   an evidence file of one of the unit's own incidents (404 for any other)
POST /api/inspect/plan            send a drone to look: {"incident"|"target","vehicle"?,"radius"?,"altitude"?} -> the nearest fit
                                  drone, the orbit inside the operation's rules, estimates, every drone considered with its reasons;
                                  409 no fit drone, 422 no lawful orbit {"error","reasons","candidates"}
POST /api/inspect                 start it: the same body with "vehicle" and "confirm":true, "by" (201 the session; 428 unconfirmed)
GET  /api/inspect                 the inspections, active first: id, vehicle, target, phase (takeoff|transit|orbit|ended), radius,
                                  distance, laps, battery, end_reason, then (resume|return)
GET  /api/inspect/{id}            one of them
DELETE /api/inspect/{id}          end it (also POST /api/inspect/{id}/end): the drone resumes its patrol or returns home
GET  /api/vehicles/{id}/streams/{key}/live          websocket: the stream's frames as the camera encoded them (web/stream/PROTOCOL.md)
GET  /api/vehicles/{id}/streams/{key}/snapshot.jpg  the stream's newest analysed frame as JPEG (X-Captured: when taken); 503 none yet
POST /api/vehicles/{id}/streams/{key}/recording     start recording to fragmented MP4 in the data directory (201 {"file","started","bytes"}; 409 already)
DELETE /api/vehicles/{id}/streams/{key}/recording   stop (200 the finished recording; 409 not recording)
                                  428 {"error","confirm_required"} asks for a confirmation, sent back as "confirm":
                                  "fleet" for an order to the whole fleet; the vehicle ids, comma-separated, for
                                  disarm of vehicles in the air and for terminate (never to the fleet)
PUT  /api/vehicles/{id}/plan      upload a .plan, .waypoints, GeoJSON or KML plan (?format= or sniffed)
POST /api/vehicles/{id}/plan/preview  what that upload would do, writing nothing: check, vehicle_fence (settings it would change, limits the vehicle keeps), or the refusal
GET  /api/vehicles/{id}/plan      download (?format=plan|waypoints|geojson|kml, ?report=1 for the issues)
DELETE /api/vehicles/{id}/plan    clear (?kinds=mission,fence,rally)
GET  /api/vehicles/{id}/params    the parameters as last read: name, value, type, index; the read's state
                                  (count, reading, received, read_at, error); ?q=FENCE_ keeps names containing it
POST /api/vehicles/{id}/params/refresh
                                  read every parameter; the progress streams as NDJSON lines
                                  {"received","total"}, the last with "done":true and "ok" or "error"
GET  /api/vehicles/{id}/params/{name}
                                  read one from the vehicle: value, type, limits {min,max,integer,source},
                                  "confirm_required" when a write needs it
PUT  /api/vehicles/{id}/params/{name}
                                  {"value":v,"confirm":"ID"}: write, read back: {"requested","kept","ok"};
                                  422 out of range (type, documented range), 428 {"confirm_required":"ID"} for
                                  FENCE_ FS_ BATT_FS BATT_LOW_ BATT_CRT_ ARMING_ RTL_ GF_ COM_ NAV_DLL_ NAV_RCL_
                                  SYSID_THISMAV SYSID_MYGCS and any write to an armed vehicle; 409 kept another value
GET  /api/vehicles/{id}/params.file
                                  ?format=mp (Mission Planner .param, default) or qgc (QGroundControl .params)
POST /api/vehicles/{id}/params/compare
                                  a .param or .params file against the table: changed, missing, only_vehicle
POST /api/vehicles/{id}/params/load
                                  a file's differences, each checked: a dry run; ?apply=1&confirm=ID writes them
                                  and reports each (set, kept_other, refused, failed, not_on_vehicle)
GET  /api/plans                   the saved plans, without their bodies
POST /api/plans                   save {"name","kind","plan":{Skerry GeoJSON},"request":{...}}, checked against the operation
POST /api/plans/import            save a plan file (?format= or sniffed, ?name=)
GET  /api/plans/{id}              one saved plan with its plan and request
PUT  /api/plans/{id}              {"version":N, "name"?, "kind"?, "plan"?, "request"?}; 409 if someone saved first
DELETE /api/plans/{id}            delete (?version=N: only that version)
GET  /api/plans/{id}/file         download (?format=geojson|plan|waypoints|kml)
POST /api/plans/{id}/upload       {"targets":[ids]}: put it on each vehicle; per-vehicle results
GET|PUT /api/operation            the operation every upload is checked against (profile, authorisations, pilot)
PUT  /api/operation/zones         replace its zones with an ED-269/ED-318/GeoJSON/KML file
POST /api/check                   check a plan file against it
POST /api/zones                   say what a zone file holds
POST /api/plan/{kind}             plan a patrol (coast, perimeter, survey, orbit, expanding-square, sector, creeping-line) inside the operation
GET  /ws                          live feed (websocket; see web/live/PROTOCOL.md)
GET  /metrics                     counters, Prometheus text format

The browser console is at /
`
