// Report delivery: the state of each report the station sent (or is
// sending) to the maritime units about an incident — pending, delivered,
// failing with its last error, acknowledged by the unit. The states before
// the console connected come from GET /api/reports?incident=ID; then the
// feed's `report` messages upsert them (web/live/PROTOCOL.md). Never a
// report's body: the feed and the list carry none.
import { el } from './plandom.js';
import { fmtUTC } from './units.js';

const known = (t) => typeof t === 'string' && Date.parse(t) > 0;

/** rank orders a report's states so that an older one never replaces a newer. */
function rank(r) {
  switch (r.status) {
    case 'acknowledged': return 3;
    case 'delivered': return 2;
    default: return 1; // pending, failing: ordered by attempts
  }
}

/** newer says whether b is a state at least as recent as a. */
export function newer(a, b) {
  if (!a) return true;
  const d = rank(b) - rank(a);
  if (d) return d > 0;
  return (b.attempts || 0) >= (a.attempts || 0);
}

/** validReport says whether a report state from the station can be shown. */
export function validReport(r) {
  return !!r && typeof r.id === 'string' && r.id !== '' && typeof r.incident === 'string' && typeof r.unit === 'string';
}

/**
 * createReports keeps report states by id. upsert(r) from the feed,
 * load(incident) from the API, forIncident(id) (by unit, then seq),
 * subscribe(fn(incidentId)) to hear of changes.
 */
export function createReports() {
  const byID = new Map();
  const subs = new Set();
  const loading = new Map(); // incident → its pending fetch
  const notify = (inc) => { for (const fn of subs) fn(inc); };

  function put(r) {
    if (!validReport(r) || !newer(byID.get(r.id), r)) return false;
    byID.set(r.id, r);
    return true;
  }

  return {
    upsert(r) {
      if (put(r)) notify(r.incident);
    },
    /** load fetches an incident's reports; the feed's newer states stay. */
    load(incident) {
      if (!incident || loading.has(incident)) return loading.get(incident);
      const p = (async () => {
        try {
          const res = await fetch(`/api/reports?incident=${encodeURIComponent(incident)}&limit=1000`);
          if (!res.ok) return; // 503: the station keeps no units
          const list = await res.json();
          if (Array.isArray(list)) list.forEach(put);
          notify(incident);
        } catch (err) {
          console.warn(`skerry: reports of ${incident}:`, err);
        } finally {
          loading.delete(incident);
        }
      })();
      loading.set(incident, p);
      return p;
    },
    forIncident(incident) {
      return [...byID.values()].filter((r) => r.incident === incident)
        .sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : (a.seq || 0) - (b.seq || 0)));
    },
    /** reset forgets every state (after a snapshot: reload what is shown). */
    reset() {
      byID.clear();
      notify(null);
    },
    subscribe(fn) {
      subs.add(fn);
      return () => subs.delete(fn);
    },
  };
}

/** reports are the console's report states, fed by app.js. */
export const reports = createReports();

/** describe says in words where a report's delivery is. */
export function describe(r) {
  switch (r.status) {
    case 'acknowledged':
      return `acknowledged by ${r.acked_by || r.unit}${known(r.acked) ? ` ${fmtUTC(r.acked)}` : ''}`;
    case 'delivered':
      return `delivered${known(r.delivered) ? ` ${fmtUTC(r.delivered)}` : ''}`;
    case 'failing':
      return `failing (${r.attempts || 0} ${r.attempts === 1 ? 'try' : 'tries'}): ${r.last_error || 'no answer'}${known(r.next_attempt) ? `; next ${fmtUTC(r.next_attempt)}` : ''}`;
    case 'pending':
      return r.attempts ? `pending (${r.attempts} ${r.attempts === 1 ? 'try' : 'tries'})` : 'pending';
    default:
      return String(r.status || '?');
  }
}

/** drawReports fills list (an <ol>) with an incident's reports. */
export function drawReports(list, reports) {
  list.replaceChildren(...(reports.length ? reports.map((r) => el('li', {
    className: `report-row ${r.status}`, testid: `report-${r.unit}-${r.seq}`,
    dataset: { id: r.id, unit: r.unit, status: r.status, kind: r.kind || '' },
  },
  el('span', { className: 'report-unit', textContent: r.unit }),
  el('span', { className: 'report-kind', textContent: ` ${r.kind || ''}${r.version ? ` v${r.version}` : ''}: ` }),
  el('span', { className: `report-status ${r.status}`, textContent: describe(r), testid: `report-status-${r.unit}-${r.seq}` }),
  )) : [el('li', { className: 'none', textContent: 'No reports to units.' })]));
}
