// The offline overview basemap: the world's land from Natural Earth 1:50m
// (public domain), shipped as TopoJSON by the npm package world-atlas and
// installed by .ci/basemap.sh into the ignored folder vendor/basemap/. It is
// decoded here (a minimal TopoJSON decoder: quantized, delta-encoded arcs
// joined into polygons) and drawn on a canvas in its own pane, under any
// tile layer and under the scenario's detailed coastline (map.js), fading
// out towards harbour zooms where that coastline takes over (hidden from
// zoom 12). Without the file the map simply shows no land: one failed
// request, no error.
//
// Where the station's basemap has land of its own ("kind": "land", cut to
// a "clip" rectangle: sim/scenario/README.md), drawLand fills it at every
// zoom, in the same colour, in a pane above the overview's; maskOverview
// blanks the overview inside those rectangles, so each place has one land
// outline: the scenario's inside, the overview (faded as above) outside.

const URL_LAND = '/static/vendor/basemap/land-50m.json';
const PANE = 'overview';
const ATTRIBUTION = 'Land: <a href="https://www.naturalearthdata.com/">Natural Earth</a> (public domain)';
const OSM = 'Coast: &copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';
const LAND_PANE = 'land';
const SEA = '#0b2a40'; // style.css --sea, when the map's own background cannot be read
export const LAND_FILL = '#4f5a44';

/** decodeArcs turns TopoJSON arcs into [lon, lat] points. */
export function decodeArcs(topo) {
  const t = topo.transform;
  return topo.arcs.map((arc) => {
    if (!t) return arc.map((p) => [p[0], p[1]]);
    let x = 0;
    let y = 0;
    return arc.map((p) => {
      x += p[0];
      y += p[1];
      return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]];
    });
  });
}

/** ring joins arcs (negative index: reversed arc ~i) into one ring of [lat, lon]. */
function ring(arcs, indexes) {
  const out = [];
  for (const i of indexes) {
    const a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
    if (out.length) out.pop(); // consecutive arcs share their end point
    for (const [lon, lat] of a) out.push([lat, lon]);
  }
  return out;
}

/** polygons lists every polygon (rings of [lat, lon]) of a TopoJSON object. */
export function polygons(topo, object) {
  const arcs = decodeArcs(topo);
  const out = [];
  const walk = (g) => {
    if (!g) return;
    if (g.type === 'GeometryCollection') g.geometries.forEach(walk);
    else if (g.type === 'Polygon') out.push(g.arcs.map((r) => ring(arcs, r)));
    else if (g.type === 'MultiPolygon') for (const p of g.arcs) out.push(p.map((r) => ring(arcs, r)));
  };
  walk(object);
  return out;
}

// Land fades out towards harbour zooms: at 1:50m its coast is hundreds of
// metres off, so from zoom 12 only the scenario's coastline is shown.
export const HIDE_FROM_ZOOM = 12;
function opacityAt(zoom) {
  if (zoom >= HIDE_FROM_ZOOM) return 0;
  if (zoom <= 9) return 1;
  return zoom === 10 ? 0.6 : 0.3;
}

/**
 * drawOverview draws the world's land on map (Leaflet L) and resolves the
 * layer, or null when the land file is not installed or cannot be read.
 */
export async function drawOverview(L, map) {
  if (!L || !map) return null;
  let topo;
  try {
    const res = await fetch(URL_LAND);
    if (!res.ok) return null; // not installed: `make deps` runs .ci/basemap.sh
    topo = await res.json();
  } catch {
    return null;
  }
  const object = topo?.objects?.land || Object.values(topo?.objects || {})[0];
  if (!object || !Array.isArray(topo.arcs)) return null;

  const pane = map.getPane(PANE) || map.createPane(PANE);
  pane.style.zIndex = '150'; // under tiles (200) and overlays (400)
  pane.style.pointerEvents = 'none';
  pane.classList.add('overview-pane');
  const fade = () => {
    const o = opacityAt(map.getZoom());
    pane.style.opacity = String(o);
    pane.style.display = o ? '' : 'none';
  };
  fade();
  map.on('zoomend', fade);

  const layer = L.polygon(polygons(topo, object), {
    pane: PANE,
    renderer: L.canvas({ pane: PANE, padding: 0.3 }),
    interactive: false,
    smoothFactor: 1.5,
    color: '#9fb3a3',
    weight: 1,
    fillColor: LAND_FILL,
    fillOpacity: 1,
    attribution: ATTRIBUTION,
  });
  layer.addTo(map);
  return layer;
}

/**
 * drawLand fills the "land" features of the station's basemap (GeoJSON)
 * on a canvas in their own pane: over the overview, under any tile layer
 * and everything else, not interactive, no outline (the coastline strokes
 * are drawn above). It returns the rectangles that land covers, as
 * L.LatLngBounds (each feature's "clip", else its bounds): [] without land.
 */
export function drawLand(L, map, data) {
  const land = (data?.features || []).filter((f) => f?.properties?.kind === 'land' && f.geometry);
  if (!L || !map || !land.length) return [];
  const pane = map.getPane(LAND_PANE) || map.createPane(LAND_PANE);
  pane.style.zIndex = '160'; // over the overview (150), under tiles (200)
  pane.style.pointerEvents = 'none';
  const layer = L.geoJSON({ type: 'FeatureCollection', features: land }, {
    pane: LAND_PANE,
    renderer: L.canvas({ pane: LAND_PANE, padding: 0.3 }),
    interactive: false,
    style: { stroke: false, fillColor: LAND_FILL, fillOpacity: 1 },
    attribution: osmCredit(land),
  }).addTo(map);
  return land.map((f, i) => clipOf(L, f) || layer.getLayers()[i].getBounds());
}

/** osmCredit is the map's credit for features whose source is OpenStreetMap ('' for none). */
export function osmCredit(features) {
  return features.some((f) => /openstreetmap/i.test(f?.properties?.source || '')) ? OSM : '';
}

/** clipOf reads a land feature's "clip" [minLon, minLat, maxLon, maxLat]. */
function clipOf(L, f) {
  const c = f.properties.clip;
  if (!Array.isArray(c) || c.length !== 4 || !c.every(Number.isFinite)) return null;
  return L.latLngBounds([c[1], c[0]], [c[3], c[2]]);
}

/**
 * maskOverview blanks the overview layer inside rects (L.LatLngBounds):
 * sea-coloured rectangles drawn over it on its own canvas, so they fade
 * and hide with it and never cover anything else.
 */
export function maskOverview(L, map, layer, rects) {
  if (!layer || !rects.length) return;
  const bg = getComputedStyle(map.getContainer()).backgroundColor;
  const sea = !bg || bg === 'transparent' || /,\s*0\)$/.test(bg) ? SEA : bg;
  for (const b of rects) {
    L.rectangle(b, {
      pane: PANE, renderer: layer.options.renderer, interactive: false, stroke: false, fillColor: sea, fillOpacity: 1,
    }).addTo(map);
  }
}
