// The units' page's incident list (newest first, coloured by severity,
// big touch targets) and the detail sheet of one incident: its snapshot,
// its vessels' data, the drones watching and the acknowledge button.
// Everything the station relays (vessel names from AIS, titles) is set as
// text, never as HTML.

const NAV = ['under way using engine', 'at anchor', 'not under command', 'restricted manoeuvrability', 'constrained by draught',
  'moored', 'aground', 'engaged in fishing', 'under way sailing'];
const TYPES = {
  dark_vessel: 'Dark vessel', ais_gap: 'AIS gap', zone_entry: 'Zone entry', loitering: 'Loitering', rendezvous: 'Rendezvous',
  fast_approach: 'Fast approach', ais_inconsistency: 'AIS inconsistency', manual: 'Raised by operators',
};

/** el makes an element with a class, text and attributes. */
export function el(tag, cls = '', text = '', attrs = {}) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/** degMin formats a latitude or longitude as degrees and decimal minutes. */
export function degMin(v, pos, neg) {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  let d = Math.floor(a);
  let m = (a - d) * 60;
  if (m >= 59.9995) { d += 1; m = 0; }
  return `${d}°${m.toFixed(3).padStart(6, '0')}′${v < 0 ? neg : pos}`;
}

export const place = (lat, lon) => `${degMin(lat, 'N', 'S')} ${degMin(lon, 'E', 'W')}`;

/** clock is a time as HH:MM:SSZ (UTC). */
export const clock = (t) => (t ? `${new Date(t).toISOString().slice(11, 19)}Z` : '—');

