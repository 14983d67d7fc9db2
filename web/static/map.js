// The map: Leaflet, offline by default (a dark sea, the basemap's land
// filled, no tiles). Vehicles are arrows turned to their heading, labelled
// with their id (labels.js keeps labels from overlapping), with a short
// trail. An online tile layer comes from the station's configuration
// (skerry serve --tiles, GET /api/console), or for this page only from
// ?tiles=https://{s}.example/{z}/{x}/{y}.png, which wins.
// The returned object also gives the Leaflet map (leaflet) and the basemap's
// GeoJSON (basemap, null until loaded) to the planning tools.
import { drawOverview, drawLand, maskOverview, osmCredit } from './basemap.js';
import { createLabeller } from './labels.js';

const CENTRE = [36.13, -5.43]; // Bay of Algeciras
const ZOOM = 12;
const TRAIL = 60; // positions kept per vehicle
const RAISE = 10000; // the selected vehicle's marker over the others

/**
 * createMap draws the map into el. onSelect(id) is called when a vehicle's
 * marker is clicked; opts.alertsFor(id) gives {count, critical} of its
 * active alerts (labels of vehicles with alerts win space). Without Leaflet
 * (window.L) it returns a map that does nothing, so the rest of the console
 * still works.
 */
export function createMap(el, onSelect, opts = {}) {
  const L = window.L;
  if (!L) {
    el.classList.add('map-missing');
    return { update() {}, remove() {}, select() {}, focus() {}, relabel() {}, leaflet: null, basemap: null };
  }
  const map = L.map(el, { center: CENTRE, zoom: ZOOM, zoomControl: true, attributionControl: true });
  map.attributionControl.setPrefix('Leaflet');
  L.control.scale({ imperial: false }).addTo(map);
  el.classList.add('map-offline');
  addTiles(L, map, el);
  let basemap = null;
  const overview = drawOverview(L, map);
  drawBasemap(L, map).then((data) => {
    basemap = data;
    const rects = drawLand(L, map, data);
    if (rects.length) overview.then((layer) => maskOverview(L, map, layer, rects));
  });

  // Vehicle states arrive many times a second each: update() only records
  // the newest, and one animation frame applies them all. A marker's icon
  // is rebuilt only when what it shows changes class (selected, armed, link
  // lost); a new heading just turns the existing arrow. Trails are drawn on
  // one canvas and take a point at most once a second.
  const marks = new Map(); // id -> {marker, trail, points, key, lastPoint, label}
  const pending = new Map(); // id -> newest state not yet drawn
  const trails = L.canvas({ padding: 0.2 });
  let selected = null;
  let frame = 0;
  const alertsFor = opts.alertsFor || (() => ({ count: 0, critical: 0 }));
  const labels = createLabeller(map, marks, {
    selected: () => selected,
    rank: (id) => {
      const a = alertsFor(id);
      return a.critical ? 0 : a.count ? 1 : 2;
    },
  });

  const iconKey = (v) => `${v.id === selected ? 's' : ''}${v.link_lost ? 'l' : ''}${v.armed ? 'a' : ''}`;
  const icon = (v) => L.divIcon({
    className: 'veh-icon',
    iconSize: [28, 28],
    iconAnchor: [14, 14],
    html: arrowHTML(v, v.id === selected),
  });

  function draw(v) {
    const ll = [v.position.lat, v.position.lon];
    let m = marks.get(v.id);
    if (!m) {
      const marker = L.marker(ll, { icon: icon(v), title: v.id, keyboard: true, riseOnHover: true, zIndexOffset: v.id === selected ? RAISE : 0 });
      marker.on('click', () => onSelect(v.id));
      marker.addTo(map);
      const trail = L.polyline([], { renderer: trails, color: '#7fd4ff', weight: 2, opacity: 0.8, interactive: false }).addTo(map);
      m = { marker, trail, points: [], key: iconKey(v), lastPoint: 0 };
      marks.set(v.id, m);
    }
    m.marker.setLatLng(ll);
    const key = iconKey(v);
    if (key !== m.key) {
      m.key = key;
      m.marker.setIcon(icon(v));
    } else {
      m.marker.getElement()?.querySelector('path')?.setAttribute('transform', `rotate(${heading(v)})`);
    }
    const now = performance.now();
    const last = m.points[m.points.length - 1];
    if ((!last || last[0] !== ll[0] || last[1] !== ll[1]) && now - m.lastPoint >= 1000) {
      m.lastPoint = now;
      m.points.push(ll);
      if (m.points.length > TRAIL) m.points.shift();
      m.trail.setLatLngs(m.points);
    }
  }

  function flush() {
    frame = 0;
    for (const v of pending.values()) draw(v);
    pending.clear();
    labels.schedule(false);
  }

  return {
    /** The Leaflet map. */
    get leaflet() { return map; },
    /** The basemap (/api/basemap) as GeoJSON, null until loaded or without one. */
    get basemap() { return basemap; },
    update(v) {
      if (!v.has_position) return;
      pending.set(v.id, v);
      if (!frame) frame = requestAnimationFrame(flush);
    },
    remove(id) {
      pending.delete(id);
      const m = marks.get(id);
      if (!m) return;
      m.marker.remove();
      m.trail.remove();
      marks.delete(id);
      labels.forget(id);
      labels.schedule();
    },
    select(id, v) {
      selected = id;
      for (const [mid, m] of marks) {
        m.marker.getElement()?.classList.toggle('selected', mid === id);
        m.marker.setZIndexOffset(mid === id ? RAISE : 0); // its label always shows: over the others
      }
      if (v) {
        pending.delete(v.id);
        if (v.has_position) draw(v);
      }
      labels.schedule();
    },
    /** relabel re-decides which labels show (call when alerts change). */
    relabel() {
      labels.schedule();
    },
    focus(v) {
      if (v?.has_position) map.panTo([v.position.lat, v.position.lon]);
    },
  };
}

