// Small plane geometry for the planning tools, in a local flat projection
// (metres east and north of a reference point). Good to a few metres over
// the tens of kilometres a patrol spans. Points are [lat, lon] as Leaflet
// takes them; GeoJSON's [lon, lat] is converted at the edges.

const R = 6371008.8; // mean Earth radius, metres
const RAD = Math.PI / 180;

/** A projection centred on ref [lat, lon]: xy(p) → [east, north] metres, ll(v) back. */
export function projection(ref) {
  const k = Math.cos(ref[0] * RAD);
  return {
    xy: (p) => [(p[1] - ref[1]) * RAD * R * k, (p[0] - ref[0]) * RAD * R],
    ll: (v) => [ref[0] + v[1] / (R * RAD), ref[1] + v[0] / (R * RAD * k)],
  };
}

/** Great-circle-ish distance in metres between two [lat, lon] (flat, fine under 100 km). */
export function distance(a, b) {
  const [x, y] = projection(a).xy(b);
  return Math.hypot(x, y);
}

/** Length of a [lat, lon] line in metres. */
export function lineLength(pts) {
  let d = 0;
  for (let i = 1; i < pts.length; i++) d += distance(pts[i - 1], pts[i]);
  return d;
}

/** The point east, north metres away from p [lat, lon]. */
export function moved(p, east, north) {
  return projection(p).ll([east, north]);
}

/** Ray casting: is p [x, y] inside ring [[x, y]...] (open or closed)? */
export function inRing(p, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((yi > p[1]) !== (yj > p[1]) && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Distance from p to segment ab, all [x, y]. */
export function segmentDistance(p, a, b) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2)) : 0;
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

/**
 * offsetLine shifts a [lat, lon] line sideways by metres: to the left of
 * its direction when side is 'left', else right. A preview, not the
 * planner's exact offset (vertices are moved along the mean normal).
 */
export function offsetLine(pts, metres, side) {
  if (pts.length < 2) return [];
  const pr = projection(pts[0]);
  const v = pts.map(pr.xy);
  const s = side === 'right' ? -1 : 1;
  const normal = (a, b) => {
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const l = Math.hypot(dx, dy) || 1;
    return [-dy / l, dx / l]; // left of a→b
  };
  return v.map((p, i) => {
    const n0 = i > 0 ? normal(v[i - 1], p) : null;
    const n1 = i < v.length - 1 ? normal(p, v[i + 1]) : null;
    let n = n0 && n1 ? [n0[0] + n1[0], n0[1] + n1[1]] : (n0 || n1);
    const l = Math.hypot(n[0], n[1]) || 1;
    n = [n[0] / l, n[1] / l];
    return pr.ll([p[0] + s * metres * n[0], p[1] + s * metres * n[1]]);
  });
}

/** A rectangle of width metres around segment a→b ([lat, lon]), as a ring. */
export function strip(a, b, width) {
  const pr = projection(a);
  const p = pr.xy(a);
  const q = pr.xy(b);
  const l = Math.hypot(q[0] - p[0], q[1] - p[1]);
  if (l === 0) return null;
  const n = [(-(q[1] - p[1]) / l) * (width / 2), ((q[0] - p[0]) / l) * (width / 2)];
  return [
    pr.ll([p[0] + n[0], p[1] + n[1]]), pr.ll([q[0] + n[0], q[1] + n[1]]),
    pr.ll([q[0] - n[0], q[1] - n[1]]), pr.ll([p[0] - n[0], p[1] - n[1]]),
  ];
}

/** [lon, lat] → [lat, lon], and back. */
export const toLatLon = (c) => [c[1], c[0]];
export const toLonLat = (p) => [Number(p[1].toFixed(7)), Number(p[0].toFixed(7))];
