// make-coastline.mjs writes algeciras.geojson with the coastline around the Bay
// of Algeciras / Strait of Gibraltar, clipped from @geo-maps/countries-coastline-1m
// (© OpenStreetMap contributors, ODbL). Run it once from this directory:
//
//   node make-coastline.mjs
//
// It npm-installs the package into a temporary directory (the package is
// ~100 MB, so it is never a dependency of the project), keeps the parts of
// each country's coastline rings inside BBOX as LineStrings, and writes them
// as one MultiLineString feature per country ("kind": "coastline"). It then
// writes algeciras.geojson = the hand-made port.geojson (port areas, bases,
// wind) followed by the coastline features.
import { execSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BBOX = { minLon: -5.6, maxLon: -5.2, minLat: 35.95, maxLat: 36.25 };
const PKG = "@geo-maps/countries-coastline-1m";

const inside = ([lon, lat]) =>
  lon >= BBOX.minLon && lon <= BBOX.maxLon && lat >= BBOX.minLat && lat <= BBOX.maxLat;

// clipRing splits a ring into the runs of consecutive points inside BBOX.
function clipRing(ring) {
  const runs = [];
  let cur = [];
  for (const p of ring) {
    if (inside(p)) {
      cur.push([+p[0].toFixed(6), +p[1].toFixed(6)]);
    } else if (cur.length) {
      runs.push(cur);
      cur = [];
    }
  }
  if (cur.length) runs.push(cur);
  return runs.filter((r) => r.length >= 2);
}

const dir = mkdtempSync(join(tmpdir(), "coastline-"));
try {
  execSync(`npm install --no-save --prefix ${dir} ${PKG}`, { stdio: "inherit" });
  const src = JSON.parse(readFileSync(join(dir, "node_modules", PKG, "map.geo.json"), "utf8"));
  const features = [];
  for (const f of src.features) {
    const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
    const lines = polys.flatMap((poly) => poly.flatMap(clipRing));
    if (lines.length) {
      features.push({
        type: "Feature",
        properties: { kind: "coastline", country: f.properties.A3, source: "OpenStreetMap via " + PKG },
        geometry: { type: "MultiLineString", coordinates: lines },
      });
    }
  }
  const port = JSON.parse(readFileSync("port.geojson", "utf8"));
  const out = { type: "FeatureCollection", features: [...port.features, ...features] };
  writeFileSync("algeciras.geojson", JSON.stringify(out, null, 1) + "\n");
  console.log(`algeciras.geojson: ${out.features.length} features (${features.length} coastline)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