function escapeHTML(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * addTiles adds the online tile layer of ?tiles=URL or else of the
 * station's configuration, if either has one; without one (or offline) the
 * map stays on its embedded basemap.
 */
async function addTiles(L, map, el) {
  let layer = null;
  const param = new URLSearchParams(location.search).get('tiles');
  if (param) {
    let host = '';
    try {
      host = new URL(param, location.href).host;
    } catch {
      console.warn('skerry: ?tiles is not a URL', param);
      return;
    }
    layer = { url: param, attribution: host, max_zoom: 19 };
  } else {
    try {
      const res = await fetch('/api/console');
      if (res.ok) layer = (await res.json()).tiles;
    } catch {
      // the station is unreachable: the map stays offline
    }
  }
  if (!layer || !layer.url) return;
  const tiles = L.tileLayer(layer.url, { maxZoom: layer.max_zoom || 19, attribution: layer.attribution || '' });
  tiles.addTo(map);
  el.classList.remove('map-offline');
  el.dataset.tiles = layer.url;
}

/** heading is the vehicle's heading in whole degrees, 0 when unknown. */
function heading(v) {
  return Number.isFinite(v.heading) ? v.heading.toFixed(0) : '0';
}

function arrowHTML(v, isSelected) {
  const cls = ['veh'];
  if (isSelected) cls.push('selected');
  if (v.link_lost) cls.push('lost');
  if (v.armed) cls.push('armed');
  return `<div class="${cls.join(' ')}" data-testid="marker-${escapeHTML(v.id)}">`
    + `<svg viewBox="-14 -14 28 28" width="28" height="28" aria-hidden="true">`
    + `<path transform="rotate(${heading(v)})" d="M0,-12 L8,10 L0,5 L-8,10 Z"/></svg>`
    + `<span class="veh-label">${escapeHTML(v.id)}</span></div>`;
}

// drawBasemap draws the station's offline basemap (/api/basemap: coastline
// and port areas as GeoJSON; its land is basemap.js's drawLand) under the
// vehicles and resolves to it (null without one: the sea stays plain).
async function drawBasemap(L, map) {
  try {
    const res = await fetch('/api/basemap');
    if (!res.ok) return null;
    const data = await res.json();
    L.geoJSON(data, {
      interactive: false,
      attribution: osmCredit((data.features || []).filter((f) => f?.properties?.kind === 'coastline')),
      filter: (f) => ['coastline', 'port'].includes(f.properties?.kind),
      style: (f) => (f.properties.kind === 'port'
        ? { className: 'base-port', color: '#c9a227', weight: 1, fillColor: '#c9a227', fillOpacity: 0.15 }
        : { className: 'base-coast', color: '#e8e4d8', weight: 2 }),
    }).addTo(map);
    return data;
  } catch (err) {
    console.warn('basemap:', err);
    return null;
  }
}
