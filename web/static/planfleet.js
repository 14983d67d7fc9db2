// Flying the plan: the vehicles to send it to (plan-targets, the selected
// vehicle unless the pilot chooses others), Upload (first a preview per
// vehicle, POST /api/vehicles/{id}/plan/preview: a refusal is shown with
// its reasons and nothing is sent; the vehicle settings the upload would
// change are listed in a dialog the pilot must accept; then one PUT
// /api/vehicles/{id}/plan?format=geojson per vehicle, each result shown
// with the settings changed and the vehicle's own limits kept), Start (the mission
// start command to the vehicles that took the plan) and the live progress
// of the vehicle followed (plan-progress: "item i (k/n)": i the mission
// index the waypoints are numbered with, k = i + 1 the items begun of n;
// data-current = k (0 before the start), data-total = n, data-item = i,
// data-reached = the last reached index + 1).
import { el } from './plandom.js';
import { uploadPlan, previewPlan } from './planclient.js';
import { sendOrder } from './commands.js';
import { confirmOrder } from './confirm.js';
import { missionOffset } from './planmodel.js';
import { where } from './planresult.js';

/**
 * createPlanFleet builds the section into root. getPlan() returns the
 * plan to upload (a GeoJSON object) or null; onProgress(current, reached,
 * vehicle) receives the followed vehicle's progress as mission indexes
 * (-1: none); onTarget(id) is called when the first chosen vehicle, the
 * one plans are checked for, changes.
 */
