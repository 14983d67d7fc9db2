// The contacts panel: a table of the vessel contacts (id, speed, course,
// length, last seen, the drones that see it), live ones first; a click (or
// Enter) selects one. The selected contact's details: its snapshot (the
// best picture of it, GET /api/vessels/{id}/snapshot.jpg), where it is,
// which drones see it (a click selects the drone), and its cameras: which
// drone's camera (the latest to see it first, then the selected vehicle),
// "Point camera here" and "Follow with camera" (vesselcam.js).
import { el } from './plandom.js';
import { ageMs, stale, latestSighting } from './vessels.js';
import { createContactCamera } from './vesselcam.js';
import { fmtSpeed, fmtMetres, fmtHeading, fmtPos, fmtUTC, subscribe as onUnits } from './units.js';

const COLUMNS = [['id', 'ID'], ['speed', 'Speed'], ['course', 'Course'], ['length', 'Length'], ['seen', 'Last seen'], ['by', 'Seen by']];
const REDRAW_EVERY = 250; // ms between redraws of the table
const SNAPSHOT_EVERY = 10_000; // ms between reloads of the selected contact's picture
const byName = new Intl.Collator('en', { numeric: true }).compare;

/** fmtAge says how long ago: "4 s ago", "3 min ago", "—". */
export function fmtAge(ms) {
  if (!Number.isFinite(ms)) return '—';
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

const seenBy = (v) => [...new Set((v.seen_by || []).map((s) => s?.vehicle).filter(Boolean))];

/**
 * createVesselList builds the panel in root for contacts (vessels.js).
 * opts.vehicle() is the fleet's selected vehicle id (or null);
 * opts.onVehicle(id) selects a vehicle; opts.onSelect(id) selects a contact
 * (default contacts.select). Returns {redraw(), camera}.
 */
export function createVesselList(root, contacts, opts = {}) {
  const selectedVehicle = opts.vehicle || (() => null);
  const count = el('span', { className: 'count', testid: 'contact-count' });
  const followed = el('button', { type: 'button', className: 'link contact-following', testid: 'contact-following', hidden: true, title: 'Show the contact followed' });
  followed.addEventListener('click', () => { if (cam.following) (opts.onSelect || contacts.select)(cam.following.id); });
  const table = el('table', { className: 'contacts', testid: 'contacts' });
  table.append(el('thead', {}, el('tr', {}, ...COLUMNS.map(([k, label]) => el('th', { className: `col-${k}`, textContent: label, scope: 'col' })))));
  const tbody = el('tbody');
  table.append(tbody);
  const empty = el('p', { className: 'contacts-empty', testid: 'contacts-empty', textContent: 'No vessel contacts.' });

  const title = el('h3', { testid: 'contact-title' });
  const close = el('button', { type: 'button', className: 'contact-close', textContent: '×', title: 'Close', testid: 'contact-close' });
  close.setAttribute('aria-label', 'Close the contact');
  const snapshot = el('img', { className: 'contact-snapshot', testid: 'contact-snapshot', alt: 'Best picture of the contact' });
  const noSnapshot = el('p', { className: 'contact-nosnap', textContent: 'No picture yet.' });
  const facts = el('dl', { className: 'facts contact-facts', testid: 'contact-facts' });
  const seen = el('ul', { className: 'contact-seen', testid: 'contact-seen-by' });
  const seenItems = new Map(); // "vehicle/stream" -> {li, text}
  const noneSeen = el('li', { className: 'none', textContent: 'No drone sees it now.' });
  const camera = el('select', { testid: 'contact-vehicle', ariaLabel: 'Camera of' });
  const point = el('button', { type: 'button', textContent: 'Point camera here', testid: 'contact-point' });
  const follow = el('button', { type: 'button', textContent: 'Follow with camera', testid: 'contact-follow' });
  follow.setAttribute('aria-pressed', 'false');
  const result = el('p', { className: 'result', role: 'status', testid: 'contact-result' });
  const detail = el('div', { className: 'contact-detail', testid: 'contact-detail' },
    el('div', { className: 'contact-head' }, title, close),
    el('div', { className: 'contact-top' }, el('div', { className: 'contact-pic' }, snapshot, noSnapshot), facts),
    el('h3', { textContent: 'Seen by' }), seen,
    el('div', { className: 'buttons contact-cam' }, el('label', { className: 'contact-camera' }, el('span', { textContent: 'Camera of' }), camera), point, follow),
    result);
  detail.hidden = true;
  root.replaceChildren(el('div', { className: 'contacts-head' }, el('h2', { id: 'contacts-h' }, 'Contacts ', count), followed), el('div', { className: 'contacts-scroll' }, table), empty, detail);

  const report = (ok, text) => {
    result.textContent = text;
    result.className = `result ${ok === null ? 'pending' : ok ? 'ok' : 'fail'}`;
  };
  const cam = createContactCamera(contacts, report, () => renderDetail());

  let snapAt = 0;
  let snapFor = '';
  let timer = 0;
  let drawnAt = 0;

  const rows = new Map(); // id -> tr, kept so keyboard focus stays on its row
  function row(v, now) {
    const sel = contacts.selected === v.id;
    const isStale = stale(v, now);
    let tr = rows.get(v.id);
    if (!tr) {
      tr = el('tr', { testid: `contact-row-${v.id}`, tabIndex: 0 });
      tr.dataset.id = v.id;
      tr.append(...COLUMNS.map(([k]) => el('td', { className: `col-${k}` })));
      rows.set(v.id, tr);
    }
    tr.className = `${isStale ? 'stale' : ''}${sel ? ' selected' : ''}`;
    tr.dataset.stale = String(isStale);
    tr.setAttribute('aria-selected', String(sel));
    const cells = [v.id, fmtSpeed(v.speed), fmtHeading(v.course), fmtMetres(v.length), fmtAge(ageMs(v, now)), seenBy(v).join(', ') || '—'];
    cells.forEach((text, i) => {
      if (tr.children[i].textContent !== text) tr.children[i].textContent = text;
    });
    return tr;
  }

  function fact(dt, dd) {
    facts.append(el('dt', { textContent: dt }), el('dd', { textContent: dd }));
  }

  function renderDetail() {
    const fw = cam.following;
    followed.hidden = !fw;
    const ftext = fw ? `Following ${fw.id} with ${fw.vehicle}` : '';
    if (followed.textContent !== ftext) followed.textContent = ftext;
    const v = contacts.get(contacts.selected);
    detail.hidden = !v;
    if (!v) return;
    const now = Date.now();
    const isStale = stale(v, now);
    title.textContent = `Contact ${v.id}${isStale ? ' (stale)' : ''}`;
    facts.replaceChildren();
    fact('Position', `${fmtPos(v.lat, v.lon)} ± ${fmtMetres(v.error_m)}`);
    fact('Course', fmtHeading(v.course));
    fact('Speed', fmtSpeed(v.speed));
    fact('Length', fmtMetres(v.length));
    fact('Score', Number.isFinite(v.score) ? `${Math.round(v.score * 100)}%` : '—');
    fact('Seen', `${fmtUTC(v.first_seen)} – ${fmtUTC(v.last_seen)}, ${fmtAge(ageMs(v, now))}`);

    if (v.snapshot) {
      if (snapFor !== `${v.id}|${v.snapshot}` || now - snapAt > SNAPSHOT_EVERY) {
        snapFor = `${v.id}|${v.snapshot}`;
        snapAt = now;
        snapshot.src = `${v.snapshot}${v.snapshot.includes('?') ? '&' : '?'}t=${now}`;
      }
      snapshot.hidden = false;
      noSnapshot.hidden = true;
    } else {
      snapFor = '';
      snapshot.removeAttribute('src');
      snapshot.hidden = true;
      noSnapshot.hidden = false;
    }

    const sightings = (v.seen_by || []).filter((s) => s?.vehicle).sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    // keyed items: a click on a drone's name is never lost to a redraw
    const items = sightings.map((s) => {
      const k = `${s.vehicle}/${s.stream}`;
      let it = seenItems.get(k);
      if (!it) {
        const b = el('button', { type: 'button', className: 'link', textContent: s.vehicle, title: `Select ${s.vehicle}` });
        b.addEventListener('click', () => opts.onVehicle?.(s.vehicle));
        it = { li: el('li', { testid: `contact-seen-${s.vehicle}`, dataset: { stream: s.stream || '' } }, b), text: el('span') };
        it.li.append(it.text);
        seenItems.set(k, it);
      }
      const box = Array.isArray(s.box) ? ` · box ${s.box[2]}×${s.box[3]} px` : '';
      const text = ` · ${s.stream || '?'} · ${fmtAge(ageMs({ last_seen: s.at }, now))}${box}`;
      if (it.text.textContent !== text) it.text.textContent = text;
      return it.li;
    });
    for (const k of seenItems.keys()) if (!sightings.some((s) => `${s.vehicle}/${s.stream}` === k)) seenItems.delete(k);
    if (!items.length) items.push(noneSeen);
    if (items.length !== seen.children.length || items.some((li, i) => seen.children[i] !== li)) seen.replaceChildren(...items);

    // the cameras to choose from: the drones that see it, the latest first, then the selected vehicle
    const choices = seenBy({ seen_by: sightings });
    const sel = selectedVehicle();
    if (sel && !choices.includes(sel)) choices.push(sel);
    const f = cam.following;
    if (f && !choices.includes(f.vehicle)) choices.push(f.vehicle);
    const key = choices.join('\u0000');
    if (camera.dataset.key !== key || camera.dataset.contact !== v.id) {
      const keep = camera.dataset.contact === v.id ? camera.value : '';
      camera.dataset.key = key;
      camera.dataset.contact = v.id;
      camera.replaceChildren(...choices.map((id) => el('option', { value: id, textContent: `${id}${seenBy(v).includes(id) ? '' : ' (does not see it)'}` })));
      const latest = latestSighting(v)?.vehicle;
      camera.value = f?.id === v.id ? f.vehicle : choices.includes(keep) ? keep : latest || choices[0] || '';
    }
    point.disabled = !choices.length;
    point.title = choices.length ? '' : 'No drone sees it: select a vehicle to point its camera';
    const mine = f && f.id === v.id;
    follow.disabled = !choices.length && !mine;
    follow.textContent = mine ? `Stop following (${f.vehicle})` : 'Follow with camera';
    follow.setAttribute('aria-pressed', String(!!mine));
  }

  function draw() {
    timer = 0;
    drawnAt = performance.now();
    const now = Date.now();
    const list = contacts.list().sort((a, b) => (stale(a, now) - stale(b, now)) || byName(a.id, b.id));
    const live = list.filter((v) => !stale(v, now)).length;
    count.textContent = list.length ? `${list.length}${live < list.length ? ` (${live} live)` : ''}` : '';
    for (const id of rows.keys()) if (!contacts.get(id)) rows.delete(id);
    const trs = list.map((v) => row(v, now));
    if (trs.length !== tbody.children.length || trs.some((tr, i) => tbody.children[i] !== tr)) tbody.replaceChildren(...trs);
    table.hidden = !list.length;
    empty.hidden = list.length > 0;
    renderDetail();
  }

  function redraw() {
    if (timer) return;
    timer = setTimeout(() => {
      try {
        draw();
      } catch (err) {
        console.error('skerry: contacts panel', err);
      }
    }, Math.max(0, drawnAt + REDRAW_EVERY - performance.now()));
  }

  const choose = (tr) => {
    if (tr?.dataset.id) (opts.onSelect || contacts.select)(tr.dataset.id);
  };
  tbody.addEventListener('click', (e) => choose(e.target.closest('tr')));
  tbody.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      choose(e.target.closest('tr'));
    }
  });
  close.addEventListener('click', () => contacts.select(null));
  point.addEventListener('click', () => cam.point(contacts.selected, camera.value));
  follow.addEventListener('click', () => {
    const f = cam.following;
    if (f && f.id === contacts.selected) cam.stop();
    else cam.follow(contacts.selected, camera.value);
  });

  contacts.subscribe(redraw);
  onUnits(redraw);
  setInterval(redraw, 1000); // ages and staleness
  draw();
  return { redraw, camera: cam };
}
