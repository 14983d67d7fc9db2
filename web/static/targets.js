// The maritime picture's targets: every vessel the station fused from its
// cameras and AIS (gcs/target.go), each with a status (identified, dark,
// ais, inconsistent) and a risk score with its reasons. The feed's
// snapshot carries them (`targets`), then `target` upserts one and
// `target_removed` drops one. This keeps them, ordered by risk as the
// station orders them (gcs.SortTargets), and tells its views what
// changed; nothing here throws at them.

const finite = (x) => typeof x === 'number' && Number.isFinite(x);

/** STATUSES are the statuses the console knows, with their words. */
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
 * createTargets holds the targets. Returns {list() (by risk), get(id),
 * reset(list), upsert(t), remove(id), select(id), selected,
 * subscribe(fn)}: fn(ids, all) after each change.
 */
export function createTargets() {
  const targets = new Map();
  const listeners = new Set();
  let selected = null;
  const tell = (ids, all = false) => {
    for (const fn of listeners) {
      try {
        fn(ids, all);
      } catch (err) {
        console.error('skerry: targets view', err);
      }
    }
  };
  return {
    list: () => [...targets.values()].sort(byRisk),
    get: (id) => targets.get(id) || null,
    get selected() { return selected; },
    /** reset replaces every target (a snapshot's `targets`; absent: none). */
    reset(list) {
      targets.clear();
      for (const t of Array.isArray(list) ? list : []) if (validTarget(t)) targets.set(t.id, t);
      if (selected && !targets.has(selected)) selected = null;
      tell([], true);
    },
    /** upsert takes one target's new state (a `target` message). */
    upsert(t) {
      if (!validTarget(t)) {
        console.warn('skerry: a target without an id or a position', t);
        return;
      }
      targets.set(t.id, t);
      tell([t.id]);
    },
    /** remove drops a target that left the picture (`target_removed`). */
    remove(id) {
      if (!targets.delete(id)) return;
      if (selected === id) selected = null;
      tell([id], true);
    },
    /** select makes id the selected target (null: none). */
    select(id) {
      selected = id && targets.has(id) ? id : null;
      tell([], true);
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
