// The maritime picture's targets: every vessel the station fused from its
// cameras and AIS (gcs/target.go), each with a status (identified, dark,
// ais, inconsistent) and a risk score with its reasons. The feed's
// snapshot carries them (`targets`), then `target` upserts one and
// `target_removed` drops one. This keeps them, ordered by risk as the
// station orders them (gcs.SortTargets), and tells its views what
// changed; nothing here throws at them.

const finite = (x) => typeof x === 'number' && Number.isFinite(x);

/** STATUSES are the statuses the console knows, with their words. */
import { createKeyedStore } from './keyedstore.js';

export const STATUSES = {
  dark: 'Dark (no AIS)',
  inconsistent: 'AIS inconsistent',
  identified: 'Identified',
  ais: 'AIS only',
};

/** validTarget says whether a target from the station can be shown. */
export function validTarget(t) {
  return !!t && typeof t.id === 'string' && t.id !== '' && finite(t.lat) && finite(t.lon)
    && Math.abs(t.lat) <= 90 && Math.abs(t.lon) <= 180;
}

/** riskOf is a target's risk score, 0 when unknown. */
export const riskOf = (t) => (finite(t?.risk?.score) ? t.risk.score : 0);

/** byRisk orders targets as gcs.SortTargets: risk, then last seen, then id. */
export function byRisk(a, b) {
  const d = riskOf(b) - riskOf(a);
  if (d) return d;
  const sa = Date.parse(a.last_seen) || 0;
  const sb = Date.parse(b.last_seen) || 0;
  if (sa !== sb) return sb - sa;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** nameOf is what to call a target: its AIS name, else its MMSI, else its id. */
export function nameOf(t) {
  const n = typeof t?.ais?.name === 'string' ? t.ais.name.trim() : '';
  if (n) return n;
  if (t?.mmsi) return `MMSI ${t.mmsi}`;
  return t?.id || '?';
}

/** courseOf is a target's course over ground in degrees, or null. */
export function courseOf(t) {
  if (finite(t?.course)) return t.course;
  if (finite(t?.ais?.cog_deg)) return t.ais.cog_deg;
  return null;
}

/**
 * createTargets holds the targets (keyedstore.js), highest risk first.
 */
export function createTargets() {
  return createKeyedStore({ name: 'targets', valid: validTarget, order: byRisk });
}
