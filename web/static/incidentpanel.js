// The incident panel: the incidents, new first then by severity; a click
// opens one: what happened, the vessels, the evidence (snapshots, a clip,
// the track drawn on the map, the AIS data, the drones and cameras that
// saw it), its history, and the lifecycle actions (Acknowledge, Dispatch,
// Close, with a note; POST /api/incidents/{id}/state). Every console hears
// of the change on the feed. The detail shows the delivery of the reports
// sent to the maritime units about it (reportstatus.js), and the panel
// ends with the units themselves (unitspanel.js).
import { el } from './plandom.js';
import { canStep } from './incidents.js';
import { fmtPos, fmtUTC, fmtSpeed, subscribe as onUnits } from './units.js';
import { reports as feedReports, drawReports } from './reportstatus.js';
import { createUnitsPanel } from './unitspanel.js';

const REDRAW_EVERY = 250; // ms between redraws of the list
const ACTIONS = [['acknowledged', 'Acknowledge', 'incident-ack'], ['dispatched', 'Dispatch', 'incident-dispatch'], ['closed', 'Close', 'incident-close-btn']];
const finite = (x) => typeof x === 'number' && Number.isFinite(x);
const known = (t) => Date.parse(t) > 0; // not absent, not Go's zero time
const fileURL = (inc, e) => e.url || (e.file ? `/api/incidents/${encodeURIComponent(inc.id)}/files/${encodeURIComponent(e.file)}` : '');

