// The selected vehicle's panel: its state and the pilot's buttons. Each
// button POSTs /api/commands for this one vehicle and shows its result.
import { fmtLatLon, fmtMetres, fmtKnots, fmtPercent, fmtHeading, fmtUTC } from './units.js';

const FIX = ['no GPS', 'no fix', '2D', '3D', 'DGPS', 'RTK float', 'RTK fixed', 'static', 'PPP'];
const SEVERITY = ['EMERG', 'ALERT', 'CRIT', 'ERROR', 'WARN', 'NOTICE', 'INFO', 'DEBUG'];

// [testid, label, command]; takeoff reads the altitude input.
const BUTTONS = [
  ['arm', 'Arm', { kind: 'arm' }],
  ['disarm', 'Disarm', { kind: 'disarm' }],
  ['takeoff', 'Take off', { kind: 'takeoff' }],
  ['hold', 'Hold', { kind: 'hold' }],
  ['return', 'Return', { kind: 'return' }],
  ['land', 'Land', { kind: 'land' }],
  ['start', 'Start mission', { kind: 'start' }],
  ['pause', 'Pause', { kind: 'pause' }],
  ['resume', 'Resume', { kind: 'resume' }],
];

function el(tag, props = {}, ...kids) {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids);
  return e;
}

/** createVehiclePanel builds the panel in root once; show(v) refreshes it. */
export function createVehiclePanel(root) {
  let current = null; // the shown vehicle
  const shownRequests = new Set();
  let inFlight = 0; // orders of ours awaiting their HTTP answer

  const title = el('h2', { textContent: 'No vehicle selected' });
  title.dataset.testid = 'vehicle-title';
  const facts = el('dl', { className: 'facts' });
  const fields = {};
  for (const [key, label] of [
    ['mode', 'Mode'], ['armed', 'Armed'], ['status', 'Status'], ['pos', 'Position'],
    ['alt', 'Altitude'], ['speed', 'Speed'], ['gps', 'GPS'], ['battery', 'Battery'],
    ['prearm', 'Pre-arm'], ['mission', 'Mission'], ['seen', 'Last seen'],
  ]) {
    fields[key] = el('dd');
    fields[key].dataset.testid = `v-${key}`;
    facts.append(el('dt', { textContent: label }), fields[key]);
  }

  const alt = el('input', { type: 'number', id: 'takeoff-alt', value: '30', min: '1', max: '1000', step: '1' });
  alt.dataset.testid = 'takeoff-alt';
  const buttons = el('div', { className: 'buttons' });
  for (const [id, label, cmd] of BUTTONS) {
    const b = el('button', { type: 'button', textContent: label, className: `cmd cmd-${id}` });
    b.dataset.testid = id === 'takeoff' ? 'takeoff' : `cmd-${id}`;
    b.addEventListener('click', () => command(id, cmd));
    if (id === 'takeoff') {
      buttons.append(el('span', { className: 'takeoff' }, b,
        el('label', { htmlFor: 'takeoff-alt', textContent: 'to' }), alt, el('span', { textContent: 'm' })));
    } else {
      buttons.append(b);
    }
  }
  const result = el('p', { className: 'result', role: 'status' });
  result.dataset.testid = 'cmd-result';
  const messages = el('ol', { className: 'messages' });
  messages.dataset.testid = 'v-messages';

  const body = el('div', { className: 'vbody', hidden: true }, facts, buttons, result,
    el('h3', { textContent: 'Messages' }), messages);
  root.replaceChildren(title, body);

  function showResult(ok, text) {
    result.textContent = text;
    result.className = `result ${ok ? 'ok' : 'fail'}`;
  }

  async function command(kind, base) {
    const v = current;
    if (!v) return;
    const cmd = { ...base };
    if (kind === 'takeoff') {
      const a = Number(alt.value);
      if (!Number.isFinite(a) || a <= 0) {
        showResult(false, 'Take-off altitude must be a positive number of metres.');
        alt.focus();
        return;
      }
      cmd.altitude = a;
    }
    if (kind === 'disarm' && !confirm(`Disarm ${v.id}? If it is flying, its motors stop and it falls.`)) return;
    showResult(true, `${v.id}: ${cmd.kind} sent…`);
    result.classList.add('pending');
    inFlight++;
    try {
      const res = await fetch('/api/commands', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ targets: [v.id], command: cmd }),
      });
      const body = await res.json().catch(() => ({}));
      if (body.request_id) shownRequests.add(body.request_id);
      if (!body.results) {
        showResult(false, `${v.id}: ${cmd.kind} refused: ${body.error || res.statusText}`);
        return;
      }
      for (const r of body.results) showOne(cmd.kind, r);
    } catch (err) {
      showResult(false, `${v.id}: ${cmd.kind} not sent: ${err.message}`);
    } finally {
      inFlight--;
    }
  }

  function showOne(kind, r) {
    showResult(r.ok, r.ok ? `${r.vehicle}: ${kind} accepted` : `${r.vehicle}: ${kind} failed: ${r.error || 'refused'}`);
  }

  return {
    /** show displays v (null: nothing selected). */
    show(v) {
      const changed = (v && v.id) !== (current && current.id);
      current = v;
      body.hidden = !v;
      if (!v) {
        title.textContent = 'No vehicle selected';
        return;
      }
      if (changed) result.textContent = '';
      title.textContent = `${v.id} · ${v.type || 'vehicle'} · ${v.autopilot || ''}`;
      fields.mode.textContent = v.mode || '—';
      fields.armed.textContent = v.armed ? 'ARMED' : 'disarmed';
      fields.armed.className = v.armed ? 'armed' : '';
      fields.status.textContent = [v.system_status, v.landed, v.failsafe ? 'FAILSAFE' : '', v.link_lost ? 'LINK LOST' : '']
        .filter(Boolean).join(' · ') || '—';
      fields.status.className = v.failsafe || v.link_lost ? 'crit' : '';
      fields.pos.textContent = v.has_position ? fmtLatLon(v.position.lat, v.position.lon) : 'no position';
      fields.alt.textContent = v.has_position
        ? `${fmtMetres(v.position.alt_rel)} above home (${fmtMetres(v.position.alt_amsl)} AMSL)` : '—';
      fields.speed.textContent = `${fmtKnots(v.ground_speed)} over ground, heading ${fmtHeading(v.heading)}`;
      const g = v.gps || {};
      fields.gps.textContent = `${FIX[g.fix] ?? g.fix} · ${g.satellites ?? 0} sats · HDOP ${g.hdop ?? '—'}`;
      fields.gps.className = g.fix < 3 ? 'warn' : '';
      const b = v.battery || {};
      fields.battery.textContent = `${fmtPercent(b.remaining)} · ${(b.voltage ?? 0).toFixed(1)} V`;
      fields.battery.className = b.remaining >= 0 && b.remaining < 15 ? 'crit' : b.remaining >= 0 && b.remaining < 30 ? 'warn' : '';
      const h = v.health || {};
      const bad = (h.sensors || []).filter((s) => s.enabled && !s.healthy).map((s) => s.name);
      fields.prearm.textContent = (!h.prearm_known ? 'not reported' : h.prearm_ok ? 'OK' : 'FAILING')
        + (bad.length ? ` · unhealthy: ${bad.join(', ')}` : '');
      fields.prearm.className = h.prearm_known && !h.prearm_ok ? 'warn' : '';
      const m = v.mission || {};
      fields.mission.textContent = m.state ? `${m.state.replace('_', ' ')}${m.total > 0 ? ` · item ${m.current}/${m.total}` : ''}` : '—';
      fields.seen.textContent = fmtUTC(v.last_seen);
      const msgs = (v.messages || []).slice(-8).reverse();
      messages.replaceChildren(...msgs.map((s) => el('li', { className: s.severity <= 3 ? 'crit' : s.severity === 4 ? 'warn' : '' },
        `${fmtUTC(s.at)} ${SEVERITY[s.severity] ?? s.severity} ${s.text}`)));
    },
    /** result takes a result message of the feed (another console's order too). */
    result(data) {
      if (!current || inFlight > 0 || shownRequests.has(data.request_id)) return;
      const r = (data.results || []).find((x) => x.vehicle === current.id);
      if (r) showOne('order (from another console)', r);
    },
  };
}
