// The maritime units panel: the units that receive incident reports
// (GET /api/units: name, area kind, incident types, default, reports not
// yet delivered) and a minimal editor: a unit as JSON, PUT to
// /api/units/{id} (a secret or token left out keeps the stored one; the
// station never shows them), or deleted. Refreshed when opened, on
// Refresh, and shortly after a report changes while it is open.
import { el } from './plandom.js';

const REFRESH_AFTER = 1000; // ms after a report change

async function errorOf(res) {
  try {
    return (await res.json()).error || `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}

/** areaKind names a unit's area: polygon, circle or none. */
export function areaKind(a) {
  if (!a) return 'none';
  if (Array.isArray(a.polygon) && a.polygon.length) return `polygon (${a.polygon.length} points)`;
  if (a.radius_m > 0) return `circle ${(a.radius_m / 1000).toFixed(1)} km`;
  return 'none';
}

/** editable is a unit as the editor shows it: without what the API adds. */
function editable(u) {
  const { has_secret: _s, has_token: _t, pending: _p, ...rest } = u;
  return rest;
}

/**
 * createUnitsPanel appends the panel to root. reports (reportstatus.js):
 * its changes refresh the pending counts. Returns {refresh()}.
 */
export function createUnitsPanel(root, reports) {
  const list = el('ul', { className: 'units-list', testid: 'units' });
  const msg = el('p', { className: 'result', role: 'status', testid: 'units-result' });
  const id = el('input', { type: 'text', placeholder: 'unit id', maxLength: 64, testid: 'unit-id' });
  id.setAttribute('aria-label', 'Unit id');
  const json = el('textarea', { rows: 6, spellcheck: false, testid: 'unit-json',
    placeholder: '{"name":"Cutter","webhook":"https://…","secret":"…","area":{"lat":36.1,"lon":-5.4,"radius_m":20000},"types":["dark_vessel"],"default":false,"format":"cap"}' });
  json.setAttribute('aria-label', 'The unit as JSON');
  const save = el('button', { type: 'button', textContent: 'Save', testid: 'unit-save' });
  const del = el('button', { type: 'button', textContent: 'Delete', testid: 'unit-delete' });
  const refreshBtn = el('button', { type: 'button', textContent: 'Refresh', testid: 'units-refresh' });
  const box = el('details', { className: 'units-panel', testid: 'units-panel' },
    el('summary', { textContent: 'Units' }),
    list, el('div', { className: 'unit-editor' }, id, json, el('div', { className: 'buttons' }, save, del, refreshBtn)), msg);
  root.append(box);

  let units = [];
  let timer = 0;

  function say(text, ok) {
    msg.textContent = text;
    msg.className = `result${ok === undefined ? '' : ok ? ' ok' : ' err'}`;
  }

  function draw() {
    list.replaceChildren(...(units.length ? units.map((u) => {
      const b = el('button', { type: 'button', className: 'link', textContent: u.name || u.id });
      b.addEventListener('click', () => {
        id.value = u.id;
        json.value = JSON.stringify(editable(u), null, 2);
      });
      return el('li', { testid: `unit-${u.id}`, dataset: { id: u.id, pending: String(u.pending ?? '') } }, b,
        el('span', { textContent: ` · ${areaKind(u.area)} · ${Array.isArray(u.types) && u.types.length ? u.types.join(', ') : 'all types'}${u.default ? ' · default' : ''} · ` }),
        el('span', { className: 'unit-pending', testid: `unit-pending-${u.id}`, textContent: `${u.pending ?? '?'} pending` }));
    }) : [el('li', { className: 'none', textContent: 'No units.' })]));
  }

  async function refresh() {
    try {
      const res = await fetch('/api/units');
      if (!res.ok) throw new Error(await errorOf(res));
      const got = await res.json();
      units = Array.isArray(got) ? got.filter((u) => u && typeof u.id === 'string') : [];
      draw();
    } catch (err) {
      say(`Units: ${err.message}`, false);
    }
  }

  save.addEventListener('click', async () => {
    let body;
    try {
      body = JSON.parse(json.value || '{}');
    } catch (err) {
      say(`Not JSON: ${err.message}`, false);
      return;
    }
    const uid = id.value.trim() || body?.id;
    if (!uid) {
      say('Give the unit an id', false);
      return;
    }
    const res = await fetch(`/api/units/${encodeURIComponent(uid)}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) {
      say(`Refused: ${await errorOf(res)}`, false);
      return;
    }
    say(`${uid} saved ✓`, true);
    refresh();
  });
  del.addEventListener('click', async () => {
    const uid = id.value.trim();
    if (!uid || !window.confirm(`Delete unit ${uid}? Its reports stay.`)) return;
    const res = await fetch(`/api/units/${encodeURIComponent(uid)}`, { method: 'DELETE' });
    say(res.ok ? `${uid} deleted` : `Refused: ${await errorOf(res)}`, res.ok);
    refresh();
  });
  refreshBtn.addEventListener('click', refresh);
  box.addEventListener('toggle', () => { if (box.open) refresh(); });
  reports?.subscribe(() => {
    if (!box.open || timer) return;
    timer = setTimeout(() => { timer = 0; refresh(); }, REFRESH_AFTER);
  });
  draw();
  return { refresh };
}
