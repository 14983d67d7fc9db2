// The maritime picture's targets on the map, with symbols by status: an
// AIS-only vessel is a small triangle pointed along its course; a dark
// one (cameras, no AIS) a red hull; an inconsistent one (its AIS
// contradicts the cameras) an orange hull with a warning mark; an
// identified one the contacts' usual hull with its AIS name. A camera
// target's symbol lies over its contact's marker (vessellayer.js), its
// name under it. Changes are drawn once per animation frame.
import { courseOf, nameOf, STATUSES } from './targets.js';

const RAISE = 4000; // over the contacts' markers, under the selected contact
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const KNOWN = new Set(Object.keys(STATUSES));

/** statusOf is the target's status the symbols know ("identified" when unknown). */
export const statusOf = (t) => (KNOWN.has(t?.status) ? t.status : 'identified');

function iconHTML(t, isSelected) {
  const status = statusOf(t);
  const course = courseOf(t);
  const rot = course === null ? '' : ` transform="rotate(${course.toFixed(0)})"`;
  let shape;
  if (status === 'ais') {
    shape = course === null
      ? '<circle r="4"/>'
      : `<path${rot} d="M0,-8 L4.5,6 L-4.5,6 Z"/>`;
  } else {
    shape = course === null
      ? '<path d="M0,-7 L7,0 L0,7 L-7,0 Z"/>'
      : `<path${rot} d="M0,-11 L5,-3 L5,9 L-5,9 L-5,-3 Z"/>`;
  }
  const warn = status === 'inconsistent' ? '<span class="target-warn" aria-label="AIS inconsistent" data-testid="target-warn-' + esc(t.id) + '">⚠</span>' : '';
  const label = status === 'identified' || status === 'ais' ? nameOf(t) : (status === 'dark' ? `${t.id} dark` : `${nameOf(t)} ⚠`);
  return `<div class="target ${status}${isSelected ? ' selected' : ''}" data-testid="target-${esc(t.id)}" data-status="${status}"`
    + ` data-course="${course === null ? '' : course.toFixed(0)}" title="${esc(`${nameOf(t)}: ${STATUSES[status]}`)}">`
    + `<svg viewBox="-12 -12 24 24" width="24" height="24" aria-hidden="true">${shape}</svg>${warn}`
    + `<span class="target-label">${esc(label)}</span></div>`;
}

/**
 * createTargetLayer draws targets (targets.js) on the Leaflet map (null:
 * does nothing); a click on one calls onSelect(id).
 */
export function createTargetLayer(map, targets, onSelect) {
  const L = window.L;
  if (!map || !L) return;
  const shown = new Map(); // id -> {marker, key}
  const pending = new Set();
  let all = false;
  let frame = 0;

  function draw(t) {
    const isSel = targets.selected === t.id;
    const course = courseOf(t);
    const key = `${statusOf(t)}|${isSel}|${course === null ? '' : course.toFixed(0)}|${nameOf(t)}`;
    const icon = () => L.divIcon({ className: 'target-icon', iconSize: [24, 24], iconAnchor: [12, 12], html: iconHTML(t, isSel) });
    let s = shown.get(t.id);
    if (!s) {
      const marker = L.marker([t.lat, t.lon], { icon: icon(), title: `Vessel ${nameOf(t)}`, keyboard: true, zIndexOffset: RAISE });
      marker.on('click', () => onSelect(t.id));
      marker.addTo(map);
      s = { marker, key };
      shown.set(t.id, s);
    } else if (s.key !== key) {
      s.key = key;
      s.marker.setIcon(icon());
    }
    s.marker.setLatLng([t.lat, t.lon]);
    s.marker.setZIndexOffset(RAISE + (isSel ? 1000 : 0));
  }

  function flush() {
    frame = 0;
    if (all) {
      for (const [id, s] of shown) {
        if (!targets.get(id)) {
          s.marker.remove();
          shown.delete(id);
        }
      }
    }
    const ids = all ? targets.list().map((t) => t.id) : [...pending];
    all = false;
    pending.clear();
    for (const id of ids) {
      const t = targets.get(id);
      if (!t) continue;
      try {
        draw(t);
      } catch (err) {
        console.error('skerry: target on the map', err);
      }
    }
  }

  targets.subscribe((ids, everything) => {
    if (everything) all = true;
    for (const id of ids) pending.add(id);
    if (!frame) frame = requestAnimationFrame(flush);
  });
}