async function errorOf(res) {
  try {
    return (await res.json()).error || `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}

/**
 * createIncidentPanel builds the panel in root for incidents
 * (incidents.js). opts: map (Leaflet, for the track), pilot() (who acts),
 * onTarget(id) (select a vessel), onInspect(id) (send a drone to look:
 * an Inspect button among the actions). Returns {redraw(), head} (head: the
 * panel's heading row, for more buttons).
 */
export function createIncidentPanel(root, incidents, opts = {}) {
  const L = window.L;
  const count = el('span', { className: 'count', testid: 'incident-count' });
  const list = el('ol', { className: 'incidents', testid: 'incidents' });
  const empty = el('p', { className: 'incidents-empty', testid: 'incidents-empty', textContent: 'No incidents.' });
  const title = el('h3', { testid: 'incident-title' });
  const close = el('button', { type: 'button', className: 'contact-close', textContent: '×', title: 'Close', testid: 'incident-close' });
  close.setAttribute('aria-label', 'Close the incident');
  close.addEventListener('click', () => incidents.select(null));
  const facts = el('dl', { className: 'facts incident-facts', testid: 'incident-facts' });
  const summary = el('p', { className: 'incident-summary', testid: 'incident-summary' });
  const vessels = el('ul', { className: 'incident-vessels', testid: 'incident-vessels' });
  const evidence = el('div', { className: 'incident-evidence', testid: 'incident-evidence' });
  const history = el('ol', { className: 'incident-history', testid: 'incident-history' });
  const reports = opts.reports || feedReports;
  const reportList = el('ol', { className: 'incident-history incident-reports', testid: 'incident-reports' });
  const note = el('textarea', { rows: 2, maxLength: 2000, placeholder: 'Note (optional)', testid: 'incident-note' });
  note.setAttribute('aria-label', 'Note for the lifecycle step');
  const buttons = ACTIONS.map(([to, text, testid]) => {
    const b = el('button', { type: 'button', textContent: text, testid, dataset: { to } });
    b.addEventListener('click', () => step(to));
    return b;
  });
  if (opts.onInspect) {
    const inspect = el('button', { type: 'button', textContent: 'Inspect', testid: 'incident-inspect', title: 'Send the nearest fit drone to circle the vessel with its camera on it' });
    inspect.addEventListener('click', () => { if (incidents.selected) opts.onInspect(incidents.selected); });
    buttons.push(inspect);
  }
  const result = el('p', { className: 'result', role: 'status', testid: 'incident-result' });
  const detail = el('div', { className: 'incident-detail', testid: 'incident-detail', hidden: true },
    el('div', { className: 'contact-head' }, title, close),
    facts, summary, vessels, evidence,
    el('div', { className: 'incident-actions' }, note, el('div', { className: 'buttons' }, ...buttons)), result,
    el('h4', { textContent: 'Reports to units' }), reportList,
    el('h4', { textContent: 'History' }), history);
  const head = el('div', { className: 'targets-head' }, el('h2', { id: 'incidents-h', textContent: 'Incidents ' }, count));
  root.replaceChildren(head,
    empty, el('div', { className: 'incidents-scroll' }, list), detail);
  createUnitsPanel(root, reports);

  const track = L && opts.map ? L.polyline([], { color: '#d00000', weight: 3, opacity: 0.9, interactive: false, className: 'incident-track' }) : null;
  let full = null; // the selected incident as GET /api/incidents/{id} gave it
  let fetchSeq = 0;
  let shownKey = '';
  let timer = 0;
  let busy = false;

  async function fetchFull(id) {
    const mine = ++fetchSeq;
    try {
      const res = await fetch(`/api/incidents/${encodeURIComponent(id)}`);
      if (!res.ok || mine !== fetchSeq) return;
      full = await res.json();
      shownKey = '';
      drawDetail();
    } catch (err) {
      console.warn(`skerry: incident ${id}:`, err);
    }
  }

  async function step(to) {
    const inc = incidents.get(incidents.selected);
    if (!inc || busy) return;
    busy = true;
    drawActions(inc);
    result.textContent = '…';
    result.className = 'result';
    try {
      const res = await fetch(`/api/incidents/${encodeURIComponent(inc.id)}/state`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ state: to, note: note.value.trim(), by: opts.pilot ? opts.pilot() : 'operator' }),
      });
      if (!res.ok) throw new Error(await errorOf(res));
      const now = await res.json();
      note.value = '';
      result.textContent = `${now.state} ✓`;
      result.className = 'result ok';
      incidents.upsert(now);
    } catch (err) {
      result.textContent = `Refused: ${err.message}`;
      result.className = 'result err';
    } finally {
      busy = false;
      drawActions(incidents.get(inc.id));
    }
  }

  function drawActions(inc) {
    for (const b of buttons) if (b.dataset.to) b.disabled = busy || !inc || !canStep(inc.state, b.dataset.to);
  }

  function fact(dt, dd, testid) {
    facts.append(el('dt', { textContent: dt }), el('dd', { textContent: dd, testid }));
  }

  function drawEvidence(inc) {
    const items = [];
    let pts = [];
    for (const e of Array.isArray(inc.evidence) ? inc.evidence : []) {
      if (!e || typeof e !== 'object') continue;
      const url = fileURL(inc, e);
      if (e.kind === 'snapshot' && url) {
        items.push(el('figure', { className: 'incident-snap' },
          el('img', { src: url, alt: `Snapshot of ${e.vessel || 'the vessel'}`, testid: 'incident-snapshot', loading: 'lazy' }),
          el('figcaption', { textContent: `${e.vessel || ''} ${e.at ? fmtUTC(e.at) : ''}` })));
      } else if (e.kind === 'clip' && url) {
        items.push(el('video', { src: url, controls: true, preload: 'none', className: 'incident-clip', testid: 'incident-clip' }));
      } else if (e.kind === 'track' && Array.isArray(e.track)) {
        pts = pts.concat(e.track.filter((p) => finite(p?.lat) && finite(p?.lon)).map((p) => [p.lat, p.lon]));
        items.push(el('p', { className: 'incident-trackinfo', testid: 'incident-trackinfo', textContent: `Track of ${e.vessel || 'the vessel'}: ${e.track.length} points, drawn on the map` }));
      } else if (e.kind === 'ais' && e.ais) {
        const a = e.ais;
        const dl = el('dl', { className: 'facts incident-ais', testid: 'incident-ais' });
        for (const [k, v] of [['MMSI', a.mmsi], ['Name', a.name], ['Call sign', a.call_sign], ['Type', a.ship_type],
          ['Speed', finite(a.sog_kn) ? `${a.sog_kn.toFixed(1)} kn` : null], ['Course', finite(a.cog_deg) ? `${a.cog_deg.toFixed(0)}°` : null],
          ['Position', a.position && finite(a.position.lat) ? fmtPos(a.position.lat, a.position.lon) : null], ['Last heard', known(a.last_heard) ? fmtUTC(a.last_heard) : null]]) {
          if (v !== undefined && v !== null && v !== '' && v !== 0) dl.append(el('dt', { textContent: k }), el('dd', { textContent: String(v) }));
        }
        items.push(el('h4', { textContent: 'AIS data' }), dl);
      } else if (e.kind === 'sensors' && Array.isArray(e.sensors)) {
        items.push(el('h4', { textContent: 'Seen by' }), el('ul', { className: 'incident-sensors', testid: 'incident-sensors' },
          ...e.sensors.filter(Boolean).map((s) => el('li', { textContent: `${s.vehicle || '?'} · ${s.stream || '?'}${known(s.at) ? ` · ${fmtUTC(s.at)}` : ''}` }))));
      } else if (e.kind === 'note' && e.note) {
        items.push(el('p', { className: 'incident-enote', textContent: `Note: ${e.note}` }));
      }
    }
    evidence.replaceChildren(...(items.length ? [el('h4', { textContent: 'Evidence' }), ...items] : [el('p', { className: 'none', textContent: 'No evidence yet.' })]));
    if (track) {
      track.setLatLngs(pts);
      if (pts.length) track.addTo(opts.map); else track.remove();
      track.getElement()?.setAttribute('data-testid', 'incident-track');
      track.getElement()?.setAttribute('data-points', String(pts.length));
    }
  }

  function drawDetail() {
    const inc = incidents.get(incidents.selected);
    detail.hidden = !inc;
    if (!inc) {
      track?.remove();
      return;
    }
    // the feed's state, the API's evidence (tracks with their points)
    const ev = full && full.id === inc.id ? full : inc;
    const key = `${inc.id}|${inc.version}|${inc.state}|${ev === full}`;
    drawActions(inc);
    drawReports(reportList, reports.forIncident(inc.id));
    if (key === shownKey) return;
    shownKey = key;
    title.textContent = inc.title || inc.id;
    facts.replaceChildren();
    fact('State', inc.state, 'incident-state');
    fact('Severity', inc.severity || '—', 'incident-severity');
    fact('Type', inc.type || '—');
    if (finite(inc.lat) && finite(inc.lon)) fact('Where', `${fmtPos(inc.lat, inc.lon)}${inc.area ? ` (${inc.area})` : ''}`);
    if (inc.raised) fact('Raised', fmtUTC(inc.raised));
    if (inc.updated) fact('Updated', fmtUTC(inc.updated));
    summary.textContent = inc.summary || '';
    vessels.replaceChildren(...(Array.isArray(inc.vessels) ? inc.vessels : []).filter(Boolean).map((v) => {
      const b = el('button', { type: 'button', className: 'link', textContent: [v.name, v.mmsi ? `MMSI ${v.mmsi}` : '', v.target, v.status].filter(Boolean).join(' · ') });
      b.addEventListener('click', () => opts.onTarget?.(v.target));
      return el('li', {}, b);
    }));
    drawEvidence(ev);
    history.replaceChildren(...(Array.isArray(inc.history) ? inc.history : []).filter(Boolean).map((h) => el('li', {
      textContent: `${h.at ? fmtUTC(h.at) : ''} ${h.by || '?'}: ${h.from ? `${h.from} → ` : ''}${h.to}${h.note ? ` — ${h.note}` : ''}`,
    })));
  }

  function row(inc) {
    const li = el('li', { className: `incident-row ${inc.state}${incidents.selected === inc.id ? ' selected' : ''}`, testid: `incident-row-${inc.id}`,
      tabIndex: 0, dataset: { id: inc.id, state: inc.state, severity: inc.severity || '' } },
    el('span', { className: `sev ${inc.severity || ''}`, textContent: inc.severity || '?' }),
    el('span', { className: 'incident-name', textContent: inc.title || inc.id }),
    el('span', { className: `state ${inc.state}`, textContent: inc.state, testid: `incident-state-${inc.id}` }),
    el('span', { className: 'incident-time', textContent: inc.raised ? fmtUTC(inc.raised) : '' }));
    const pick = () => incidents.select(inc.id);
    li.addEventListener('click', pick);
    li.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') pick(); });
    return li;
  }

  function redraw() {
    timer = 0;
    const all = incidents.list();
    const fresh = all.filter((i) => i.state === 'new').length;
    count.textContent = fresh ? `${fresh} new` : '';
    count.classList.toggle('hot', fresh > 0);
    empty.hidden = all.length > 0;
    list.replaceChildren(...all.map(row));
    drawDetail();
  }

  let lastSelected = null;
  incidents.subscribe((ids) => {
    const sel = incidents.selected;
    if (sel !== lastSelected) {
      lastSelected = sel;
      full = null;
      shownKey = '';
      result.textContent = '';
      if (sel) {
        fetchFull(sel);
        reports.load(sel);
      }
    } else if (sel && ids.includes(sel)) {
      const inc = incidents.get(sel);
      if (full && inc && inc.version !== full.version) fetchFull(sel); // new evidence
    }
    if (!timer) timer = setTimeout(redraw, REDRAW_EVERY);
  });
  onUnits(() => { shownKey = ''; redraw(); });
  reports.subscribe((id) => {
    const sel = incidents.selected;
    if (!sel) return;
    if (id === null) reports.load(sel); // after a snapshot: what the feed missed
    else if (id === sel) drawReports(reportList, reports.forIncident(sel));
  });
  redraw();
  return { redraw, head };
}
