// The fleet table's filter bar: a text filter over id, mode and link (every
// word must match, case-insensitive) and quick toggles: armed only, with
// alerts, link issues. Down arrow in the text box moves into the table.

const TOGGLES = [
  ['armed', 'Armed only', (r) => r.armed],
  ['alerts', 'With alerts', (r) => r.alerts > 0],
  ['link', 'Link issues', (r) => r.linkLevel !== ''],
];

/**
 * createFleetFilter builds the bar into root. onChange() is called when the
 * filter changes; onLeave() when the pilot presses Down to reach the rows.
 * It returns {match(row), active(), shown(n, total)}, where row is
 * {search, armed, alerts, linkLevel}.
 */
export function createFleetFilter(root, onChange, onLeave) {
  let words = [];
  const on = new Set();

  const input = Object.assign(document.createElement('input'), {
    type: 'search', id: 'fleet-filter', placeholder: 'Filter: id, mode, link…', autocomplete: 'off', spellcheck: false,
  });
  input.dataset.testid = 'fleet-filter';
  input.setAttribute('aria-label', 'Filter the fleet by id, mode or link');
  input.addEventListener('input', () => {
    words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    onChange();
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown') {
      ev.preventDefault();
      onLeave();
    } else if (ev.key === 'Escape' && input.value) {
      input.value = '';
      words = [];
      onChange();
    }
  });

  const toggles = TOGGLES.map(([key, label]) => {
    const b = Object.assign(document.createElement('button'), { type: 'button', className: 'toggle', textContent: label });
    b.dataset.testid = `filter-${key}`;
    b.setAttribute('aria-pressed', 'false');
    b.addEventListener('click', () => {
      if (on.has(key)) on.delete(key);
      else on.add(key);
      b.setAttribute('aria-pressed', String(on.has(key)));
      onChange();
    });
    return b;
  });

  const count = Object.assign(document.createElement('span'), { className: 'fleet-shown' });
  count.dataset.testid = 'fleet-shown';
  count.setAttribute('aria-live', 'polite');

  const bar = document.createElement('div');
  bar.className = 'fleet-filter';
  bar.setAttribute('role', 'search');
  bar.append(input, ...toggles, count);
  root.append(bar);

  return {
    match(row) {
      for (const [key, , test] of TOGGLES) if (on.has(key) && !test(row)) return false;
      for (const w of words) if (!row.search.includes(w)) return false;
      return true;
    },
    active: () => words.length > 0 || on.size > 0,
    shown(n, total) {
      const t = n === total ? `${total} shown` : `${n} of ${total} shown`;
      if (count.textContent !== t) count.textContent = t;
    },
    focus: () => input.focus(),
  };
}
