// Raising an incident by hand (POST /api/incidents): about the selected
// vessel (targetlist.js's "Raise incident") or a point the operator
// clicks on the map ("Raise at map point"). A small form asks for a title,
// a severity and a note; the new incident comes back and is selected.
import { el, field } from './plandom.js';
import { fmtPos } from './units.js';

async function errorOf(res) {
  try {
    return (await res.json()).error || `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}

/**
 * createRaise builds the form (in root) and the "Raise at map point"
 * button (returned as pointButton). opts: map (Leaflet), pilot(),
 * nameOf(targetId), onRaised(incident). Returns {forTarget(id), atPoint(lat, lon), pointButton}.
 */
export function createRaise(root, opts = {}) {
  const about = el('p', { className: 'raise-about', testid: 'raise-about' });
  const title = el('input', { type: 'text', maxLength: 200, required: true, testid: 'raise-title' });
  const severity = el('select', { testid: 'raise-severity' },
    ...['medium', 'high', 'low'].map((s) => el('option', { value: s, textContent: s })));
  const note = el('textarea', { rows: 2, maxLength: 2000, testid: 'raise-note' });
  const send = el('button', { type: 'submit', textContent: 'Raise', testid: 'raise-submit' });
  const cancel = el('button', { type: 'button', textContent: 'Cancel', testid: 'raise-cancel' });
  const result = el('p', { className: 'result', role: 'status', testid: 'raise-result' });
  const form = el('form', { className: 'raise-form', testid: 'raise-form', hidden: true },
    el('h3', { textContent: 'Raise incident' }), about,
    field('Title', title), field('Severity', severity), field('Note', note),
    el('div', { className: 'buttons' }, send, cancel), result);
  root.append(form);
  const pointButton = el('button', { type: 'button', textContent: 'Raise at map point', testid: 'incident-raise-point',
    title: 'Click a point on the map to raise an incident there' });
  pointButton.setAttribute('aria-pressed', 'false');
  let subject = null; // {target} or {lat, lon}
  let picking = false;

  function open(s, text) {
    subject = s;
    about.textContent = text;
    title.value = '';
    note.value = '';
    severity.value = 'medium';
    result.textContent = '';
    form.hidden = false;
    title.focus();
  }
  function pick(on) {
    picking = on;
    pointButton.setAttribute('aria-pressed', String(on));
    opts.map?.getContainer().classList.toggle('picking-point', on);
  }
  pointButton.addEventListener('click', () => pick(!picking));
  opts.map?.on('click', (ev) => {
    if (!picking) return;
    pick(false);
    const { lat, lng } = ev.latlng;
    atPoint(lat, lng);
  });
  cancel.addEventListener('click', () => { form.hidden = true; subject = null; });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!subject) return;
    if (!title.value.trim()) {
      result.textContent = 'Give it a title.';
      result.className = 'result err';
      title.focus();
      return;
    }
    send.disabled = true;
    try {
      const res = await fetch('/api/incidents', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...subject, title: title.value.trim(), severity: severity.value, note: note.value.trim(), by: opts.pilot ? opts.pilot() : 'operator' }),
      });
      if (!res.ok) throw new Error(await errorOf(res));
      const inc = await res.json();
      form.hidden = true;
      subject = null;
      opts.onRaised?.(inc);
    } catch (err) {
      result.textContent = `Refused: ${err.message}`;
      result.className = 'result err';
    } finally {
      send.disabled = false;
    }
  });

  function forTarget(id) {
    open({ target: id }, `About ${opts.nameOf ? opts.nameOf(id) : id}`);
  }
  function atPoint(lat, lon) {
    const la = Math.round(lat * 1e6) / 1e6;
    const lo = Math.round(lon * 1e6) / 1e6;
    open({ lat: la, lon: lo }, `At ${fmtPos(la, lo)}`);
  }
  return { forTarget, atPoint, pointButton };
}
