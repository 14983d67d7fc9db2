// The vessel list: the maritime picture's targets, highest risk first,
// each with its score, name, status and sources; a row's ▸ expands the
// reasons of its score (every contribution, with its points). A click
// selects the vessel (and its contact); "Raise incident" raises one about
// the selected vessel (incidents.js), "Inspect" sends a drone to look at
// it (inspect.js).
import { el } from './plandom.js';
import { nameOf, riskOf, STATUSES } from './targets.js';
import { statusOf } from './targetlayer.js';
import { fmtSpeed, subscribe as onUnits } from './units.js';

const REDRAW_EVERY = 250; // ms between redraws
const MAX_ROWS = 200; // rows shown; the rest are counted

/** riskLevel names a score's band for its colour. */
export const riskLevel = (score) => (score >= 60 ? 'high' : score >= 30 ? 'medium' : 'low');

/**
 * createTargetList builds the list in root for targets (targets.js).
 * opts.onSelect(id) selects a target; opts.onRaise(id) raises an incident
 * about it; opts.onInspect(id) sends a drone to look at it. Returns {redraw()}.
 */
export function createTargetList(root, targets, opts = {}) {
  const count = el('span', { className: 'count', testid: 'target-count' });
  const raise = el('button', { type: 'button', textContent: 'Raise incident', testid: 'target-raise', disabled: true,
    title: 'Raise an incident about the selected vessel' });
  raise.addEventListener('click', () => { if (targets.selected) opts.onRaise?.(targets.selected); });
  const inspect = el('button', { type: 'button', textContent: 'Inspect', testid: 'target-inspect', disabled: true, hidden: !opts.onInspect,
    title: 'Send the nearest fit drone to circle the selected vessel with its camera on it' });
  inspect.addEventListener('click', () => { if (targets.selected) opts.onInspect?.(targets.selected); });
  const list = el('ol', { className: 'targets', testid: 'targets' });
  const empty = el('p', { className: 'targets-empty', testid: 'targets-empty', textContent: 'No vessels in the maritime picture.' });
  const more = el('p', { className: 'targets-more', testid: 'targets-more', hidden: true });
  root.replaceChildren(
    el('div', { className: 'targets-head' }, el('h2', { id: 'targets-h', textContent: 'Vessels by risk ' }, count), raise, inspect),
    empty, el('div', { className: 'targets-scroll' }, list), more);
  const open = new Set(); // ids whose reasons are shown
  let timer = 0;

  function reasons(t) {
    const ul = el('ul', { className: 'target-reasons', testid: `target-reasons-${t.id}` });
    const rs = Array.isArray(t.risk?.reasons) ? t.risk.reasons : [];
    if (!rs.length) ul.append(el('li', { className: 'none', textContent: 'Nothing adds to its risk.' }));
    for (const r of rs) {
      const pts = Number.isFinite(r?.points) ? r.points : 0;
      ul.append(el('li', { dataset: { factor: String(r?.factor || '') } },
        el('span', { className: 'pts', textContent: `${pts > 0 ? '+' : ''}${pts.toFixed(0)}` }),
        ` ${r?.text || r?.factor || ''}`));
    }
    if (t.inconsistency) ul.append(el('li', { className: 'warn', textContent: `⚠ ${t.inconsistency}` }));
    return ul;
  }

  function row(t) {
    const score = riskOf(t);
    const status = statusOf(t);
    const isOpen = open.has(t.id);
    const toggle = el('button', { type: 'button', className: 'target-toggle', textContent: isOpen ? '▾' : '▸', testid: `target-toggle-${t.id}` });
    toggle.setAttribute('aria-expanded', String(isOpen));
    toggle.setAttribute('aria-label', `Why ${nameOf(t)} scores ${score.toFixed(0)}`);
    toggle.addEventListener('click', (ev) => {
      ev.stopPropagation();
      if (open.has(t.id)) open.delete(t.id); else open.add(t.id);
      redraw();
    });
    const sources = Array.isArray(t.sources) ? t.sources.join(' + ') : '';
    const head = el('div', { className: 'target-line' },
      toggle,
      el('span', { className: `risk ${riskLevel(score)}`, textContent: score.toFixed(0), title: 'Risk score (0–100)' }),
      el('span', { className: 'target-name', textContent: nameOf(t) }),
      el('span', { className: `status ${status}`, textContent: STATUSES[status] }),
      el('span', { className: 'target-src', textContent: sources }),
      el('span', { className: 'target-speed', textContent: Number.isFinite(t.speed) ? fmtSpeed(t.speed) : '' }));
    const li = el('li', { className: `target-row${targets.selected === t.id ? ' selected' : ''}`, testid: `target-row-${t.id}`,
      tabIndex: 0, dataset: { id: t.id, risk: score.toFixed(0), status } }, head);
    if (isOpen) li.append(reasons(t));
    li.addEventListener('click', () => opts.onSelect?.(t.id));
    li.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') opts.onSelect?.(t.id); });
    return li;
  }

  function redraw() {
    timer = 0;
    const all = targets.list();
    count.textContent = all.length ? String(all.length) : '';
    empty.hidden = all.length > 0;
    raise.disabled = !targets.selected;
    inspect.disabled = !targets.selected;
    const focused = document.activeElement?.closest?.('.target-row')?.dataset.id;
    list.replaceChildren(...all.slice(0, MAX_ROWS).map(row));
    more.hidden = all.length <= MAX_ROWS;
    more.textContent = `and ${all.length - MAX_ROWS} more (GET /api/targets)`;
    if (focused) list.querySelector(`[data-id="${CSS.escape(focused)}"]`)?.focus();
  }

  const schedule = () => { if (!timer) timer = setTimeout(redraw, REDRAW_EVERY); };
  targets.subscribe(schedule);
  onUnits(schedule);
  redraw();
  return { redraw };
}
