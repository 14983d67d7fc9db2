// The selected vehicle's parameters: read them all (with a progress bar),
// search by name, edit one in place with its type and range from the
// station, confirm when the station asks (HTTP 428), and see the value the
// vehicle keeps, read back. Saving to and loading from files is
// paramsfile.js. Every check is the station's (gcs.Parameters): the panel
// shows the range it is given and what the station answers.
import { el } from './plandom.js';
import { confirmOrder } from './confirm.js';
import * as api from './paramsclient.js';
import { createParamsFile } from './paramsfile.js';

const INT_TYPES = new Set(['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'uint64', 'int64']);

/** fmtParam writes a value as its type keeps it: whole, or float32's 7 digits. */
export function fmtParam(v, type) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return String(v);
  if (INT_TYPES.has(type)) return String(Math.round(v));
  if (type === 'real64') return String(v);
  return String(Number(Math.fround(v).toPrecision(7)));
}

/**
 * createParamsPanel builds the panel into root; select(id) shows a
 * vehicle's parameters (null: none).
 */
export function createParamsPanel(root) {
  let current = null; // the vehicle shown
  let rows = []; // its table: [{name, value, type, index}]
  let editing = null; // {name, tr}

  const refreshBtn = el('button', { type: 'button', className: 'primary', textContent: 'Read all', testid: 'params-refresh', disabled: true });
  const bar = el('progress', { className: 'params-bar', max: 1, value: 0, testid: 'params-progress' });
  const count = el('span', { className: 'params-count', testid: 'params-count' });
  const status = el('p', { className: 'params-status', testid: 'params-status', role: 'status' });
  const search = el('input', { type: 'search', id: 'params-search', testid: 'params-search', placeholder: 'Search names, e.g. FENCE_', autocomplete: 'off', spellcheck: false });
  const shown = el('span', { className: 'params-shown', testid: 'params-shown' });
  const body = el('tbody');
  const tableEl = el('table', { className: 'params-table', testid: 'params-table' },
    el('thead', {}, el('tr', {}, el('th', { textContent: 'Name' }), el('th', { textContent: 'Value' }), el('th', { textContent: 'Type' }))), body);
  const result = el('p', { className: 'params-result', testid: 'params-result', role: 'status' });
  const filesBox = el('section', { className: 'params-files', ariaLabel: 'Parameter files' });
  root.append(el('h2', { id: 'params-h', textContent: 'Parameters' }),
    el('div', { className: 'params-read' }, refreshBtn, bar, count), status,
    el('label', { className: 'params-search' }, el('span', { textContent: 'Search' }), search, shown),
    result, el('div', { className: 'params-scroll' }, tableEl), filesBox);
  const files = createParamsFile(filesBox, { vehicle: () => current, loaded: () => reload(current) });

  refreshBtn.addEventListener('click', () => readAll());
  search.addEventListener('input', () => render());
  body.addEventListener('click', (e) => {
    const b = e.target.closest('button.param-value');
    if (b) edit(b.dataset.name);
  });

  function say(text, cls = '') {
    result.textContent = text;
    result.className = `params-result ${cls}`;
  }

  function showProgress(received, total) {
    bar.max = Math.max(total, 1);
    bar.value = Math.min(received, bar.max);
    bar.dataset.received = String(received);
    bar.dataset.total = String(total);
    count.textContent = total ? `${received} / ${total}` : '';
  }

  /** showState says whether the table is the vehicle's whole list. */
  function showState(t) {
    const read = t.read_at && !t.read_at.startsWith('0001-');
    status.dataset.state = t.reading ? 'reading' : read ? 'read' : t.error ? 'failed' : 'unread';
    if (t.reading) status.textContent = `Reading… ${t.received} of ${t.count || '?'}`;
    else if (read) status.textContent = `${rows.length} parameters, read ${new Date(t.read_at).toISOString().slice(11, 19)} UTC`;
    else if (t.error) status.textContent = `Not all read: ${t.error}`;
    else status.textContent = rows.length ? `${rows.length} parameters heard; not all read yet` : 'Not read yet: Read all';
    if (!t.reading) showProgress(read ? rows.length : t.received || 0, read ? rows.length : t.count || 0);
    files.ready(!!read);
  }

  /** reload fetches the table as the station last read it. */
  async function reload(id) {
    const r = await api.table(id);
    if (id !== current) return;
    if (!r.ok) {
      status.textContent = `Parameters unavailable: ${r.error}`;
      return;
    }
    rows = r.data.params || [];
    showState(r.data);
    render();
  }

  async function readAll() {
    const id = current;
    refreshBtn.disabled = true;
    status.dataset.state = 'reading';
    status.textContent = 'Reading every parameter…';
    showProgress(0, 0);
    const r = await api.refresh(id, (p) => { if (id === current) showProgress(p.received, p.total); });
    if (id !== current) return;
    refreshBtn.disabled = false;
    say(r.ok ? '' : `Read failed: ${r.error}`, r.ok ? '' : 'fail');
    await reload(id);
  }

  function render() {
    const q = search.value.trim().toUpperCase();
    const list = q ? rows.filter((p) => p.name.toUpperCase().includes(q)) : rows;
    shown.textContent = q ? `${list.length} of ${rows.length}` : '';
    shown.dataset.count = String(list.length);
    editing = null;
    body.replaceChildren(...list.map(row));
  }

  function row(p) {
    const value = el('button', { type: 'button', className: 'param-value', textContent: fmtParam(p.value, p.type),
      testid: `param-value-${p.name}`, title: 'Edit', dataset: { name: p.name } });
    return el('tr', { testid: `param-row-${p.name}`, dataset: { name: p.name } },
      el('td', { className: 'param-name', textContent: p.name }), el('td', {}, value), el('td', { className: 'param-type', textContent: p.type }));
  }

  /** edit opens the editor on a row, with the value and range read from the vehicle now. */
  async function edit(name) {
    if (editing?.name === name) return;
    if (editing) render();
    const tr = body.querySelector(`tr[data-name="${CSS.escape(name)}"]`);
    if (!tr) return;
    editing = { name, tr };
    const id = current;
    say(`Reading ${name}…`, 'pending');
    const r = await api.getParam(id, name);
    if (id !== current || editing?.name !== name) return;
    if (!r.ok) {
      say(`${name}: ${r.error}`, 'fail');
      editing = null;
      return;
    }
    say('');
    const p = r.data;
    const lim = p.limits;
    const input = el('input', { type: 'number', value: fmtParam(p.value, p.type), testid: 'param-input', ariaLabel: `New value of ${name}`,
      step: lim.integer ? '1' : 'any', min: String(lim.min), max: String(lim.max) });
    const range = el('small', { className: 'param-range', testid: 'param-range',
      textContent: `${fmtParam(lim.min, p.type)} to ${fmtParam(lim.max, p.type)}${lim.integer ? ', whole' : ''} (${lim.source})` });
    const save = el('button', { type: 'button', className: 'primary small', textContent: 'Set', testid: 'param-save' });
    const cancel = el('button', { type: 'button', className: 'small', textContent: 'Cancel', testid: 'param-cancel' });
    const err = el('small', { className: 'param-error', testid: 'param-error', role: 'alert' });
    const warn = p.confirm_required ? el('small', { className: 'param-warn', textContent: 'Needs confirmation: ' + p.confirm_why }) : null;
    tr.children[1].replaceChildren(el('div', { className: 'param-editor' }, input, save, cancel, range, warn, err));
    const go = () => write(id, p, input.value, err);
    save.addEventListener('click', go);
    cancel.addEventListener('click', () => render());
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') go();
      if (e.key === 'Escape') render();
    });
    input.focus();
    input.select();
  }

  /** write sets a parameter, with the confirmation the station asks for. */
  async function write(id, p, text, errEl) {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) {
      errEl.textContent = `${text} is not a number`;
      return;
    }
    errEl.textContent = '';
    say(`Setting ${p.name}…`, 'pending');
    let r = await api.setParam(id, p.name, value);
    if (r.status === 428) {
      const yes = await confirmOrder({
        title: `Set ${p.name} on ${id}?`,
        text: `The station asks for confirmation: ${r.data?.why || r.error}`,
        subject: `${p.name} on ${id}: ${fmtParam(p.value, p.type)} → ${fmtParam(value, p.type)}`,
        yes: `Yes, set ${p.name}`,
      });
      if (!yes) {
        say(`${p.name}: cancelled, nothing sent`);
        return;
      }
      r = await api.setParam(id, p.name, value, r.data.confirm_required);
    }
    if (id !== current) return;
    if (r.status === 422 || r.status === 400) {
      errEl.textContent = r.error;
      say('');
      return;
    }
    if (!r.ok && !(r.status === 409 && r.data?.name)) {
      say(`${p.name}: ${r.error}`, 'fail');
      return;
    }
    const res = r.data;
    const kept = fmtParam(res.kept, res.type);
    const stored = rows.find((x) => x.name === p.name);
    if (stored) stored.value = res.kept;
    render();
    result.dataset.kept = kept;
    result.dataset.name = p.name;
    say(res.ok ? `${p.name} on ${id}: the vehicle keeps ${kept} (was ${fmtParam(res.previous, res.type)})`
      : `${p.name} on ${id}: the vehicle keeps ${kept}, not ${fmtParam(res.requested, res.type)}`, res.ok ? 'ok' : 'fail');
  }

  return {
    select(id) {
      if (id === current) return;
      current = id;
      rows = [];
      editing = null;
      say('');
      body.replaceChildren();
      refreshBtn.disabled = !id;
      showProgress(0, 0);
      files.reset();
      status.textContent = id ? '' : 'No vehicle selected';
      if (id) reload(id);
    },
  };
}
