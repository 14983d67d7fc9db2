// The planning form: the planner (plan-kind), its parameters as labelled
// inputs with units and defaults (plan-param-<name>), a survey camera
// with presets, and the geometry buttons (plan-draw, plan-pick,
// plan-centre, plan-finish, plan-cancel) with what to do next.
import { el, field } from './plandom.js';
import { COMMON, KINDS, CAMERAS, CAMERA_FIELDS } from './plankinds.js';

/**
 * createPlanForm builds the form into root. on: {kind(kind), change(),
 * draw(), pick(), centre(), finish(), cancel()}.
 */
export function createPlanForm(root, on) {
  const kind = el('select', { id: 'plan-kind', testid: 'plan-kind' },
    ...Object.entries(KINDS).map(([k, d]) => el('option', { value: k, textContent: d.label })));
  const help = el('p', { className: 'plan-help', id: 'plan-help' });
  kind.setAttribute('aria-describedby', 'plan-help');
  const params = el('div', { className: 'plan-params' });
  const camera = el('fieldset', { className: 'plan-camera' });
  const inputs = {}; // name -> input
  const cam = {}; // camera field -> input

  function input(p) {
    let i;
    if (p.type === 'checkbox') i = el('input', { type: 'checkbox', checked: Boolean(p.value) });
    else if (p.type === 'select') {
      i = el('select', {}, ...p.options.map(([v, t]) => el('option', { value: v, textContent: t })));
      i.value = p.value;
    } else i = el('input', { type: 'number', value: String(p.value), min: String(p.min), max: String(p.max), step: String(p.step), inputMode: 'decimal' });
    i.name = p.name;
    i.id = `plan-param-${p.name}`;
    i.dataset.testid = `plan-param-${p.name}`;
    i.addEventListener('change', () => on.change());
    inputs[p.name] = i;
    return p.type === 'checkbox'
      ? el('label', { className: 'field field-check' }, i, el('span', { textContent: p.label }))
      : field(p.label, i, p.unit, p.hint);
  }

  function renderParams() {
    const def = KINDS[kind.value];
    const keep = Object.fromEntries(Object.entries(inputs).map(([n, i]) => [n, i.type === 'checkbox' ? i.checked : i.value]));
    for (const n of Object.keys(inputs)) delete inputs[n];
    params.replaceChildren(...COMMON.map(input), ...def.params.map(input));
    // Common values survive a change of planner; the planner's own restart at their defaults.
    for (const p of COMMON) if (keep[p.name] !== undefined) inputs[p.name].value = keep[p.name];
    help.textContent = def.help;
    camera.hidden = !def.camera;
  }

  const preset = el('select', { id: 'plan-camera', testid: 'plan-camera' },
    ...CAMERAS.map((c) => el('option', { value: c.id, textContent: c.label })),
    el('option', { value: 'custom', textContent: 'Custom' }));
  const camGrid = el('div', { className: 'plan-params' });
  for (const [name, label, unit, step] of CAMERA_FIELDS) {
    const i = el('input', { type: 'number', min: '0', step: String(step), id: `plan-cam-${name}`, testid: `plan-cam-${name}` });
    i.addEventListener('input', () => { preset.value = 'custom'; });
    cam[name] = i;
    camGrid.append(field(label, i, unit));
  }
  const setCamera = (c) => { for (const [name] of CAMERA_FIELDS) cam[name].value = String(c[name]); };
  preset.addEventListener('change', () => {
    const c = CAMERAS.find((x) => x.id === preset.value);
    if (c) setCamera(c);
  });
  setCamera(CAMERAS[0]);
  camera.append(el('legend', { textContent: 'Camera' }), field('Preset', preset), camGrid);

  const btn = (id, text, fn, title = '') => {
    const b = el('button', { type: 'button', textContent: text, testid: id, title });
    b.addEventListener('click', fn);
    return b;
  };
  const draw = btn('plan-draw', 'Draw', () => on.draw(), 'Click points on the map');
  const pick = btn('plan-pick', 'Pick from map', () => on.pick(), 'Click a coastline, port area or base of the basemap');
  const centre = btn('plan-centre', 'Add map centre', () => on.centre(), 'Add the map centre as a point (keyboard drawing)');
  const finish = btn('plan-finish', 'Finish', () => on.finish(), 'Enter');
  const cancel = btn('plan-cancel', 'Cancel', () => on.cancel(), 'Escape');
  const status = el('p', { className: 'plan-status', testid: 'plan-geometry', role: 'status', ariaLive: 'polite' });

  kind.addEventListener('change', () => { renderParams(); on.kind(kind.value); });
  root.append(
    field('Planner', kind), help, params, camera,
    el('div', { className: 'buttons plan-geom-buttons', role: 'group', ariaLabel: 'Geometry' }, draw, pick, centre, finish, cancel),
    status,
  );
  renderParams();

  return {
    get kind() { return kind.value; },
    /** The parameters' shown values, name -> value. */
    values() {
      return Object.fromEntries(Object.entries(inputs).map(([n, i]) => [n, i.type === 'checkbox' ? i.checked : i.value]));
    },
    camera() { return Object.fromEntries(CAMERA_FIELDS.map(([n]) => [n, Number(cam[n].value)])); },
    /** Restores a planning request (as sent) into the form. */
    restore(k, req) {
      if (KINDS[k]) { kind.value = k; renderParams(); }
      for (const p of [...COMMON, ...(KINDS[kind.value].params)]) {
        if (req?.[p.name] === undefined) continue;
        const v = p.scale ? req[p.name] / p.scale : req[p.name];
        if (p.type === 'checkbox') inputs[p.name].checked = Boolean(v);
        else inputs[p.name].value = String(v);
      }
      if (req?.camera) { setCamera(req.camera); preset.value = CAMERAS.find((c) => CAMERA_FIELDS.every(([n]) => c[n] === req.camera[n]))?.id || 'custom'; }
    },
    set(name, value) { if (inputs[name]) inputs[name].value = String(value); },
    /** Shows the geometry state: {drawing, picking, message}. */
    geometry({ drawing, picking, message }) {
      finish.disabled = !drawing;
      centre.disabled = !drawing;
      cancel.disabled = !drawing && !picking;
      draw.setAttribute('aria-pressed', String(Boolean(drawing)));
      pick.setAttribute('aria-pressed', String(Boolean(picking)));
      if (message !== undefined) status.textContent = message;
    },
  };
}
