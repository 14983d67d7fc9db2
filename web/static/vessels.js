// Vessel contacts: the boats the station's cameras see, as its tracker
// fused them (gcs/vessel.go). The live feed's snapshot carries them all
// (`vessels`), then each `vessel` message one contact's new state (upsert
// by id). This keeps them, with each contact's track: the positions its
// updates brought (at most TRACK_MAX), replaced by the station's whole
// track (GET /api/vessels/{id}) when the contact is selected. Views
// subscribe and are told which contacts changed; nothing here throws at
// them, and a station without contacts (no `vessels`) is no contacts.

export const STALE_AFTER = 30_000; // ms since last_seen: the contact is stale (greyed)
const TRACK_MAX = 500; // positions kept per contact

const finite = (x) => typeof x === 'number' && Number.isFinite(x);

/** valid says whether a contact from the station can be shown (an id and a position). */
export function valid(v) {
  return !!v && typeof v.id === 'string' && v.id !== '' && finite(v.lat) && finite(v.lon)
    && Math.abs(v.lat) <= 90 && Math.abs(v.lon) <= 180;
}

/** ageMs is how long ago (ms) the contact was last seen, Infinity when unknown. */
export function ageMs(v, now = Date.now()) {
  const t = Date.parse(v?.last_seen);
  return Number.isFinite(t) ? Math.max(0, now - t) : Infinity;
}

/** stale says whether the contact has not been seen for STALE_AFTER. */
export function stale(v, now = Date.now()) {
  return ageMs(v, now) > STALE_AFTER;
}

/** latestSighting is the newest of the contact's sightings, or null. */
export function latestSighting(v) {
  let best = null;
  for (const s of v?.seen_by || []) {
    if (!s || !s.vehicle) continue;
    if (!best || Date.parse(s.at) > Date.parse(best.at)) best = s;
  }
  return best;
}

/**
 * createContacts holds the contacts. Returns {list(), get(id), track(id),
 * reset(list), upsert(v), select(id), selected, subscribe(fn)}: fn(ids,
 * all) is called after each change with the ids that changed (all true
 * when everything may have: a snapshot, a selection).
 */
export function createContacts() {
  const contacts = new Map(); // id -> the latest state
  const tracks = new Map(); // id -> [{at, lat, lon, error_m}], oldest first
  const listeners = new Set();
  let selected = null;
  let fetchSeq = 0;

  const tell = (ids, all = false) => {
    for (const fn of listeners) {
      try {
        fn(ids, all);
      } catch (err) {
        console.error('skerry: contacts view', err);
      }
    }
  };

  function addPoint(v) {
    let t = tracks.get(v.id);
    if (!t) {
      t = [];
      tracks.set(v.id, t);
    }
    const last = t[t.length - 1];
    if (last && last.lat === v.lat && last.lon === v.lon) return;
    t.push({ at: v.last_seen, lat: v.lat, lon: v.lon, error_m: v.error_m });
    if (t.length > TRACK_MAX) t.splice(0, t.length - TRACK_MAX);
  }

  /** fetchTrack replaces a contact's track by the station's (GET /api/vessels/{id}). */
  async function fetchTrack(id) {
    const mine = ++fetchSeq;
    try {
      const res = await fetch(`/api/vessels/${encodeURIComponent(id)}`);
      if (!res.ok) return;
      const data = await res.json();
      if (mine !== fetchSeq || !contacts.has(id)) return;
      const pts = (Array.isArray(data?.track) ? data.track : [])
        .filter((p) => finite(p?.lat) && finite(p?.lon))
        .slice(-TRACK_MAX);
      if (!pts.length) return;
      // keep the updates that came after the station's answer was made
      const lastAt = Date.parse(pts[pts.length - 1].at) || 0;
      const newer = (tracks.get(id) || []).filter((p) => (Date.parse(p.at) || 0) > lastAt);
      tracks.set(id, [...pts, ...newer].slice(-TRACK_MAX));
      tell([id]);
    } catch (err) {
      console.warn(`skerry: track of contact ${id}:`, err);
    }
  }

  return {
    list: () => [...contacts.values()],
    get: (id) => contacts.get(id) || null,
    track: (id) => tracks.get(id) || [],
    get selected() { return selected; },
    /** reset replaces every contact (a snapshot's `vessels`; absent: none). */
    reset(list) {
      const next = new Map();
      for (const v of Array.isArray(list) ? list : []) if (valid(v)) next.set(v.id, v);
      for (const id of tracks.keys()) if (!next.has(id)) tracks.delete(id);
      contacts.clear();
      for (const [id, v] of next) {
        contacts.set(id, v);
        addPoint(v);
      }
      if (selected && !contacts.has(selected)) selected = null;
      tell([], true);
      if (selected) fetchTrack(selected);
    },
    /** upsert takes one contact's new state (a `vessel` message). */
    upsert(v) {
      if (!valid(v)) {
        console.warn('skerry: a vessel contact without an id or a position', v);
        return;
      }
      contacts.set(v.id, v);
      addPoint(v);
      tell([v.id]);
    },
    /** select makes id the selected contact (null: none) and fetches its track. */
    select(id) {
      selected = id && contacts.has(id) ? id : null;
      tell([], true);
      if (selected) fetchTrack(selected);
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
