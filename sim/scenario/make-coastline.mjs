// make-coastline.mjs writes algeciras.geojson with the coastline and the land
// around the Bay of Algeciras / Strait of Gibraltar, clipped from
// @geo-maps/countries-coastline-1m (© OpenStreetMap contributors, ODbL). Run
// it once from this directory:
//
//   node make-coastline.mjs
//
// It npm-installs the data package and polygon-clipping (MIT) into a
// temporary directory (the data package is ~100 MB, so it is never a
// dependency of the project). Each country's land polygons give two kinds of
// feature:
//   - "coastline": the parts of its rings inside BBOX as LineStrings, one
//     MultiLineString per country;
//   - "land": the polygons intersected with the BBOX rectangle (a real
//     polygon intersection, so a concave coast cut by the rectangle gives
//     separate valid polygons, not rings joined by slivers along the edge),
//     one Polygon or MultiPolygon per country, with "clip" = BBOX: inside
//     that rectangle this is all of the country's land.
// It then writes algeciras.geojson = the hand-made port.geojson (port areas,
// bases, wind) followed by the coastline and land features.
import { execSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BBOX = { minLon: -5.6, maxLon: -5.2, minLat: 35.95, maxLat: 36.25 };
const PKG = "@geo-maps/countries-coastline-1m@0.6.0";
const DATA = "@geo-maps/countries-coastline-1m";
const CLIPPER = "polygon-clipping@0.15.7";

const inside = ([lon, lat]) =>
  lon >= BBOX.minLon && lon <= BBOX.maxLon && lat >= BBOX.minLat && lat <= BBOX.maxLat;
const round = (p) => [+p[0].toFixed(6), +p[1].toFixed(6)];

// clipRing splits a ring into the runs of consecutive points inside BBOX.
function clipRing(ring) {
  const runs = [];
  let cur = [];
  for (const p of ring) {
    if (inside(p)) {
      cur.push(round(p));
    } else if (cur.length) {
      runs.push(cur);
      cur = [];
    }
  }
  if (cur.length) runs.push(cur);
  return runs.filter((r) => r.length >= 2);
}

// RECT is BBOX as a polygon ring (counter-clockwise, closed).
const RECT = [[
  [BBOX.minLon, BBOX.minLat], [BBOX.maxLon, BBOX.minLat], [BBOX.maxLon, BBOX.maxLat],
  [BBOX.minLon, BBOX.maxLat], [BBOX.minLon, BBOX.minLat],
]];

// overlaps tells whether a polygon's bounds meet BBOX (cheap prefilter).
function overlaps(poly) {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of poly[0]) {
    x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
  }
  return x1 >= BBOX.minLon && x0 <= BBOX.maxLon && y1 >= BBOX.minLat && y0 <= BBOX.maxLat;
}

// tidyRing rounds a closed ring to 6 decimals (~0.1 m) and drops the repeated
// points that rounding makes; null when fewer than 3 distinct points remain.
function tidyRing(ring) {
  const out = [];
  for (const p of ring.map(round)) {
    const q = out[out.length - 1];
    if (!q || q[0] !== p[0] || q[1] !== p[1]) out.push(p);
  }
  const [a, z] = [out[0], out[out.length - 1]];
  if (a[0] !== z[0] || a[1] !== z[1]) out.push(a);
  return out.length >= 4 ? out : null;
}

// clipLand intersects a country's polygons with BBOX; [] when none is inside.
function clipLand(clipper, polys) {
  const near = polys.filter(overlaps);
  if (!near.length) return [];
  return clipper.intersection(near, RECT)
    .map((poly) => poly.map(tidyRing))
    .filter((poly) => poly[0])
    .map((poly) => poly.filter(Boolean));
}

// check fails loudly on a land polygon that is not closed or leaves BBOX.
function check(country, polys) {
  for (const poly of polys) {
    for (const ring of poly) {
      const [a, z] = [ring[0], ring[ring.length - 1]];
      if (ring.length < 4 || a[0] !== z[0] || a[1] !== z[1]) throw new Error(`${country}: open ring`);
      if (!ring.every(inside)) throw new Error(`${country}: ring outside the bbox`);
    }
  }
}

const dir = mkdtempSync(join(tmpdir(), "coastline-"));
try {
  execSync(`npm install --no-save --prefix ${dir} ${PKG} ${CLIPPER}`, { stdio: "inherit" });
  const clipper = createRequire(join(dir, "package.json"))("polygon-clipping");
  const src = JSON.parse(readFileSync(join(dir, "node_modules", DATA, "map.geo.json"), "utf8"));
  const source = "OpenStreetMap via " + DATA;
  const coast = [];
  const land = [];
  for (const f of src.features) {
    const country = f.properties.A3;
    const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
    const lines = polys.flatMap((poly) => poly.flatMap(clipRing));
    if (lines.length) {
      coast.push({
        type: "Feature",
        properties: { kind: "coastline", country, source },
        geometry: { type: "MultiLineString", coordinates: lines },
      });
    }
    const parts = clipLand(clipper, polys);
    if (!parts.length) continue;
    check(country, parts);
    land.push({
      type: "Feature",
      properties: { kind: "land", country, source, clip: [BBOX.minLon, BBOX.minLat, BBOX.maxLon, BBOX.maxLat] },
      geometry: parts.length === 1
        ? { type: "Polygon", coordinates: parts[0] }
        : { type: "MultiPolygon", coordinates: parts },
    });
  }
  const port = JSON.parse(readFileSync("port.geojson", "utf8"));
  const out = { type: "FeatureCollection", features: [...port.features, ...coast, ...land] };
  writeFileSync("algeciras.geojson", JSON.stringify(out, null, 1) + "\n");
  console.log(`algeciras.geojson: ${out.features.length} features (${coast.length} coastline, ${land.length} land)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
