// Inspect: send a drone to look at a vessel. "Inspect" on an incident or
// a vessel asks the station for a plan (POST /api/inspect/plan): the
// nearest fit drone, the orbit round the vessel inside the operation's
// rules, the estimates, and every drone considered with why it is fit or
// not. The plan shows with its orbit on the map; the pilot may pick
// another drone, then sends it (POST /api/inspect with "confirm": true).
// Running inspections are listed with their phase, distance, laps and
// battery, and the pilot ends one (DELETE /api/inspect/{id}): the drone
// resumes its patrol or returns home. The feed's "inspect" messages keep
// the list live; GET /api/inspect fills it on (re)connection.
import { el } from './plandom.js';
import { fmtAlt, fmtDistance, fmtPercent, subscribe as onUnits } from './units.js';

const finite = (x) => typeof x === 'number' && Number.isFinite(x);
const PHASES = { takeoff: 'taking off', transit: 'on its way', orbit: 'circling', ended: 'ended' };
const KEEP_ENDED = 5; // ended inspections still listed

async function errorOf(res) {
  try {
    const b = await res.json();
    return { message: b.error || `HTTP ${res.status}`, body: b };
  } catch {
    return { message: `HTTP ${res.status}`, body: null };
  }
}

/**
 * createInspect builds the inspections section in root. opts: map
 * (Leaflet or null), pilot() (who confirms), nameOf(targetId). Returns
 * {forIncident(id), forTarget(id), upsert(session), reset(sessions),
 * refresh()}.
 */
