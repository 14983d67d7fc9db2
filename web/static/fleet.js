// The fleet table: one row per vehicle (mode, armed, battery, altitude,
// speed, link quality, alerts), sortable by any column (click the heading,
// again to reverse) and filterable (fleet-filter.js). Built for a thousand
// vehicles: rows are keyed by id and only a vehicle whose state object,
// alert count or units changed is re-formatted, only cells whose text
// changed are written, live updates are drawn at most LIVE_EVERY ms apart
// (and re-sorted at most RESORT_EVERY ms apart, unless the set changes),
// and the rows are ARIA-table divs with `content-visibility: auto`, so rows
// scrolled out of view cost no layout or paint. Keyboard: Tab reaches the
// rows, the arrow keys, Home/End and Page Up/Down move between them, Enter
// selects.
import { fmtAlt, fmtSpeed, fmtPercent, subscribe } from './units.js';
import { linkQuality, linkDetail } from './linkquality.js';
import { createFleetFilter } from './fleet-filter.js';

export { linkState } from './linkquality.js';

const COLUMNS = [
  { key: 'id', label: 'ID' },
  { key: 'mode', label: 'Mode' },
  { key: 'armed', label: 'Armed' },
  { key: 'battery', label: 'Batt' },
  { key: 'alt', label: 'Alt' },
  { key: 'gs', label: 'Speed' },
  { key: 'link', label: 'Link' },
  { key: 'alerts', label: 'Alerts' },
];
const COL = Object.fromEntries(COLUMNS.map((c, i) => [c.key, i]));
const PAGE = 10; // rows moved by Page Up/Down
const LIVE_EVERY = 250; // ms between redraws for live updates (a pilot reads no faster)
const RESORT_EVERY = 1000; // ms between re-sorts for live updates: rows do not jump under the eye
// natural order key, computed once per row: sim1-2 sorts before sim1-10
const natural = (s) => s.toLowerCase().replace(/\d+/g, (d) => d.padStart(10, '0'));

/**
 * createFleet fills root (a div; it becomes an ARIA table). onSelect(id) is
 * called when a row is chosen. opts.alertsFor(id) gives {count, critical}
 * of a vehicle's active alerts; opts.filterRoot is where the filter bar
 * goes (default: before the table's scroll box).
 */
