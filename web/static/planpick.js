// Picking a basemap feature (GET /api/basemap: coastline lines, port
// polygons, bases) as a planner's geometry: a click near a coastline takes
// that coastline, trimmed to the part in view and kept in its own
// direction (this basemap draws coastlines with the sea on their left); a
// click in or near a port takes its outline; a point planner takes the
// nearest base or port centre, else the click itself. seaSide tells on
// which side of a drawn coastline the sea is, from the basemap's.
import { inRing, segmentDistance, projection } from './plangeo.js';

const TOLERANCE = 24; // pixels from a line that still pick it

/** The parts of a feature's geometry as arrays of [lat, lon] (rings for polygons). */
function parts(geom, want) {
  const flip = (cs) => cs.map((c) => [c[1], c[0]]);
  switch (geom?.type) {
    case 'LineString': return want === 'line' ? [flip(geom.coordinates)] : [];
    case 'MultiLineString': return want === 'line' ? geom.coordinates.map(flip) : [];
    case 'Polygon': return want === 'polygon' ? [flip(geom.coordinates[0])] : [];
    case 'MultiPolygon': return want === 'polygon' ? geom.coordinates.map((p) => flip(p[0])) : [];
    case 'Point': return want === 'point' ? [[flip([geom.coordinates])[0]]] : [];
  }
  return [];
}

/** Nearest segment of line (pixel space) to px: {d, i} with i the segment's first index. */
function nearest(map, line, px) {
  let best = { d: Infinity, i: -1 };
  const xy = line.map((p) => { const q = map.latLngToContainerPoint(p); return [q.x, q.y]; });
  for (let i = 1; i < xy.length; i++) {
    const d = segmentDistance(px, xy[i - 1], xy[i]);
    if (d < best.d) best = { d, i: i - 1 };
  }
  return best;
}

/**
 * trimToView keeps the stretch of line around segment i that lies in the
 * map's view; a closed line (a ring) may wrap around its start.
 */
export function trimToView(map, line, i) {
  const view = map.getBounds().pad(0.05);
  const inside = (p) => view.contains(p);
  const closed = line.length > 3 && line[0][0] === line[line.length - 1][0] && line[0][1] === line[line.length - 1][1];
  const ring = closed ? line.slice(0, -1) : line;
  const n = ring.length;
  if (ring.every(inside)) return line.slice();
  const at = (k) => ring[((k % n) + n) % n];
  let a = i;
  let b = i + 1;
  const limit = closed ? n - 1 : Infinity;
  while ((closed || a > 0) && inside(at(a - 1)) && b - a < limit) a--;
  while ((closed || b < n - 1) && inside(at(b + 1)) && b - a < limit) b++;
  const out = [];
  for (let k = a; k <= b; k++) out.push(at(k));
  return out;
}

/**
 * pickFeature finds what the click at latlng picks for a planner needing
 * shape ('line', 'polygon' or 'point'): {points: [[lat, lon]...], label}
 * or null.
 */