export function createInspect(root, opts = {}) {
  const L = window.L;
  const sessions = new Map(); // id → session
  const list = el('ol', { className: 'inspections', testid: 'inspections' });
  const empty = el('p', { className: 'incidents-empty', testid: 'inspections-empty', textContent: 'No drone is inspecting.' });
  const planBox = el('div', { className: 'inspect-plan', testid: 'inspect-plan', hidden: true });
  root.append(el('h4', { textContent: 'Inspections' }), planBox, empty, list);

  const orbit = L && opts.map ? L.layerGroup().addTo(opts.map) : null;
  let plan = null; // the plan shown
  let asked = null; // what it was asked for: {incident|target}
  let busy = false;

  // a place ("place:" and an incident's id): an incident raised at a map point
  const nameOf = (id) => (String(id).startsWith('place:') ? `the place of incident ${id.slice(6)}`
    : opts.nameOf ? opts.nameOf(id) : id);

  function drawOrbit(p) {
    if (!orbit) return;
    orbit.clearLayers();
    if (!p || !finite(p.vessel?.lat)) return;
    L.circle([p.vessel.lat, p.vessel.lon], { radius: p.radius, color: '#0077b6', weight: 2, dashArray: '6 4', fill: false, interactive: false, className: 'inspect-orbit' }).addTo(orbit);
    const pts = (p.points || []).filter((q) => finite(q.lat)).map((q) => [q.lat, q.lon]);
    for (const q of pts) L.circleMarker(q, { radius: 3, color: '#0077b6', weight: 1, fillOpacity: 0.8, interactive: false }).addTo(orbit);
  }

  function candidateRow(c) {
    // any drone may be named: one with an unknown battery or no camera
    // goes with a warning, and the station says why it refuses the rest
    const pick = el('button', { type: 'button', className: 'link', textContent: c.vehicle, testid: `inspect-pick-${c.vehicle}`,
      disabled: !!c.chosen, title: c.eligible ? 'Plan with this drone' : 'Ask for this drone anyway: the station says why if it cannot go' });
    pick.addEventListener('click', () => ask({ ...asked, vehicle: c.vehicle }));
    const battery = finite(c.battery) ? `${fmtPercent(c.battery)} (needs ${fmtPercent(c.battery_needed)})` : 'battery unknown';
    return el('li', { className: `inspect-cand${c.chosen ? ' chosen' : ''}${c.eligible ? '' : ' unfit'}`, testid: `inspect-cand-${c.vehicle}` },
      pick, ` ${c.task || ''} · ${c.distance >= 0 ? fmtDistance(c.distance) : 'distance unknown'} · ${battery}`,
      (c.reasons || []).length ? el('div', { className: 'reasons', textContent: c.reasons.join('; ') }) : '');
  }

  function drawPlan(p, refusal) {
    planBox.hidden = !p && !refusal;
    if (planBox.hidden) {
      planBox.replaceChildren();
      drawOrbit(null);
      return;
    }
    const cancel = el('button', { type: 'button', textContent: 'Cancel', testid: 'inspect-cancel' });
    cancel.addEventListener('click', () => { plan = null; drawPlan(null); });
    const cands = el('ol', { className: 'inspect-cands', testid: 'inspect-cands' }, ...((p || refusal)?.candidates || []).map(candidateRow));
    if (refusal) {
      const why = el('ul', { className: 'reasons', testid: 'inspect-reasons' }, ...(refusal.reasons || []).map((r) => el('li', { textContent: r })));
      planBox.replaceChildren(el('p', { className: 'result err', role: 'alert', testid: 'inspect-refused', textContent: `No inspection: ${refusal.message}` }),
        why, cands, el('div', { className: 'buttons' }, cancel));
      drawOrbit(null);
      planBox.scrollIntoView?.({ block: 'nearest' });
      return;
    }
    const send = el('button', { type: 'button', className: 'primary', testid: 'inspect-send', textContent: `Send ${p.vehicle}` });
    send.addEventListener('click', start);
    const facts = el('dl', { className: 'facts', testid: 'inspect-facts' },
      el('dt', { textContent: 'Vessel' }), el('dd', { textContent: nameOf(p.target) }),
      el('dt', { textContent: 'Drone' }), el('dd', { testid: 'inspect-vehicle', textContent: `${p.vehicle} (${p.task})` }),
      el('dt', { textContent: 'Orbit' }), el('dd', { testid: 'inspect-orbit', textContent: `${fmtDistance(p.radius)} round it at ${fmtAlt(p.altitude)}` }),
      el('dt', { textContent: 'Flight' }), el('dd', { textContent: `${fmtDistance(p.distance)} there, about ${Math.ceil(p.minutes)} min in all` }),
      el('dt', { textContent: 'Battery' }), el('dd', { textContent: `${finite(p.battery) ? fmtPercent(p.battery) : 'unknown'}, needs ${fmtPercent(p.battery_needed)}` }));
    const warn = (p.warnings || []).map((w) => el('p', { className: 'warn', textContent: `⚠ ${w}` }));
    planBox.replaceChildren(el('h5', { textContent: 'Send a drone to look' }), facts, ...warn, cands,
      el('div', { className: 'buttons' }, send, cancel), el('p', { className: 'result', role: 'status', testid: 'inspect-result' }));
    drawOrbit(p);
    planBox.scrollIntoView?.({ block: 'nearest' });
  }

  async function ask(req) {
    if (busy) return;
    busy = true;
    asked = { incident: req.incident, target: req.target };
    try {
      const res = await fetch('/api/inspect/plan', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(req) });
      if (!res.ok) {
        const e = await errorOf(res);
        plan = null;
        drawPlan(null, { message: e.message, reasons: e.body?.reasons, candidates: e.body?.candidates });
        return;
      }
      plan = await res.json();
      drawPlan(plan);
    } catch (err) {
      drawPlan(null, { message: err.message });
    } finally {
      busy = false;
    }
  }

  async function start() {
    if (!plan || busy) return;
    busy = true;
    const result = planBox.querySelector('[data-testid="inspect-result"]');
    if (result) result.textContent = '…';
    try {
      const res = await fetch('/api/inspect', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...asked, vehicle: plan.vehicle, radius: plan.radius, altitude: plan.altitude, confirm: true, by: opts.pilot ? opts.pilot() : 'operator' }),
      });
      if (!res.ok) throw new Error((await errorOf(res)).message);
      upsert(await res.json());
      plan = null;
      drawPlan(null);
    } catch (err) {
      if (result) {
        result.textContent = `Refused: ${err.message}`;
        result.className = 'result err';
      }
    } finally {
      busy = false;
    }
  }

  async function end(id) {
    try {
      const res = await fetch(`/api/inspect/${encodeURIComponent(id)}`, { method: 'DELETE', headers: { 'X-Skerry-Operator': opts.pilot ? opts.pilot() : 'operator' } });
      if (res.ok) upsert(await res.json());
    } catch (err) {
      console.warn(`skerry: ending inspection ${id}:`, err);
    }
  }

  function row(s) {
    const active = s.phase !== 'ended';
    const stop = el('button', { type: 'button', textContent: 'End', testid: `inspect-end-${s.id}`, hidden: !active, title: 'End it: the drone resumes its patrol or returns home' });
    stop.addEventListener('click', () => end(s.id));
    const state = active
      ? `${PHASES[s.phase] || s.phase} · ${fmtDistance(s.distance)} from it · ${(s.laps || 0).toFixed(1)} laps · battery ${finite(s.battery) ? fmtPercent(s.battery) : '?'}`
      : `ended: ${s.end_reason || ''}${s.then ? ` (${s.then})` : ''}`;
    const warn = (s.warnings || []).slice(-1).map((w) => el('div', { className: 'warn', textContent: `⚠ ${w}` }));
    return el('li', { className: `inspection ${s.phase}`, testid: `inspection-${s.id}`, dataset: { phase: s.phase, vehicle: s.vehicle } },
      el('div', { className: 'target-line' }, el('strong', { textContent: s.vehicle }), ` → ${nameOf(s.target)} `, stop),
      el('div', { className: 'inspect-state', textContent: state }), ...warn);
  }

  function redraw() {
    const all = [...sessions.values()].sort((a, b) => Date.parse(b.started) - Date.parse(a.started));
    const shown = all.filter((s) => s.phase !== 'ended').concat(all.filter((s) => s.phase === 'ended').slice(0, KEEP_ENDED));
    empty.hidden = shown.some((s) => s.phase !== 'ended');
    list.replaceChildren(...shown.map(row));
  }

  function upsert(s) {
    if (!s || typeof s.id !== 'string') return;
    sessions.set(s.id, s);
    redraw();
  }

  async function refresh() {
    try {
      const res = await fetch('/api/inspect');
      if (!res.ok) return; // 503: the station sends no drones to look
      const all = await res.json();
      sessions.clear();
      for (const s of Array.isArray(all) ? all : all.sessions || []) sessions.set(s.id, s);
      redraw();
    } catch (err) {
      console.warn('skerry: inspections:', err);
    }
  }

  onUnits(redraw);
  redraw();
  return {
    forIncident: (id) => ask({ incident: id }),
    forTarget: (id) => ask({ target: id }),
    upsert,
    reset: refresh,
    refresh,
  };
}