export function createFleet(root, onSelect, opts = {}) {
  const alertsFor = opts.alertsFor || (() => ({ count: 0, critical: 0 }));
  let sortKey = 'id';
  let sortDir = 1;
  let selected = null;
  let cursor = null; // the row keyboard focus is on (tabindex 0)
  let last = [];
  let unitsVersion = 0;
  let drawnAt = 0;
  let sortedAt = 0;
  let resortTimer = 0;
  let timer = 0;
  const rows = new Map(); // id -> row: {id, key, tr, cells, v, akey, uv, sort, search, armed, alerts, linkLevel}

  const div = (cls, role) => {
    const e = document.createElement('div');
    if (cls) e.className = cls;
    if (role) e.setAttribute('role', role);
    return e;
  };
  root.setAttribute('role', 'table');
  root.setAttribute('aria-label', 'Fleet');
  const headGroup = div('fleet-head-row', 'rowgroup');
  const head = div('fleet-row', 'row');
  headGroup.append(head);
  const tbody = div('fleet-body', 'rowgroup');
  root.replaceChildren(headGroup, tbody);
  const headCells = COLUMNS.map((c) => {
    const th = div(`col-${c.key}`, 'columnheader');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'sort';
    b.textContent = c.label;
    b.dataset.testid = `sort-${c.key}`;
    b.addEventListener('click', () => {
      sortDir = sortKey === c.key ? -sortDir : 1;
      sortKey = c.key;
      draw(true);
    });
    th.append(b);
    head.append(th);
    return th;
  });
  const empty = div('fleet-row empty', 'row');
  const emptyCell = div('', 'cell');
  empty.append(emptyCell);

  let filterRoot = opts.filterRoot;
  if (!filterRoot) {
    filterRoot = document.createElement('div');
    (root.closest('.fleet-scroll') || root).before(filterRoot); // outside the scrolling rows
  }
  const filter = createFleetFilter(filterRoot, () => draw(true), () => moveTo(0));

  tbody.addEventListener('click', (ev) => {
    const tr = ev.target.closest('[data-id]');
    if (tr) {
      setCursor(tr.dataset.id);
      onSelect(tr.dataset.id);
    }
  });
  // the link cell's tooltip lists every path; built when pointed at, not per update
  tbody.addEventListener('pointerover', (ev) => {
    const td = ev.target.closest('.col-link');
    const row = td && rows.get(td.parentElement.dataset.id);
    if (row?.v) td.title = linkDetail(row.v);
  });
  tbody.addEventListener('keydown', (ev) => {
    const tr = ev.target.closest('[data-id]');
    if (!tr) return;
    const visible = tbody.children;
    const i = Array.prototype.indexOf.call(visible, tr);
    const to = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: visible.length - 1, PageDown: i + PAGE, PageUp: i - PAGE }[ev.key];
    if (to === undefined) return;
    ev.preventDefault();
    if (ev.key === 'ArrowUp' && i === 0) {
      filter.focus();
      return;
    }
    moveTo(Math.max(0, Math.min(visible.length - 1, to)));
  });

  function moveTo(i) {
    const tr = tbody.children[i];
    if (!tr || !tr.dataset.id) return;
    setCursor(tr.dataset.id);
    const b = rows.get(tr.dataset.id).cells[0].firstChild;
    b.focus({ preventScroll: true });
    tr.scrollIntoView({ block: 'nearest' });
  }

  function setCursor(id) {
    if (id === cursor) return;
    const old = rows.get(cursor);
    if (old) old.cells[0].firstChild.tabIndex = -1;
    cursor = id;
    const row = rows.get(id);
    if (row) row.cells[0].firstChild.tabIndex = 0;
  }

  function newRow(id) {
    const tr = div('fleet-row', 'row');
    tr.dataset.id = id;
    tr.dataset.testid = `vehicle-row-${id}`;
    tr.setAttribute('aria-selected', String(id === selected));
    if (id === selected) tr.classList.add('selected');
    const cells = COLUMNS.map((c) => {
      const td = div(`col-${c.key}`, c.key === 'id' ? 'rowheader' : 'cell');
      tr.append(td);
      return td;
    });
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'row-select';
    b.textContent = id;
    b.tabIndex = -1;
    cells[0].append(b);
    return { id, key: natural(id), tr, cells, v: null, akey: '', uv: -1, sort: {}, search: '', armed: false, alerts: 0, linkLevel: '' };
  }

  function setCell(row, key, text, cls = '') {
    const td = row.cells[COL[key]];
    if (td.textContent !== text) td.textContent = text;
    const want = cls ? `col-${key} ${cls}` : `col-${key}`;
    if (td.className !== want) td.className = want;
  }

  /** fill re-formats a row whose vehicle, alerts or units changed. */
  function fill(row, v, al) {
    const batt = Number.isFinite(v.battery?.remaining) ? v.battery.remaining : -1; // null: unknown
    const lq = linkQuality(v);
    setCell(row, 'mode', v.mode || '—');
    setCell(row, 'armed', v.armed ? 'ARMED' : 'safe', v.armed ? 'is-armed' : '');
    setCell(row, 'battery', fmtPercent(batt), batt >= 0 && batt < 15 ? 'crit' : batt >= 0 && batt < 30 ? 'warn' : '');
    setCell(row, 'alt', v.has_position ? fmtAlt(v.position.alt_rel) : '—');
    setCell(row, 'gs', fmtSpeed(v.ground_speed));
    setCell(row, 'link', lq.text, lq.level);
    setCell(row, 'alerts', al.count ? `${al.count}${al.critical ? ` (${al.critical} crit)` : ''}` : '—',
      al.critical ? 'crit' : al.count ? 'warn' : '');
    row.tr.classList.toggle('lost', !!v.link_lost);
    row.sort = {
      id: row.key,
      mode: v.mode || '',
      armed: v.armed ? 1 : 0,
      battery: batt,
      alt: v.has_position ? v.position.alt_rel : -Infinity,
      gs: v.ground_speed ?? 0,
      link: lq.score,
      alerts: al.critical * 1000 + al.count,
    };
    row.search = `${v.id} ${v.mode || ''} ${lq.text} ${v.link_lost ? 'lost' : ''} ${(v.paths || []).map((p) => p.link).join(' ')}`.toLowerCase();
    row.armed = !!v.armed;
    row.alerts = al.count;
    row.linkLevel = lq.level;
  }

  // render takes the latest vehicles; live updates are drawn at most
  // LIVE_EVERY ms apart, the pilot's own actions at once (draw).
  function render(vehicles) {
    last = vehicles;
    if (timer) return;
    const wait = drawnAt + LIVE_EVERY - performance.now();
    if (wait <= 0) draw();
    else timer = setTimeout(draw, wait);
  }

  // draw updates the rows; force (the pilot sorted, filtered or changed
  // units) re-sorts at once.
  function draw(force = false) {
    clearTimeout(timer);
    timer = 0;
    drawnAt = performance.now();
    const vehicles = last;
    const seen = new Set();
    const shown = [];
    for (const v of vehicles) {
      seen.add(v.id);
      let row = rows.get(v.id);
      if (!row) {
        row = newRow(v.id);
        rows.set(v.id, row);
      }
      const al = alertsFor(v.id);
      const akey = `${al.count}/${al.critical}`;
      if (row.v !== v || row.akey !== akey || row.uv !== unitsVersion) {
        fill(row, v, al);
        row.v = v;
        row.akey = akey;
        row.uv = unitsVersion;
      }
      if (filter.match(row)) shown.push(row);
    }
    for (const [id, row] of rows) {
      if (!seen.has(id)) {
        row.tr.remove();
        rows.delete(id);
      }
    }
    const same = shown.length === tbody.children.length && shown.every((r) => r.tr.parentNode === tbody);
    if (same && !force && drawnAt - sortedAt < RESORT_EVERY) {
      // same rows, values updated in place, order kept for now; re-sorted soon even if nothing else comes
      resortTimer ||= setTimeout(() => { resortTimer = 0; draw(); }, sortedAt + RESORT_EVERY - drawnAt);
      filter.shown(shown.length, vehicles.length);
      return;
    }
    sortedAt = drawnAt;
    clearTimeout(resortTimer);
    resortTimer = 0;
    shown.sort((a, b) => {
      const x = a.sort[sortKey];
      const y = b.sort[sortKey];
      const r = x < y ? -1 : x > y ? 1 : 0;
      return (r || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) * sortDir;
    });
    headCells.forEach((th, i) => {
      const want = i === COL[sortKey] ? (sortDir > 0 ? 'ascending' : 'descending') : null;
      if (th.getAttribute('aria-sort') !== want) {
        if (want) th.setAttribute('aria-sort', want);
        else th.removeAttribute('aria-sort');
      }
    });

    const focused = tbody.contains(document.activeElement) ? document.activeElement : null;
    if (shown.length) {
      empty.remove();
      reorder(tbody, shown.map((r) => r.tr));
    } else {
      emptyCell.textContent = vehicles.length ? 'No vehicle matches the filter.' : 'No vehicles yet.';
      tbody.replaceChildren(empty);
    }
    if (focused && document.activeElement !== focused && focused.isConnected) focused.focus({ preventScroll: true });
    if (!rows.has(cursor) || !rows.get(cursor).tr.isConnected) setCursor(shown[0]?.id ?? null);
    filter.shown(shown.length, vehicles.length);
  }

  subscribe(() => {
    unitsVersion++;
    draw(true);
  });

  return {
    render,
    select(id) {
      if (id === selected) return;
      const old = rows.get(selected);
      if (old) {
        old.tr.classList.remove('selected');
        old.tr.setAttribute('aria-selected', 'false');
      }
      selected = id;
      const row = rows.get(id);
      if (row) {
        row.tr.classList.add('selected');
        row.tr.setAttribute('aria-selected', 'true');
        setCursor(id);
        if (row.tr.isConnected && !tbody.contains(document.activeElement)) row.tr.scrollIntoView({ block: 'nearest' });
      }
    },
  };
}

