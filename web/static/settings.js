// The header's settings menu: the pilot's units (units.js) and the name
// acknowledgements are signed with, both remembered in this browser. A
// button opens it; Escape, a click elsewhere or tabbing away closes it.
import { CHOICES, units, setUnit, subscribe } from './units.js';

const PILOT_KEY = 'skerry.pilot';
const LABELS = { distance: 'Distance', speed: 'Speed', altitude: 'Altitude', position: 'Position' };

/** pilotName is the name the pilot gave, or "pilot". */
export function pilotName() {
  try {
    return localStorage.getItem(PILOT_KEY) || 'pilot';
  } catch {
    return 'pilot';
  }
}

function el(tag, props = {}, ...kids) {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids);
  return e;
}

/** createSettings builds the menu inside root (the header's `units` slot). */
export function createSettings(root) {
  const toggle = el('button', { type: 'button', className: 'settings-toggle', textContent: 'Units ▾' });
  toggle.dataset.testid = 'units-toggle';
  toggle.setAttribute('aria-expanded', 'false');
  toggle.setAttribute('aria-controls', 'units-menu');
  toggle.title = 'Units and pilot name';

  const menu = el('div', { id: 'units-menu', className: 'settings-menu', hidden: true });
  menu.dataset.testid = 'units-menu';
  menu.setAttribute('role', 'group');
  menu.setAttribute('aria-label', 'Units and pilot name');
  const selects = {};
  for (const [key, opts] of Object.entries(CHOICES)) {
    const s = el('select', { id: `units-${key}` });
    s.dataset.testid = `units-${key}`;
    for (const [v, label] of opts) s.append(el('option', { value: v, textContent: label }));
    s.addEventListener('change', () => setUnit(key, s.value));
    selects[key] = s;
    menu.append(el('label', { htmlFor: s.id, textContent: LABELS[key] }), s);
  }
  const pilot = el('input', { id: 'units-pilot', type: 'text', value: pilotName(), maxLength: 64, autocomplete: 'off' });
  pilot.dataset.testid = 'units-pilot';
  pilot.addEventListener('change', () => {
    try {
      localStorage.setItem(PILOT_KEY, pilot.value.trim());
    } catch {
      // not remembered
    }
  });
  menu.append(el('label', { htmlFor: pilot.id, textContent: 'Pilot' }), pilot);

  const sync = (u) => {
    for (const [k, s] of Object.entries(selects)) s.value = u[k];
  };
  sync(units());
  subscribe(sync);

  const open = (yes) => {
    menu.hidden = !yes;
    toggle.setAttribute('aria-expanded', String(yes));
    if (yes) selects.distance.focus();
  };
  toggle.addEventListener('click', () => open(menu.hidden));
  menu.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') {
      open(false);
      toggle.focus();
    }
  });
  root.addEventListener('focusout', (ev) => {
    if (!menu.hidden && ev.relatedTarget && !root.contains(ev.relatedTarget)) open(false); // tabbed away
  });
  document.addEventListener('pointerdown', (ev) => {
    if (!menu.hidden && !root.contains(ev.target)) open(false);
  });
  root.replaceChildren(toggle, menu);
}
