// Vessel contacts on the map: a marker per contact pointing along its
// course (a diamond while the course is unknown), its error circle
// (error_m, one sigma), its track, and a label with its id, speed (in the
// pilot's unit) and length. A stale contact (not seen for STALE_AFTER) is
// greyed; the selected one is ringed, its track drawn stronger. Changes
// are drawn once per animation frame; staleness is re-checked every few
// seconds.
import { stale } from './vessels.js';
import { fmtSpeed, fmtMetres, subscribe as onUnits } from './units.js';

const RAISE = 5000; // the selected contact over the other contacts
const RECHECK = 2000; // ms between staleness checks
const COLOURS = { live: '#ff9d00', stale: '#9a9a9a' };

const finite = (x) => typeof x === 'number' && Number.isFinite(x);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** labelOf is what a contact's label says: "v42 · 7.8 kn · 18 m". */
export function labelOf(v) {
  const parts = [v.id];
  if (finite(v.speed)) parts.push(fmtSpeed(v.speed));
  if (finite(v.length)) parts.push(fmtMetres(v.length));
  return parts.join(' · ');
}

function iconHTML(v, isStale, isSelected) {
  const cls = ['contact'];
  if (isStale) cls.push('stale');
  if (isSelected) cls.push('selected');
  const course = finite(v.course) ? v.course : null;
  const shape = course === null
    ? '<path d="M0,-7 L7,0 L0,7 L-7,0 Z"/>'
    : `<path transform="rotate(${course.toFixed(0)})" d="M0,-11 L5,-3 L5,9 L-5,9 L-5,-3 Z"/>`;
  return `<div class="${cls.join(' ')}" data-testid="contact-${esc(v.id)}" data-stale="${isStale}"`
    + ` data-course="${course === null ? '' : course.toFixed(0)}">`
    + `<svg viewBox="-12 -12 24 24" width="24" height="24" aria-hidden="true">${shape}</svg>`
    + `<span class="contact-label">${esc(labelOf(v))}</span></div>`;
}

/**
 * createVesselLayer draws the contacts (vessels.js's createContacts) on
 * the Leaflet map (null: does nothing); a click on a contact calls
 * onSelect(id).
 */
export function createVesselLayer(map, contacts, onSelect) {
  const L = window.L;
  if (!map || !L) return;
  const shown = new Map(); // id -> {marker, circle, track, key}
  const pending = new Set();
  let all = false;
  let frame = 0;

  function draw(v) {
    const ll = [v.lat, v.lon];
    const isStale = stale(v);
    const isSel = contacts.selected === v.id;
    const colour = isStale ? COLOURS.stale : COLOURS.live;
    const key = `${isStale}|${isSel}|${finite(v.course) ? v.course.toFixed(0) : ''}|${labelOf(v)}`;
    let s = shown.get(v.id);
    if (!s) {
      const marker = L.marker(ll, { icon: L.divIcon({ className: 'contact-icon', iconSize: [24, 24], iconAnchor: [12, 12], html: iconHTML(v, isStale, isSel) }), title: `Contact ${v.id}`, keyboard: true });
      marker.on('click', () => onSelect(v.id));
      const circle = L.circle(ll, { radius: 1, color: colour, weight: 1, opacity: 0.8, fillColor: colour, fillOpacity: 0.1, interactive: false, className: 'contact-error' });
      const track = L.polyline([], { color: colour, weight: 2, opacity: 0.7, dashArray: '4 4', interactive: false, className: 'contact-track' });
      circle.addTo(map);
      track.addTo(map);
      marker.addTo(map);
      s = { marker, circle, track, key };
      shown.set(v.id, s);
      const ce = circle.getElement();
      if (ce) ce.dataset.testid = `contact-error-${v.id}`;
      const te = track.getElement();
      if (te) te.dataset.testid = `contact-track-${v.id}`;
    } else if (s.key !== key) {
      s.key = key;
      s.marker.setIcon(L.divIcon({ className: 'contact-icon', iconSize: [24, 24], iconAnchor: [12, 12], html: iconHTML(v, isStale, isSel) }));
    }
    s.marker.setLatLng(ll);
    s.marker.setZIndexOffset(isSel ? RAISE : 0);
    const r = finite(v.error_m) && v.error_m > 0 ? v.error_m : 1;
    s.circle.setLatLng(ll);
    s.circle.setRadius(r);
    s.circle.setStyle({ color: colour, fillColor: colour });
    s.circle.getElement()?.setAttribute('data-radius', r.toFixed(1));
    const pts = contacts.track(v.id).map((p) => [p.lat, p.lon]);
    s.track.setLatLngs(pts);
    s.track.setStyle({ color: colour, weight: isSel ? 3 : 2, opacity: isSel ? 1 : 0.6, dashArray: isSel ? null : '4 4' });
    s.track.getElement()?.setAttribute('data-points', String(pts.length));
  }

  function removeGone() {
    for (const [id, s] of shown) {
      if (contacts.get(id)) continue;
      s.marker.remove();
      s.circle.remove();
      s.track.remove();
      shown.delete(id);
    }
  }

  function flush() {
    frame = 0;
    const ids = all ? contacts.list().map((v) => v.id) : [...pending];
    if (all) removeGone();
    all = false;
    pending.clear();
    for (const id of ids) {
      const v = contacts.get(id);
      if (!v) continue;
      try {
        draw(v);
      } catch (err) {
        console.error('skerry: contact on the map', err);
      }
    }
  }

  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(flush);
  };
  contacts.subscribe((ids, everything) => {
    if (everything) all = true;
    for (const id of ids) pending.add(id);
    schedule();
  });
  onUnits(() => {
    for (const s of shown.values()) s.key = ''; // labels in the new unit
    all = true;
    schedule();
  });
  setInterval(() => {
    for (const [id, s] of shown) {
      const v = contacts.get(id);
      if (v && s.key.startsWith(String(!stale(v)))) pending.add(id); // staleness changed
    }
    if (pending.size) schedule();
  }, RECHECK);
}