export function createPlanFleet(root, getPlan, onProgress, onTarget) {
  const targets = el('select', { id: 'plan-targets', testid: 'plan-targets', multiple: true, size: 4 });
  const upload = el('button', { type: 'button', textContent: 'Upload', testid: 'plan-upload' });
  const start = el('button', { type: 'button', textContent: 'Start', testid: 'plan-start', disabled: true });
  const results = el('ul', { className: 'plan-results', testid: 'plan-upload-result', ariaLive: 'polite' });
  const progress = el('p', { className: 'plan-progress', testid: 'plan-progress', role: 'status', textContent: 'Not flying this plan.' });
  results.dataset.ok = '';
  progress.dataset.current = '0';
  progress.dataset.total = '0';
  root.append(
    el('label', { className: 'field field-wide', htmlFor: 'plan-targets' },
      el('span', { className: 'field-label', textContent: 'Vehicles' }), targets,
      el('small', { className: 'field-hint', textContent: 'Ctrl/⌘-click or Shift+arrows for several; none chosen = the selected vehicle' })),
    el('div', { className: 'buttons' }, upload, start), results, progress);

  let ids = '';
  let selected = null;
  let touched = false; // the pilot chose targets himself
  let flying = []; // vehicles that took the plan
  let followed = null;
  let lastPlanItems = 0;
  const latest = new Map(); // id -> vehicle state

  let target = null;
  function targetChanged() {
    const t = chosen()[0] || null;
    if (t === target) return;
    target = t;
    onTarget(t);
  }
  targets.addEventListener('change', () => { touched = true; targetChanged(); });

  function chosen() {
    const list = [...targets.selectedOptions].map((o) => o.value);
    return list.length ? list : (selected ? [selected] : []);
  }

  function line(id, ok, text, kids = []) {
    const li = el('li', { className: ok ? 'ok' : 'fail', testid: `plan-upload-result-${id}` },
      el('strong', { textContent: id }), ` ${text}`, ...kids);
    li.dataset.ok = String(ok);
    return li;
  }

  /** refusal is the result line of a refused preview or upload. */
  function refusal(id, r, verb) {
    const d = r.data || {};
    const errs = (d.check?.violations || []).filter((v) => v.severity === 'error');
    const issues = (d.issues || []).filter((i) => i.severity === 'error');
    const why = el('ul', { className: 'plan-refusal' },
      ...errs.map((v) => el('li', { textContent: `${where(v)}: ${v.rule}: ${v.message}${v.source ? ` [${v.source}]` : ''}` })),
      ...issues.map((i) => el('li', { textContent: `${i.section} ${i.item}: ${i.message}` })));
    return line(id, false, `${verb}: ${r.error || d.error || 'failed'}`, [why]);
  }

  const took = (r) => r.ok && r.data?.ok !== false;

  upload.addEventListener('click', async () => {
    const plan = getPlan();
    const to = chosen();
    if (!plan) { results.replaceChildren(line('plan', false, 'make or open a plan first')); results.dataset.ok = 'false'; return; }
    if (!to.length) { results.replaceChildren(line('vehicles', false, 'choose a vehicle (select one on the map or in the list)')); results.dataset.ok = 'false'; return; }
    upload.disabled = true;
    results.dataset.ok = '';
    results.replaceChildren(...to.map((id) => el('li', { className: 'pending', textContent: `${id}: checking what the upload does…` })));
    const previews = await Promise.all(to.map((id) => previewPlan(id, plan).then((r) => [id, r])));
    const refused = previews.filter(([, r]) => !took(r));
    if (refused.length) {
      upload.disabled = false;
      results.replaceChildren(...refused.map(([id, r]) => refusal(id, r, 'refused')));
      results.dataset.ok = 'false';
      return;
    }
    const changes = previews.flatMap(([id, r]) => (r.data?.vehicle_fence?.changes || []).map((c) => `${id}: ${settingText(c)}`));
    if (changes.length && !await confirmOrder({
      title: 'The upload changes vehicle settings',
      text: 'Besides the plan, the vehicles get these fence settings so that their autopilots enforce it:',
      subject: changes.join('\n'), yes: 'Upload and change them' })) {
      upload.disabled = false;
      results.replaceChildren(line('upload', false, 'cancelled: nothing was sent'));
      results.dataset.ok = 'false';
      return;
    }
    results.replaceChildren(...to.map((id) => el('li', { className: 'pending', textContent: `${id}: uploading…` })));
    lastPlanItems = plan.features.filter((f) => !['plan', 'home', 'fence_polygon', 'fence_circle', 'fence_return', 'rally'].includes(f.properties?.kind)).length;
    const outs = await Promise.all(to.map((id) => uploadPlan(id, plan).then((r) => [id, r])));
    upload.disabled = false;
    flying = outs.filter(([, r]) => took(r)).map(([id]) => id);
    results.replaceChildren(...outs.map(([id, r]) => {
      const d = r.data || {};
      if (!took(r)) return refusal(id, r, 'refused');
      return line(id, true, `took the plan: ${d.mission ?? '?'} mission items, ${d.fence ?? 0} fence, ${d.rally ?? 0} rally`, [vehicleFence(d.vehicle_fence)]);
    }));
    results.dataset.ok = String(outs.every(([, r]) => took(r)));
    start.disabled = !flying.length;
    followed = flying.includes(selected) ? selected : flying[0] || null;
    show();
  });

  start.addEventListener('click', async () => {
    const to = flying.length ? flying : chosen();
    start.disabled = true;
    let r;
    try {
      r = await sendOrder(to, { kind: 'start' }, { label: 'Start mission' });
    } catch (err) {
      r = { ok: false, body: { error: `station unreachable: ${err.message}` } };
    }
    start.disabled = false;
    if (r.cancelled) return;
    const res = r.body?.results || [];
    const fail = !r.ok && !res.length ? [line('start', false, r.body?.error || 'refused')] : [];
    results.append(...fail, ...res.map((x) => line(x.vehicle, Boolean(x.ok), x.ok ? 'started' : `start refused: ${x.error || x.message || 'failed'}`)));
  });

  function show() {
    const v = latest.get(followed);
    if (!followed || !v) {
      progress.textContent = flying.length ? `${flying.join(', ')}: waiting for the vehicle's report…` : 'Not flying this plan.';
      progress.dataset.current = '0';
      progress.dataset.total = '0';
      onProgress(-1, -1, null);
      return;
    }
    const m = v.mission || {};
    const off = missionOffset(v);
    // MAVLink seqs to mission indexes: ArduPilot's seq 0 is home, which
    // MISSION_CURRENT's total leaves out.
    const n = Math.max(0, m.total ?? 0);
    const started = m.state === 'active' || m.state === 'paused' || m.state === 'complete' || m.reached >= off;
    const item = started && m.current >= off ? m.current - off : -1;
    const reached = m.reached >= off ? m.reached - off : -1;
    const k = item + 1;
    const others = flying.filter((id) => id !== followed).map((id) => {
      const o = latest.get(id)?.mission;
      const of = missionOffset(latest.get(id));
      return o ? `${id} ${Math.max(0, o.current - of + 1)}/${Math.max(0, o.total)}` : id;
    });
    progress.textContent = `${followed}: ${item >= 0 ? `item ${item} (${k}/${n})` : `not started (${n} items)`}`
      + `${reached >= 0 ? `, reached ${reached}` : ''}, ${(m.state || 'unknown').replace('_', ' ')}`
      + `${lastPlanItems && n && n !== lastPlanItems ? ` (the vehicle holds ${n} items, this plan ${lastPlanItems})` : ''}`
      + `${others.length ? `; also ${others.join(', ')}` : ''}`;
    progress.dataset.current = String(k);
    progress.dataset.total = String(n);
    progress.dataset.reached = String(reached + 1);
    progress.dataset.item = String(item);
    progress.dataset.state = m.state || '';
    progress.dataset.vehicle = followed;
    onProgress(item, reached, followed);
  }

  return {
    /** The fleet changed: refresh the vehicle choices. */
    fleet(list) {
      for (const v of list) latest.set(v.id, v);
      const next = list.map((v) => v.id).sort().join(' ');
      if (next === ids) return;
      ids = next;
      const keep = new Set([...targets.selectedOptions].map((o) => o.value));
      targets.replaceChildren(...next.split(' ').filter(Boolean).map((id) => el('option', { value: id, textContent: id, selected: keep.has(id) })));
    },
    /** The pilot selected vehicle id (or null). */
    select(id) {
      selected = id;
      if (!touched) for (const o of targets.options) o.selected = o.value === id;
      if (id && flying.includes(id) && id !== followed) { followed = id; show(); }
      targetChanged();
    },
    /** A vehicle's new state. */
    vehicle(v) {
      latest.set(v.id, v);
      if (flying.includes(v.id)) show();
    },
    /** A new plan: what was uploaded before is no longer this plan. */
    reset() {
      flying = [];
      followed = null;
      start.disabled = true;
      results.replaceChildren();
      results.dataset.ok = '';
      show();
    },
    get flying() { return flying.slice(); },
    /** Vehicle id's home as [lat, lon], or null. */
    home(id) {
      const h = id ? latest.get(id)?.home : null;
      return h && Number.isFinite(h.lat) ? [h.lat, h.lon] : null;
    },
    /** The vehicle plans are checked for: the first chosen, else the selected one (null: none). */
    get target() { return chosen()[0] || null; },
  };
}

/** settingText says one setting change: "FENCE_RADIUS 300 → 1510 (why)". */
function settingText(c) {
  return `${c.name} ${c.from ?? '?'} → ${c.to} (${c.why})`;
}

/** vehicleFence lists what the upload changed and what the vehicle keeps. */
function vehicleFence(vf) {
  if (!vf) return null;
  const kept = [
    vf.kept_radius != null ? `its ${vf.kept_radius} m circle from home` : '',
    vf.kept_ceiling != null ? `its ${vf.kept_ceiling} m ceiling` : '',
    vf.kept_floor != null ? `its ${vf.kept_floor} m floor` : ''].filter(Boolean);
  const items = [
    ...(vf.changes || []).map((c) => el('li', { textContent: `changed ${settingText(c)}` })),
    ...(kept.length ? [el('li', { textContent: `the vehicle keeps ${kept.join(', ')}` })] : [])];
  return items.length ? el('ul', { className: 'plan-settings', testid: 'plan-settings' }, ...items) : null;
}