/**
 * reorder makes parent's children exactly want (in order) with the fewest
 * moves: children not wanted are removed, the elements already in a
 * longest increasing run of their old positions stay, the others are
 * inserted where they belong.
 */
export function reorder(parent, want) {
  const kids = parent.children;
  if (kids.length === want.length && want.every((e, i) => kids[i] === e)) return;
  const wanted = new Set(want);
  for (let i = kids.length - 1; i >= 0; i--) if (!wanted.has(kids[i])) kids[i].remove();
  const pos = new Map();
  for (let i = 0; i < kids.length; i++) pos.set(kids[i], i);
  const keep = stay(want.map((e) => (pos.has(e) ? pos.get(e) : -1)));
  let next = null;
  for (let i = want.length - 1; i >= 0; i--) {
    if (!keep[i]) parent.insertBefore(want[i], next);
    next = want[i];
  }
}

/** stay marks a longest strictly increasing subsequence of xs (ignoring -1). */
function stay(xs) {
  const tails = []; // index into xs of the smallest tail of each length
  const prev = new Array(xs.length).fill(-1);
  for (let i = 0; i < xs.length; i++) {
    if (xs[i] < 0) continue;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[tails[mid]] < xs[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const keep = new Array(xs.length).fill(false);
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) keep[i] = true;
  return keep;
}
