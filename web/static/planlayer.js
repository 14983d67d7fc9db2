// The plan on the map: the route (magenta, the planned-route colour of
// aviation charts) with numbered, draggable waypoint markers, loiter
// circles, the survey camera's coverage, the plan's fence and rally points,
// every located violation with its leg, the planner's input geometry, and
// the flight's progress (reached items green, the current one ringed).
//
// Waypoints are numbered by their mission index (0-based, the plan's
// GeoJSON "index" and the item numbers of the station's checks; ArduPilot's
// MAVLink seq is index + 1, home being 0). Arrow keys move a focused
// waypoint 10 m (Shift: 100 m), as a drag does. When waypoints crowd (over
// 30% of the legs shorter than 28 px) they shrink to dots without numbers
// (class plan-compact on the map); zoom in to read them.
import { readPlan, route, locate } from './planmodel.js';
import { strip, moved, offsetLine } from './plangeo.js';

const ROUTE = '#ff3df5';
const SEV_GLYPH = { error: '!', warning: '!', info: 'i' };

function escapeHTML(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Legs flown while the camera triggers, as [[lat, lon], [lat, lon]]. */
function cameraLegs(model) {
  const legs = [];
  let on = false;
  let last = null;
  for (const it of model.items) {
    if (it.kind === 'camera') {
      const a = it.props.action;
      on = a === 'start_capture' || (a === 'trigger_distance' && Number(it.props.distance) > 0);
      continue;
    }
    if (!it.flown || !it.runAt) continue;
    if (on && last) legs.push([last, it.runAt]);
    last = it.runAt;
  }
  return legs;
}

/**
 * createPlanLayer draws plans on map. onMove(index, [lat, lon]) is called
 * when a waypoint is dragged or moved with the keyboard; onRelease() when
 * a waypoint pressed and let go without a drag (dragging() was true
 * meanwhile, so a redraw may be due).
 */
export function createPlanLayer(L, map, { onMove, onRelease = () => {} }) {
  const pane = map.createPane('skerry-plan');
  pane.style.zIndex = 420;
  const input = L.layerGroup().addTo(map);
  const layer = L.layerGroup().addTo(map);
  const violations = L.layerGroup().addTo(map);
  let markers = new Map(); // mission index -> marker
  let located = []; // per violation: {at, legEnds, marker}
  let done = null; // the flown part of the route
  let model = null;

  const path = (o) => ({ pane: 'skerry-plan', interactive: false, ...o });
  function compact() {
    const pts = model ? route(model).map((x) => map.latLngToLayerPoint(x.at)) : [];
    const gaps = pts.slice(1).map((p, i) => p.distanceTo(pts[i])).filter((d) => d > 0.5);
    const close = gaps.filter((d) => d < 28).length;
    map.getContainer().classList.toggle('plan-compact', gaps.length > 0 && close > gaps.length * 0.3);
  }
  map.on('zoomend', compact);

  function wpIcon(it) {
    return L.divIcon({
      className: 'plan-wp-icon', iconSize: [24, 24], iconAnchor: [12, 12],
      html: `<div class="plan-wp kind-${it.kind}" data-testid="plan-wp-${it.index}" data-index="${it.index}"><span>${it.index}</span></div>`,
    });
  }

  // A waypoint is pressed (a drag may start on the next mouse move) or
  // dragged: redrawing now replaces its marker, and the new marker never
  // saw the press, so the pilot's drag would silently do nothing.
  let dragging = false;
  let held = false;
  function release() {
    if (!held || dragging) return;
    held = false;
    onRelease();
  }
  for (const type of ['pointerup', 'pointercancel']) window.addEventListener(type, release, true);
  window.addEventListener('blur', release); // the window's own (an element's blur does not bubble)
  window.addEventListener('pointermove', (e) => { if (e.buttons === 0) release(); }, true); // a release outside the page

  function addWaypoint(it) {
    const alt = it.alt == null ? '' : `, ${Math.round(it.alt)} m`;
    const m = L.marker(it.at, {
      icon: wpIcon(it), draggable: true, keyboard: true, autoPan: true, zIndexOffset: 2000, // above violations: waypoints are dragged
      title: `Item ${it.index}: ${it.kind}${alt}. Drag, or arrow keys, to move.`, riseOnHover: true,
    });
    m.on('dragstart', () => { dragging = true; });
    m.on('dragend', () => { dragging = false; held = false; const p = m.getLatLng(); onMove(it.index, [p.lat, p.lng]); });
    m.on('add', () => {
      m.getElement()?.addEventListener('pointerdown', (e) => { if (e.button === 0) held = true; });
      m.getElement()?.addEventListener('keydown', (e) => {
        const step = e.shiftKey ? 100 : 10;
        const d = { ArrowUp: [0, step], ArrowDown: [0, -step], ArrowLeft: [-step, 0], ArrowRight: [step, 0] }[e.key];
        if (!d) return;
        e.preventDefault();
        e.stopPropagation();
        const p = m.getLatLng();
        onMove(it.index, moved([p.lat, p.lng], d[0], d[1]));
      });
    });
    m.addTo(layer);
    markers.set(it.index, m);
  }

  function drawCoverage(coverage) {
    const legs = cameraLegs(model);
    if (!legs.length) return null;
    let width = coverage?.footprint_side_m;
    let estimated = false;
    if (!(width > 0)) {
      // No camera figures (a plan from a file): the shortest camera leg is a
      // step between lines; QGroundControl's default 70% side overlap.
      const lens = legs.map(([a, b]) => map.distance(a, b)).filter((d) => d > 1);
      if (!lens.length) return null;
      width = Math.min(...lens) / 0.3;
      estimated = true;
    }
    const rings = legs.map(([a, b]) => strip(a, b, width)).filter(Boolean);
    L.polygon(rings.map((r) => [r]), path({
      className: 'plan-coverage', color: '#7dffd8', weight: 0, fillColor: '#7dffd8', fillOpacity: 0.22, fillRule: 'nonzero',
    })).addTo(layer);
    return { width, estimated };
  }

  function drawFence() {
    for (const f of model.fence) {
      const p = f.properties || {};
      const inc = Boolean(p.inclusion);
      const style = path({
        className: `plan-fence ${inc ? 'inclusion' : 'exclusion'}`, color: inc ? '#39ff14' : '#ff1744',
        weight: 3, dashArray: '8 5', fillColor: '#ff1744', fillOpacity: inc ? 0 : 0.08,
      });
      if (f.geometry?.type === 'Polygon') {
        L.polygon(f.geometry.coordinates[0].map((c) => [c[1], c[0]]), style).addTo(layer);
      } else if (f.geometry?.type === 'Point') {
        const c = f.geometry.coordinates;
        L.circle([c[1], c[0]], { ...style, radius: Number(p.radius) || 0 }).addTo(layer);
      }
    }
    const pin = (at, text, cls, title) => L.marker(at, {
      keyboard: false, title,
      icon: L.divIcon({ className: 'plan-pin-icon', iconSize: [20, 20], iconAnchor: [10, 10], html: `<div class="plan-pin ${cls}">${text}</div>` }),
    }).addTo(layer);
    model.rally.forEach((r, i) => r.at && pin(r.at, 'R', 'rally', `Rally point ${i + 1}`));
    if (model.fenceReturn) pin(model.fenceReturn, 'F', 'fence-return', 'Fence return point');
    if (model.home) pin(model.home, 'H', 'home', 'Home');
    else if (model.vehicleHome) pin(model.vehicleHome, 'H', 'home', "The vehicle's home");
  }

  function drawViolations(check) {
    violations.clearLayers();
    located = [];
    const seen = new Map(); // "lat,lon" -> markers already there
    (check?.violations || []).forEach((v, i) => {
      const loc = locate(model, v);
      located.push(loc);
      if (!loc.at) return;
      const sev = ['error', 'warning', 'info'].includes(v.severity) ? v.severity : 'error';
      if (loc.legEnds && sev !== 'info') {
        L.polyline(loc.legEnds, path({ className: `violation-leg sev-${sev}`, color: sev === 'error' ? '#ff1744' : '#ffb300', weight: 7, opacity: 0.75, dashArray: '2 8', lineCap: 'round' })).addTo(violations);
      }
      const key = loc.at.map((x) => x.toFixed(5)).join(',');
      const n = seen.get(key) || 0;
      seen.set(key, n + 1);
      const size = sev === 'info' ? 16 : 22;
      const m = L.marker(loc.at, {
        keyboard: true, title: `${v.rule}: ${v.message}`, zIndexOffset: sev === 'info' ? 500 : 1000,
        icon: L.divIcon({
          className: 'violation-icon', iconSize: [size, size], iconAnchor: [size / 2 - 16 * n, size + 8],
          html: `<div class="violation-marker sev-${sev}" data-testid="violation-marker-${i}"><span>${SEV_GLYPH[sev]}</span></div>`,
        }),
      });
      m.bindPopup(`<strong>${escapeHTML(v.rule)}</strong> (${escapeHTML(v.severity)})<br>${escapeHTML(v.message)}${v.source ? `<br><small>${escapeHTML(v.source)}</small>` : ''}`, { maxWidth: 320 });
      m.addTo(violations);
      loc.marker = m;
    });
  }

  return {
    /** Whether the pilot holds or drags a waypoint (show() would end the drag). */
    dragging: () => dragging || held,
    /**
     * Draws plan (a Skerry GeoJSON plan) with its check and coverage;
     * vehicleHome ([lat, lon] or null) is the home of the vehicle it was
     * checked for, the start and end of its transit legs when the plan has
     * no home. Returns what was drawn.
     */
    show(plan, check, coverage, vehicleHome = null) {
      layer.clearLayers();
      markers = new Map();
      done = null;
      model = readPlan(plan);
      const r = route(model);
      const pts = r.map((x) => x.at);
      if (pts.length >= 2) L.polyline(pts, path({ className: 'plan-route', color: ROUTE, weight: 4 })).addTo(layer);
      const home = model.home || vehicleHome;
      const transit = path({ className: 'plan-return', color: ROUTE, weight: 2, dashArray: '6 6' });
      if (home && !model.home && pts.length) L.polyline([home, pts[0]], transit).addTo(layer);
      const last = model.items[model.items.length - 1];
      if (last && (last.kind === 'rtl') && pts.length && (home || model.start)) {
        L.polyline([pts[pts.length - 1], home || model.start], transit).addTo(layer);
      }
      if (!model.home && vehicleHome) model.vehicleHome = vehicleHome;
      for (const it of model.items) {
        if (it.kind === 'loiter' && it.at && Number(it.props.radius) > 0) {
          L.circle(it.at, path({ className: 'plan-loiter', color: ROUTE, weight: 2, dashArray: '3 5', fill: false, radius: Math.abs(Number(it.props.radius)) })).addTo(layer);
        }
      }
      const cov = drawCoverage(coverage);
      drawFence();
      done = L.polyline([], path({ className: 'plan-done', color: '#00e676', weight: 6 })).addTo(layer);
      for (const it of model.items) if (it.at) addWaypoint(it);
      drawViolations(check);
      compact();
      return { model, coverage: cov, waypoints: markers.size };
    },
    /** Redraws only the violations (after a re-check). */
    violations(check) { if (model) drawViolations(check); },
    /** Shows the planner's input: its points, and for a coast the sea-side preview at offset metres. */
    input(points, shape, sea) {
      input.clearLayers();
      if (!points?.length) return;
      const style = path({ className: 'plan-input', color: '#00e5ff', weight: 3, dashArray: '1 6', lineCap: 'round', fillOpacity: 0.08 });
      if (shape === 'point') L.circleMarker(points[0], { ...style, radius: 8, fillOpacity: 0.6 }).addTo(input);
      else if (shape === 'polygon') L.polygon(points, style).addTo(input);
      else {
        L.polyline(points, style).addTo(input);
        if (sea && points.length >= 2) {
          L.polyline(offsetLine(points, sea.offset, sea.side), path({ className: 'plan-sea-preview', color: '#00e5ff', weight: 2, dashArray: '10 8', opacity: 0.9 }))
            .addTo(input);
          L.circleMarker(points[0], path({ className: 'plan-input-start', radius: 6, color: '#000', weight: 2, fillColor: '#00e5ff', fillOpacity: 1 })).addTo(input);
        }
      }
    },
    /** Marks progress: mission indexes of the current and the last reached item (< 0: none). */
    progress(current, reached) {
      for (const [index, m] of markers) {
        const el = m.getElement()?.firstElementChild;
        el?.classList.toggle('reached', reached >= 0 && index <= reached);
        el?.classList.toggle('current', index === current);
      }
      if (done && model) done.setLatLngs(reached >= 0 ? route(model).filter((x) => x.index <= reached).map((x) => x.at) : []);
    },
    /** Pans to violation i and opens its popup; false when it has no place. */
    focusViolation(i) {
      const loc = located[i];
      if (!loc?.at) return false;
      map.panTo(loc.at);
      loc.marker?.openPopup();
      return true;
    },
    /** Where violation i happens ({at, legEnds}), for the panel. */
    located: (i) => located[i] || null,
    /** Fits the map to the plan and its home. */
    fit() {
      const b = L.latLngBounds([]);
      for (const m of markers.values()) b.extend(m.getLatLng());
      const home = model?.home || model?.vehicleHome;
      if (home) b.extend(home);
      // Not animated: a view set while a zoom animation runs is undone when it ends.
      if (b.isValid()) map.fitBounds(b.pad(0.15), { maxZoom: 16, animate: false });
    },
    clear() {
      dragging = false; // its marker is gone: no dragend will come
      held = false;
      layer.clearLayers();
      violations.clearLayers();
      input.clearLayers();
      markers = new Map();
      located = [];
      model = null;
    },
  };
}
