// The units' page: what a maritime unit (a patrol boat, a cutter) sees of
// its incidents on a phone or tablet. Read-only but for the
// acknowledgement: the token form, the link state, the map, the list and
// the detail sheet. See README.md here for the routes and the bandwidth.
import { readToken, saveToken, createClient } from './unitclient.js';
import { createUnitMap } from './unitmap.js';
import { renderList, renderDetail, clock } from './unitlist.js';

const $ = (id) => document.getElementById(id);
const form = $('token-form');
const input = $('token-input');
const tokenError = $('token-error');
const conn = $('conn');
const main = $('view');
const list = $('incidents');
const sheet = $('sheet');
const unitName = $('unit-name');

let client = null;
let map = null;
let view = { incidents: [] };
let openId = '';
const notes = new Map(); // incident id -> {text, error}: the last acknowledgement's answer

const STATE_TEXT = { connecting: 'connecting…', live: 'live', offline: 'offline', refused: 'refused' };

function setState({ state, at, error }) {
  conn.dataset.state = state;
  conn.textContent = state === 'live' && at ? `live ${clock(at)}` : STATE_TEXT[state] || state;
  conn.title = error || '';
  if (state === 'refused') askToken(error);
}

function askToken(message = '') {
  client?.stop();
  client = null;
  main.hidden = true;
  form.hidden = false;
  tokenError.textContent = message;
  tokenError.hidden = !message;
  input.focus();
}

function open(id) {
  openId = id;
  const inc = view.incidents.find((i) => i.id === id);
  if (!inc) {
    close();
    return;
  }
  const top = sheet.scrollTop;
  renderDetail(sheet, inc, {
    note: notes.get(id),
    ack: async (reportId) => {
      const r = await client.ack(reportId);
      notes.set(id, { text: r.ok ? 'Acknowledged: the operators see it.' : r.error, error: !r.ok });
      return r;
    },
    snapshot: (url) => client.snapshot(url),
    close,
    show: (i) => {
      close();
      map?.focus(i);
    },
  });
  sheet.hidden = false;
  sheet.scrollTop = top;
  sheet.dataset.incident = id;
  renderList(list, view.incidents, open, openId);
}

function close() {
  openId = '';
  sheet.hidden = true;
  sheet.replaceChildren();
  delete sheet.dataset.incident;
  renderList(list, view.incidents, open, openId);
}

function onView(v) {
  view = v;
  unitName.textContent = v.unit?.name || v.unit?.id || '';
  document.title = `${unitName.textContent} · Skerry`;
  renderList(list, v.incidents, open, openId);
  map?.update(v);
  if (openId) open(openId); // redrawn where the unit had scrolled to; closed when gone
  map?.loadBasemap();
}

function start(token) {
  form.hidden = true;
  tokenError.hidden = true;
  main.hidden = false;
  if (!map) map = createUnitMap($('map'), open);
  map.reset();
  map.invalidate();
  view = { incidents: [] };
  notes.clear();
  unitName.textContent = '';
  list.replaceChildren();
  client = createClient(token, { onView, onState: setState });
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const tok = input.value.trim();
  if (!tok) return;
  saveToken(tok);
  input.value = '';
  start(tok);
});

$('forget').addEventListener('click', () => {
  saveToken('');
  close();
  askToken('');
});

document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !sheet.hidden) close();
});

// The header stays in sight above a tablet's sheet (its link state).
const header = document.querySelector('.uv-top');
const measureTop = () => document.documentElement.style.setProperty('--top', `${header.offsetHeight}px`);
window.addEventListener('resize', measureTop);
measureTop();

// A new link with #token=… opens the page for that token.
window.addEventListener('hashchange', () => {
  if (!/token=/.test(window.location.hash)) return;
  const tok = readToken();
  client?.stop();
  close();
  if (tok) start(tok);
});

const token = readToken();
if (token) start(token);
else askToken('');