export function pickFeature(map, basemap, latlng, shape) {
  const feats = basemap?.features || [];
  const click = map.latLngToContainerPoint(latlng);
  const px = [click.x, click.y];
  if (shape === 'line') {
    let best = null;
    for (const f of feats.filter((x) => x.properties?.kind === 'coastline')) {
      for (const line of parts(f.geometry, 'line')) {
        const n = nearest(map, line, px);
        if (n.d <= TOLERANCE && (!best || n.d < best.d)) best = { ...n, line, f };
      }
    }
    if (!best) return null;
    const pts = trimToView(map, best.line, best.i);
    return { points: pts, label: `coastline ${best.f.properties.country || ''}`.trim() };
  }
  if (shape === 'polygon') {
    let best = null;
    for (const f of feats.filter((x) => x.properties?.kind === 'port')) {
      for (const ring of parts(f.geometry, 'polygon')) {
        const xy = ring.map((p) => { const q = map.latLngToContainerPoint(p); return [q.x, q.y]; });
        const d = inRing(px, xy) ? 0 : nearest(map, ring, px).d;
        if (d <= TOLERANCE && (!best || d < best.d)) best = { d, ring, f };
      }
    }
    if (!best) return null;
    const pts = best.ring.slice();
    const [a, z] = [pts[0], pts[pts.length - 1]];
    if (a[0] === z[0] && a[1] === z[1]) pts.pop();
    return { points: pts, label: best.f.properties.name || 'port area' };
  }
  // A point: the nearest base, else a port's centre, else the click.
  let best = null;
  for (const f of feats) {
    let p = null;
    if (f.properties?.kind === 'base') p = parts(f.geometry, 'point')[0]?.[0];
    if (f.properties?.kind === 'port') {
      const ring = parts(f.geometry, 'polygon')[0];
      if (ring) p = [ring.reduce((s, q) => s + q[0], 0) / ring.length, ring.reduce((s, q) => s + q[1], 0) / ring.length];
    }
    if (!p) continue;
    const q = map.latLngToContainerPoint(p);
    const d = Math.hypot(q.x - px[0], q.y - px[1]);
    if (d <= TOLERANCE && (!best || d < best.d)) best = { d, p, f };
  }
  if (best) return { points: [best.p], label: best.f.properties.name || best.f.properties.kind };
  return { points: [[latlng.lat, latlng.lng]], label: 'the clicked point' };
}

const NEAR = 3000; // metres: a basemap coastline farther away says nothing

/**
 * seaSide says whether the sea is 'left' or 'right' of line ([lat, lon]
 * points, in drawing order), or null when no basemap coastline runs
 * within 3 km. The scenario's coastlines run with the sea on their left
 * (sim/scenario: outer coasts westward round the bay, Gibraltar's ring
 * clockwise), so a line drawn the same way as its nearest coastline has
 * the sea on its left, one drawn against it on its right. Each drawn
 * segment votes, weighted by its length and nearness.
 */
export function seaSide(basemap, line) {
  if (!basemap || line.length < 2) return null;
  const pr = projection(line[0]);
  const drawn = line.map(pr.xy);
  const xs = drawn.map((p) => p[0]);
  const ys = drawn.map((p) => p[1]);
  const box = [Math.min(...xs) - NEAR, Math.min(...ys) - NEAR, Math.max(...xs) + NEAR, Math.max(...ys) + NEAR];
  const segs = [];
  for (const f of basemap.features || []) {
    if (f.properties?.kind !== 'coastline') continue;
    for (const part of parts(f.geometry, 'line')) {
      const v = part.map(pr.xy);
      for (let i = 1; i < v.length; i++) {
        const [a, b] = [v[i - 1], v[i]];
        if (Math.max(a[0], b[0]) < box[0] || Math.min(a[0], b[0]) > box[2] || Math.max(a[1], b[1]) < box[1] || Math.min(a[1], b[1]) > box[3]) continue;
        segs.push([a, b]);
      }
    }
  }
  if (!segs.length) return null;
  let vote = 0;
  for (let i = 1; i < drawn.length; i++) {
    const [a, b] = [drawn[i - 1], drawn[i]];
    const m = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    let best = null;
    for (const s of segs) {
      const d = segmentDistance(m, s[0], s[1]);
      if (d <= NEAR && (!best || d < best.d)) best = { d, s };
    }
    if (!best) continue;
    const [c0, c1] = best.s;
    const dot = (b[0] - a[0]) * (c1[0] - c0[0]) + (b[1] - a[1]) * (c1[1] - c0[1]);
    const len = Math.hypot(c1[0] - c0[0], c1[1] - c0[1]) || 1;
    vote += (dot / len) / (1 + best.d / 100);
  }
  if (vote === 0) return null;
  return vote > 0 ? 'left' : 'right';
}
