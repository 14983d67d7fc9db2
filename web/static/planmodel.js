// A Skerry plan (GeoJSON FeatureCollection, mission/planfile/GEOJSON.md) read for
// the map: mission items in order with where each is run, home, fence and
// rally points; locating a violation the way web/operation.go does when
// the station's report did not; moving an item.

const NOT_ITEMS = new Set(['plan', 'home', 'fence_polygon', 'fence_circle', 'fence_return', 'rally']);

/** Positioned item kinds the vehicle flies to (an ROI is only looked at). */
const FLOWN = new Set(['waypoint', 'loiter', 'takeoff', 'land']);

/**
 * readPlan returns {name, home, items, fence, rally, fenceReturn} with
 * items = [{index, kind, props, feature, at: [lat, lon] | null, alt,
 * flown, runAt}] (runAt: where the vehicle is when it runs the item).
 */
export function readPlan(fc) {
  const out = { name: '', home: null, items: [], fence: [], rally: [], fenceReturn: null };
  for (const f of fc?.features || []) {
    const k = f.properties?.kind;
    const c = f.geometry?.type === 'Point' ? f.geometry.coordinates : null;
    const at = c ? [c[1], c[0]] : null;
    if (k === 'plan') out.name = f.properties.name || '';
    else if (k === 'home') out.home = at;
    else if (k === 'fence_polygon' || k === 'fence_circle') out.fence.push(f);
    else if (k === 'fence_return') out.fenceReturn = at;
    else if (k === 'rally') out.rally.push({ at, alt: c?.[2] ?? 0, props: f.properties });
    else if (!NOT_ITEMS.has(k)) {
      const zero = at && at[0] === 0 && at[1] === 0;
      out.items.push({ index: out.items.length, kind: k, props: f.properties, feature: f, at: zero ? null : at, alt: c?.[2] ?? null, flown: FLOWN.has(k) });
    }
  }
  let home = out.home;
  if (!home) home = out.items.find((it) => it.at)?.at || null;
  let prev = home;
  for (const it of out.items) {
    if (it.at && it.kind !== 'roi') prev = it.at;
    it.runAt = it.kind === 'roi' && it.at ? it.at : prev;
  }
  out.start = home;
  return out;
}

/** The route as flown: [{index, at}] of items with a position, home first when known. */
export function route(model) {
  return model.items.filter((it) => it.flown && it.runAt).map((it) => ({ index: it.index, at: it.runAt }));
}

/**
 * locate returns {at, legEnds} for a violation ({item, leg, at?,
 * leg_ends?}); the station's own location wins.
 */
export function locate(model, v) {
  if (v.at) return { at: v.at, legEnds: v.leg_ends || null };
  const where = (i) => (i === -1 ? model.start : model.items[i]?.runAt || null);
  const leg = v.leg || [-1, -1];
  if (leg[0] !== -1 || leg[1] !== -1) {
    const a = where(leg[0]);
    const b = where(leg[1]);
    if (a && b) return { at: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], legEnds: [a, b] };
  }
  if (v.item >= 0 && where(v.item)) return { at: where(v.item), legEnds: null };
  return { at: null, legEnds: null };
}

/** A copy of the plan with item index moved to [lat, lon] (altitude kept). */
export function moveItem(fc, index, latlng) {
  const copy = structuredClone(fc);
  let n = 0;
  for (const f of copy.features) {
    if (NOT_ITEMS.has(f.properties?.kind)) continue;
    if (n++ !== index) continue;
    if (f.geometry?.type !== 'Point') return copy;
    const c = f.geometry.coordinates;
    f.geometry.coordinates = [Number(latlng[1].toFixed(7)), Number(latlng[0].toFixed(7)), ...c.slice(2)];
  }
  return copy;
}

/**
 * missionOffset is how many MAVLink items come before mission item 0 on
 * vehicle v: ArduPilot keeps home at seq 0.
 */
export function missionOffset(v) {
  return v?.autopilot === 'ardupilot' ? 1 : 0;
}
