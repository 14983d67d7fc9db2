// Incidents: what the station's rules (or an operator) raised about
// vessels, with their evidence and lifecycle (gcs/incident.go). The feed's
// snapshot carries the open ones and the latest closed (`incidents`),
// then `incident` upserts one. This keeps them in the order the panel
// lists them (new first, then by severity, then the latest updated) and
// draws the open ones on the map; the selected incident's track is drawn
// by the panel (incidentpanel.js).

import { createKeyedStore } from './keyedstore.js';

export const STATES = ['new', 'acknowledged', 'dispatched', 'closed'];
export const SEVERITIES = ['high', 'medium', 'low'];
const rank = (list, v) => {
  const i = list.indexOf(v);
  return i < 0 ? list.length : i;
};
const finite = (x) => typeof x === 'number' && Number.isFinite(x);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** validIncident says whether an incident from the station can be shown. */
export function validIncident(i) {
  return !!i && typeof i.id === 'string' && i.id !== '';
}

/** byUrgency orders incidents: new first, then by severity, then the latest updated. */
export function byUrgency(a, b) {
  const s = rank(STATES, a.state) - rank(STATES, b.state);
  if (s) return s;
  const v = rank(SEVERITIES, a.severity) - rank(SEVERITIES, b.severity);
  if (v) return v;
  const ua = Date.parse(a.updated) || 0;
  const ub = Date.parse(b.updated) || 0;
  if (ua !== ub) return ub - ua;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** canStep says whether an incident in state from may go to to (forward only). */
export function canStep(from, to) {
  const f = STATES.indexOf(from);
  const t = STATES.indexOf(to);
  return f >= 0 && t > f;
}

/**
 * createIncidents holds the incidents (keyedstore.js): listed by urgency;
 * an older version of one than held is ignored.
 */
export function createIncidents() {
  return createKeyedStore({
    name: 'incidents',
    valid: validIncident,
    order: byUrgency,
    stale: (old, i) => finite(old.version) && finite(i.version) && i.version < old.version,
  });
}

/**
 * createIncidentLayer marks the open incidents on the Leaflet map (null:
 * nothing); a click selects one (onSelect(id)).
 */
export function createIncidentLayer(map, incidents, onSelect) {
  const L = window.L;
  if (!map || !L) return;
  const shown = new Map(); // id -> {marker, key}
  let frame = 0;
  function flush() {
    frame = 0;
    const open = new Map();
    for (const i of incidents.list()) {
      if (i.state !== 'closed' && finite(i.lat) && finite(i.lon) && Math.abs(i.lat) <= 90 && Math.abs(i.lon) <= 180 && !(i.lat === 0 && i.lon === 0)) open.set(i.id, i);
    }
    for (const [id, s] of shown) {
      if (!open.has(id)) {
        s.marker.remove();
        shown.delete(id);
      }
    }
    for (const [id, i] of open) {
      const sel = incidents.selected === id;
      const key = `${i.state}|${i.severity}|${sel}|${i.title}`;
      // a ring around the place, so that the vessel's symbol shows inside; its badge takes the clicks
      const html = `<div class="incident-mark ${esc(i.severity || '')} ${esc(i.state)}${sel ? ' selected' : ''}" data-testid="incident-marker-${esc(id)}" data-state="${esc(i.state)}" title="${esc(i.title || id)}"><span class="incident-badge">!</span></div>`;
      let s = shown.get(id);
      if (!s) {
        const marker = L.marker([i.lat, i.lon], { icon: L.divIcon({ className: 'incident-icon', iconSize: [34, 34], iconAnchor: [17, 17], html }), zIndexOffset: 6000, title: `Incident: ${i.title || id}` });
        marker.on('click', () => onSelect(id));
        marker.addTo(map);
        shown.set(id, { marker, key });
        continue;
      }
      if (s.key !== key) {
        s.key = key;
        s.marker.setIcon(L.divIcon({ className: 'incident-icon', iconSize: [34, 34], iconAnchor: [17, 17], html }));
      }
      s.marker.setLatLng([i.lat, i.lon]);
    }
  }
  incidents.subscribe(() => { if (!frame) frame = requestAnimationFrame(flush); });
}
