// Skerry pilots' console: wires the live feed to the map, the fleet table,
// the selected vehicle's panel, the alerts list, the vessel contacts and the
// detection boxes over the video.
import { connect } from './ws.js';
import { createMap } from './map.js';
import { createFleet } from './fleet.js';
import { createVehiclePanel } from './vehicle.js';
import { createAlerts } from './alerts.js';
import { createFleetToolbar } from './fleet-toolbar.js';
import { createAlarm } from './alarm.js';
import { createSettings, pilotName } from './settings.js';
import { startClock } from './clock.js';
import { createPlanPanel } from './plan.js';
import { createParamsPanel } from './params.js';
import { createVideoPanel } from './videopanel.js';
import { createFootprints } from './footprint.js';
import { createContacts } from './vessels.js';
import { createVesselLayer } from './vessellayer.js';
import { createVesselList } from './vessellist.js';
import { showDetections } from './detboxes.js';
import { createMaritime } from './maritime.js';
import { reports } from './reportstatus.js';

export const LEAFLET_MISSING = 'Map library missing: run `make build` (it installs Leaflet 1.9.4 from npm)';

const $ = (id) => document.getElementById(id);

const vehicles = new Map(); // id -> latest state
let selected = null;

if (!window.L) {
  const banner = $('leaflet-missing');
  banner.textContent = LEAFLET_MISSING;
  banner.hidden = false;
}

const map = createMap($('map'), select, { alertsFor: (id) => alerts.countFor(id) });
const fleetIDs = () => [...vehicles.keys()].sort();
const fleet = createFleet($('fleet'), select, { alertsFor: (id) => alerts.countFor(id) });
const panel = createVehiclePanel($('vehicle'), fleetIDs);
const alerts = createAlerts($('alerts'), $('alert-count'), select,
  { alarm: createAlarm($('alarm')), pilot: pilotName, onChange: () => { redraw(); map.relabel(); } });
createFleetToolbar($('fleet-tools'), fleetIDs);
createSettings($('units'));
const plan = createPlanPanel($('plan'), map);
const params = createParamsPanel($('params'));
const video = createVideoPanel($('video'), { map: map.leaflet, wallRoot: $('videowall'), onSelect: select });
const footprints = createFootprints(map.leaflet);
const contacts = createContacts();
function selectContact(id) {
  contacts.select(id);
  const c = contacts.get(id);
  if (c) map.leaflet?.panTo([c.lat, c.lon]);
}
createVesselLayer(map.leaflet, contacts, (id) => contacts.select(id));
createVesselList($('contacts'), contacts, { vehicle: () => selected, onVehicle: select, onSelect: selectContact });
const maritime = createMaritime({ map: map.leaflet, targetsRoot: $('targets'), incidentsRoot: $('incidents'), pilot: pilotName, contacts, selectContact });

function select(id) {
  selected = vehicles.has(id) ? id : null;
  const v = vehicles.get(selected) || null;
  fleet.select(selected);
  map.select(selected, v);
  map.focus(v);
  panel.show(v);
  plan.select(selected);
  params.select(selected);
  video.show(v);
  footprints.select(selected);
}

// Vehicle states can arrive many times a second: redraw once per frame.
let dirty = false;
function redraw() {
  if (dirty) return;
  dirty = true;
  requestAnimationFrame(() => {
    dirty = false;
    fleet.render([...vehicles.values()]);
    panel.show(vehicles.get(selected) || null);
    plan.fleet([...vehicles.values()]);
    video.show(vehicles.get(selected) || null);
    video.fleet([...vehicles.values()]);
    const lost = [...vehicles.values()].filter((v) => v.link_lost).length;
    $('counts').textContent = `${vehicles.size} vehicle${vehicles.size === 1 ? '' : 's'}${lost ? `, ${lost} link lost` : ''}`;
  });
}

function upsert(v) {
  vehicles.set(v.id, v);
  map.update(v);
  footprints.update(v);
  plan.vehicle(v);
  redraw();
}

const conn = $('conn');
const feed = connect({
  state(s) {
    conn.textContent = s;
    conn.className = `badge conn-${s}`;
    conn.dataset.state = s;
  },
  snapshot(data) {
    const ids = new Set((data.vehicles || []).map((v) => v.id));
    for (const id of vehicles.keys()) {
      if (!ids.has(id)) {
        vehicles.delete(id);
        map.remove(id);
        footprints.remove(id);
      }
    }
    for (const v of data.vehicles || []) upsert(v);
    alerts.reset(data.alerts);
    if (data.plans) plan.plans(data.plans);
    contacts.reset(data.vessels);
    maritime.reset(data);
    reports.reset();
    if (selected && !vehicles.has(selected)) select(null);
    redraw();
  },
  vehicle: upsert,
  removed(id) {
    vehicles.delete(id);
    map.remove(id);
    footprints.remove(id);
    if (id === selected) select(null);
    redraw();
  },
  alert: (a) => alerts.upsert(a),
  result: (r) => panel.result(r),
  operation: () => plan.operation(),
  plans: (list) => plan.plans(list),
  vessel: (c) => contacts.upsert(c),
  detections: showDetections,
  target: (t) => maritime.targets.upsert(t),
  targetRemoved: (id) => maritime.targets.remove(id),
  incident: (i) => maritime.incidents.upsert(i),
  report: (r) => reports.upsert(r),
  inspect: (s) => maritime.inspect.upsert(s),
});
window.skerry = { feed, vehicles, select, map: map.leaflet, plan: plan.state, contacts, selectContact, maritime }; // for the console and browser tests

startClock($('clock'));
redraw();
