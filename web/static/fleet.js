// The fleet table: one row per vehicle, sortable by any column (click the
// heading, again to reverse). Clicking a row, or its id button, selects it.
import { fmtKnots, fmtMetres, fmtPercent } from './units.js';

const COLUMNS = [
  { key: 'id', label: 'ID', value: (v) => v.id, text: (v) => v.id },
  { key: 'mode', label: 'Mode', value: (v) => v.mode || '', text: (v) => v.mode || '—' },
  { key: 'armed', label: 'Armed', value: (v) => (v.armed ? 1 : 0), text: (v) => (v.armed ? 'ARMED' : 'safe') },
  { key: 'battery', label: 'Batt', value: (v) => v.battery?.remaining ?? -1, text: (v) => fmtPercent(v.battery?.remaining) },
  { key: 'alt', label: 'Alt', value: (v) => v.position?.alt_rel ?? 0, text: (v) => (v.has_position ? fmtMetres(v.position.alt_rel) : '—') },
  { key: 'gs', label: 'GS', value: (v) => v.ground_speed ?? 0, text: (v) => fmtKnots(v.ground_speed) },
  { key: 'link', label: 'Link', value: linkState, text: linkState },
];

/** linkState: "LOST", "ok", "backup" (commands go on a secondary path). */
export function linkState(v) {
  if (v.link_lost) return 'LOST';
  const paths = v.paths || [];
  if (paths.length > 1 && !paths[0].active) return 'backup';
  return 'ok';
}

/** createFleet fills table; onSelect(id) is called when a row is chosen. */
export function createFleet(table, onSelect) {
  let sortKey = 'id';
  let sortDir = 1;
  let selected = null;
  let last = [];

  const thead = table.createTHead();
  const tbody = table.createTBody();
  const head = thead.insertRow();
  for (const c of COLUMNS) {
    const th = document.createElement('th');
    th.scope = 'col';
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'sort';
    b.textContent = c.label;
    b.dataset.testid = `sort-${c.key}`;
    b.addEventListener('click', () => {
      sortDir = sortKey === c.key ? -sortDir : 1;
      sortKey = c.key;
      render(last);
    });
    th.append(b);
    head.append(th);
  }
  tbody.addEventListener('click', (ev) => {
    const tr = ev.target.closest('tr[data-id]');
    if (tr) onSelect(tr.dataset.id);
  });

  function render(vehicles) {
    last = vehicles;
    const col = COLUMNS.find((c) => c.key === sortKey);
    const rows = [...vehicles].sort((a, b) => {
      const x = col.value(a);
      const y = col.value(b);
      const r = x < y ? -1 : x > y ? 1 : 0;
      return (r || (a.id < b.id ? -1 : 1)) * sortDir;
    });
    for (const th of head.cells) th.removeAttribute('aria-sort');
    head.cells[COLUMNS.indexOf(col)].setAttribute('aria-sort', sortDir > 0 ? 'ascending' : 'descending');

    const keep = new Map([...tbody.rows].map((tr) => [tr.dataset.id, tr]));
    rows.forEach((v, i) => {
      let tr = keep.get(v.id);
      keep.delete(v.id);
      if (!tr) tr = newRow(v.id);
      fillRow(tr, v);
      tr.classList.toggle('selected', v.id === selected);
      tr.setAttribute('aria-selected', v.id === selected ? 'true' : 'false');
      if (tbody.rows[i] !== tr) tbody.insertBefore(tr, tbody.rows[i] || null);
    });
    for (const tr of keep.values()) tr.remove();
    if (!rows.length) {
      const tr = tbody.insertRow();
      tr.className = 'empty';
      const td = tr.insertCell();
      td.colSpan = COLUMNS.length;
      td.textContent = 'No vehicles yet.';
    }
  }

  function newRow(id) {
    const tr = document.createElement('tr');
    tr.dataset.id = id;
    tr.dataset.testid = `vehicle-row-${id}`;
    for (const c of COLUMNS) {
      const td = document.createElement('td');
      td.className = `col-${c.key}`;
      if (c.key === 'id') {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'row-select';
        b.textContent = id;
        td.append(b);
      }
      tr.append(td);
    }
    return tr;
  }

  function fillRow(tr, v) {
    COLUMNS.forEach((c, i) => {
      if (c.key === 'id') return;
      const t = c.text(v);
      if (tr.cells[i].textContent !== t) tr.cells[i].textContent = t;
    });
    tr.classList.toggle('lost', !!v.link_lost);
    tr.classList.toggle('armed', !!v.armed);
    const batt = v.battery?.remaining ?? -1;
    tr.cells[3].classList.toggle('warn', batt >= 0 && batt < 30);
    tr.cells[3].classList.toggle('crit', batt >= 0 && batt < 15);
    tr.cells[6].classList.toggle('crit', !!v.link_lost);
  }

  return {
    render,
    select(id) {
      selected = id;
      render(last);
    },
  };
}