/** ago says how long ago t was, roughly. */
export function ago(t, now = Date.now()) {
  const s = Math.max(0, Math.round((now - new Date(t).getTime()) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

const typeName = (t) => TYPES[t] || t;
const acked = (inc) => inc.report?.status === 'acknowledged';

/** renderList fills list with the incidents, newest first; onOpen(id) opens one. */
export function renderList(list, incidents, onOpen, openId) {
  list.replaceChildren();
  if (!incidents.length) {
    list.append(el('li', 'uv-empty', 'No incidents for this unit.', { 'data-testid': 'uv-empty' }));
    return;
  }
  for (const inc of incidents) {
    const li = el('li');
    const b = el('button', `uv-row sev-${inc.severity} state-${inc.state}${acked(inc) ? ' acked' : ''}`, '', {
      type: 'button', 'data-testid': `uv-incident-${inc.id}`, 'aria-current': String(inc.id === openId),
    });
    b.append(
      el('span', 'uv-sev', inc.severity),
      el('span', 'uv-title', inc.title || typeName(inc.type)),
      el('span', 'uv-meta', `${typeName(inc.type)} · ${inc.state} · ${clock(inc.raised)} (${ago(inc.raised)})`),
      el('span', `uv-ackstate${acked(inc) ? ' done' : ''}`, acked(inc) ? 'acknowledged ✓' : 'to acknowledge'),
    );
    b.addEventListener('click', () => onOpen(inc.id));
    li.append(b);
    list.append(li);
  }
}

function row(dl, k, v) {
  if (v === undefined || v === null || v === '') return;
  dl.append(el('dt', '', k), el('dd', '', String(v)));
}

function vesselCard(v) {
  const card = el('section', 'uv-vessel', '', { 'data-testid': `uv-vessel-${v.target}` });
  card.append(el('h3', '', v.name || (v.mmsi ? `MMSI ${v.mmsi}` : `Unnamed vessel ${v.target}`)));
  const dl = el('dl');
  row(dl, 'MMSI', v.mmsi);
  row(dl, 'Call sign', v.call_sign);
  row(dl, 'Status', v.status === 'dark' ? 'dark (no AIS)' : v.status);
  row(dl, 'AIS', Number.isInteger(v.nav_status) ? (NAV[v.nav_status] || `status ${v.nav_status}`) : '');
  row(dl, 'Course', Number.isFinite(v.cog_deg) ? `${v.cog_deg}°` : 'unknown');
  row(dl, 'Speed', Number.isFinite(v.sog_kn) ? `${v.sog_kn} kn` : 'unknown');
  row(dl, 'Position', Number.isFinite(v.lat) ? place(v.lat, v.lon) : 'unknown');
  row(dl, 'At', v.at ? `${clock(v.at)} (${ago(v.at)})` : '');
  card.append(dl);
  return card;
}

/**
 * renderDetail fills sheet with one incident. actions: {note: the last
 * acknowledgement's answer {text, error} or undefined, ack(reportId) →
 * Promise<{ok, error}>, snapshot(url) → Promise<object URL>, close(),
 * show(inc)}.
 */
export function renderDetail(sheet, inc, actions) {
  sheet.replaceChildren();
  const head = el('header', `uv-sheet-head sev-${inc.severity}`);
  const close = el('button', 'uv-close', 'Close', { type: 'button', 'data-testid': 'uv-close' });
  close.addEventListener('click', actions.close);
  head.append(el('h2', '', inc.title || typeName(inc.type)), close);
  sheet.append(head);

  const dl = el('dl', 'uv-facts');
  row(dl, 'Type', typeName(inc.type));
  row(dl, 'Severity', inc.severity);
  row(dl, 'State', inc.state);
  row(dl, 'Raised', `${clock(inc.raised)} (${ago(inc.raised)})`);
  row(dl, 'Updated', clock(inc.updated));
  row(dl, 'Place', `${place(inc.lat, inc.lon)}${inc.area ? ` · ${inc.area}` : ''}`);
  row(dl, 'Report', `${inc.report.kind} v${inc.report.version} · ${inc.report.status}`);
  sheet.append(dl);
  if (inc.summary) sheet.append(el('p', 'uv-summary', inc.summary));

  const ackBox = el('div', 'uv-ackbox');
  const ack = el('button', 'uv-ack', acked(inc) ? 'Acknowledged ✓' : 'Acknowledge', { type: 'button', 'data-testid': 'uv-ack' });
  ack.disabled = acked(inc);
  const result = el('p', `uv-ack-result${actions.note?.error ? ' error' : ''}`, actions.note?.text || '', { 'data-testid': 'uv-ack-result', role: 'status', 'aria-live': 'polite' });
  ack.addEventListener('click', async () => {
    ack.disabled = true;
    result.textContent = 'Sending…';
    const r = await actions.ack(inc.report.id);
    result.textContent = r.ok ? 'Acknowledged: the operators see it.' : r.error;
    result.classList.toggle('error', !r.ok);
    if (r.ok) ack.textContent = 'Acknowledged ✓';
    else ack.disabled = false;
  });
  const show = el('button', 'uv-show', 'Show on map', { type: 'button' });
  show.addEventListener('click', () => actions.show(inc));
  ackBox.append(ack, show, result);
  sheet.append(ackBox);

  if (inc.snapshot) {
    const fig = el('figure', 'uv-figure');
    const img = el('img', 'uv-snapshot', '', { alt: 'The cameras\' best picture of the vessel', 'data-testid': 'uv-snapshot' });
    fig.append(img, el('figcaption', '', 'Snapshot from the drone\'s camera'));
    sheet.append(fig);
    actions.snapshot(inc.snapshot).then((u) => {
      if (u) img.src = u;
      else fig.replaceChildren(el('p', 'uv-note', 'The snapshot could not be loaded.'));
    });
  }
  for (const v of inc.vessels || []) sheet.append(vesselCard(v));
  const w = el('section', 'uv-watchers', '', { 'data-testid': 'uv-watchers' });
  w.append(el('h3', '', 'Drones watching'));
  if (!inc.watchers?.length) w.append(el('p', 'uv-note', 'No drone sees it now.'));
  for (const d of inc.watchers || []) {
    const at = Number.isFinite(d.lat) ? ` at ${place(d.lat, d.lon)}${Number.isFinite(d.alt_m) ? `, ${d.alt_m} m` : ''}` : '';
    w.append(el('p', '', `${d.id}${at}`));
  }
  sheet.append(w);
}
