// The selected vehicle's panel: attitude indicator, state (position,
// altitude, speed, GPS, battery, wind, health and pre-arm, mission
// progress, link paths) and the pilot's buttons. Each button sends one
// order for this vehicle through commands.js, which asks for confirmation
// when the station (or the order's danger) requires it.
import { fmtPos, fmtAlt, fmtSpeed, fmtClimb, fmtDistance, fmtPercent, fmtHeading, fmtTime, subscribe, units, FEET_PER_METRE } from './units.js';
import { createAttitude } from './attitude.js';
import { sendOrder, summarize } from './commands.js';

/** known tells a reported number from null (unknown to the vehicle) or absent. */
const known = (x) => typeof x === 'number' && Number.isFinite(x);

const FIX = ['no GPS', 'no fix', '2D', '3D', 'DGPS', 'RTK float', 'RTK fixed', 'static', 'PPP'];
const SEVERITY = ['EMERG', 'ALERT', 'CRIT', 'ERROR', 'WARN', 'NOTICE', 'INFO', 'DEBUG'];

// may be flying: armed and not known to be on the ground (the station's rule too)
const inAir = (v) => v.armed && v.landed !== 'on_ground';

// [testid suffix, label, command, danger(v): why the console itself asks first, or '']
const BUTTONS = [
  ['arm', 'Arm', { kind: 'arm' }],
  ['disarm', 'Disarm', { kind: 'disarm' }, (v) => (inAir(v) ? `${v.id} may be flying: disarming stops its motors and it falls.` : '')],
  ['takeoff', 'Take off', { kind: 'takeoff' }],
  ['hold', 'Hold', { kind: 'hold' }],
  ['return', 'Return', { kind: 'return' }],
  ['land', 'Land', { kind: 'land' }],
  ['start', 'Start mission', { kind: 'start' }],
  ['pause', 'Pause', { kind: 'pause' }],
  ['resume', 'Resume', { kind: 'resume' }],
];

// facts beside the attitude indicator, then the full-width ones
const FACTS_TOP = [
  ['state', 'State'], ['pos', 'Position'], ['alt', 'Altitude'], ['speed', 'Speed'], ['home', 'Home'],
  ['battery', 'Battery'], ['gps', 'GPS'],
];
const FACTS = [
  ['wind', 'Wind'], ['prearm', 'Pre-arm'], ['health', 'Health'], ['mission', 'Mission'], ['link', 'Link'],
  ['seen', 'Last seen'],
];

function el(tag, props = {}, ...kids) {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids);
  return e;
}

/** set changes an element's text and class only when they differ (cheap per frame). */
function set(e, text, cls = '') {
  if (e.textContent !== text) e.textContent = text;
  if (e.className !== cls) e.className = cls;
}

/** Great-circle distance (m) and initial bearing (degrees) from a to b. */
export function rangeBearing(a, b) {
  const R = 6371008.8;
  const rad = Math.PI / 180;
  const f1 = a.lat * rad;
  const f2 = b.lat * rad;
  const df = f2 - f1;
  const dl = (b.lon - a.lon) * rad;
  const h = Math.sin(df / 2) ** 2 + Math.cos(f1) * Math.cos(f2) * Math.sin(dl / 2) ** 2;
  const dist = 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
  const y = Math.sin(dl) * Math.cos(f2);
  const x = Math.cos(f1) * Math.sin(f2) - Math.sin(f1) * Math.cos(f2) * Math.cos(dl);
  return { dist, bearing: (Math.atan2(y, x) / rad + 360) % 360 };
}

/**
 * createVehiclePanel builds the panel in root once; show(v) refreshes it.
 * fleetIDs() lists the fleet, to name it in confirmations.
 */
export function createVehiclePanel(root, fleetIDs = () => []) {
  let current = null; // the shown vehicle
  const shownRequests = new Set();
  let inFlight = 0; // orders of ours awaiting their HTTP answer

  const title = el('h2', { textContent: 'No vehicle selected' });
  title.dataset.testid = 'vehicle-title';
  const attitude = createAttitude();
  const fields = {};
  const factList = (list) => {
    const dl = el('dl', { className: 'facts' });
    for (const [key, label] of list) {
      fields[key] = el('dd');
      fields[key].dataset.testid = `v-${key}`;
      dl.append(el('dt', { textContent: label }), fields[key]);
    }
    return dl;
  };
  const factsTop = factList(FACTS_TOP);
  const facts = factList(FACTS);
  // mode, armed and status share the State line
  for (const key of ['mode', 'armed', 'status']) {
    fields[key] = el('span');
    fields[key].dataset.testid = `v-${key}`;
  }
  fields.state.append(fields.mode, ' · ', fields.armed, ' · ', fields.status);
  // mission progress bar and sensor list live inside their facts
  const missionText = el('span');
  const missionBar = el('progress', { max: 1, value: 0, className: 'mission-bar' });
  missionBar.dataset.testid = 'v-mission-progress';
  fields.mission.append(missionText, missionBar);
  const healthText = el('span');
  const sensors = el('ul', { className: 'sensors' });
  sensors.dataset.testid = 'v-sensors';
  const sensorBox = el('details', { className: 'sensor-box' }, el('summary', { textContent: 'sensors' }), sensors);
  fields.health.append(healthText, sensorBox);

  const alt = el('input', { type: 'number', id: 'takeoff-alt', value: '30', min: '1', max: '1000', step: '1' });
  alt.dataset.testid = 'takeoff-alt';
  // the take-off altitude is typed in the pilot's altitude unit, sent in metres
  let altFeet = units().altitude === 'ft';
  const altUnit = el('span', { textContent: altFeet ? 'ft above home' : 'm above home' });
  if (altFeet) alt.value = String(Math.round(30 * FEET_PER_METRE));
  const buttons = el('div', { className: 'buttons' });
  for (const [id, label, cmd, danger] of BUTTONS) {
    const b = el('button', { type: 'button', textContent: label, className: `cmd cmd-${id}` });
    b.dataset.testid = id === 'takeoff' ? 'takeoff' : `cmd-${id}`;
    b.addEventListener('click', () => command(label, cmd, danger));
    if (id === 'takeoff') {
      buttons.append(el('span', { className: 'takeoff' }, b,
        el('label', { htmlFor: 'takeoff-alt', textContent: 'to' }), alt, altUnit));
    } else {
      buttons.append(b);
    }
  }
  const result = el('p', { className: 'result', role: 'status' });
  result.dataset.testid = 'cmd-result';
  const messages = el('ol', { className: 'messages' });
  messages.dataset.testid = 'v-messages';

  const messagesHead = el('h3', { textContent: 'Messages' });
  const body = el('div', { className: 'vbody', hidden: true },
    el('div', { className: 'vtop' }, attitude.el, factsTop), facts, buttons, result, messagesHead, messages);
  root.replaceChildren(title, body);

  function showResult(ok, text, pending = false) {
    result.textContent = text;
    result.className = `result ${pending || ok === null ? 'pending' : ok ? 'ok' : 'fail'}`;
  }

  async function command(label, base, danger) {
    const v = current;
    if (!v) return;
    const cmd = { ...base };
    if (cmd.kind === 'takeoff') {
      const a = Number(alt.value);
      if (!alt.value.trim() || !Number.isFinite(a) || a <= 0) {
        showResult(false, `Take-off altitude must be a positive number of ${altFeet ? 'feet' : 'metres'}.`);
        alt.focus();
        return;
      }
      cmd.altitude = altFeet ? Math.round((a / FEET_PER_METRE) * 10) / 10 : a;
    }
    const opts = { label, fleet: fleetIDs };
    const why = danger ? danger(v) : '';
    if (why) opts.ask = { text: why, expect: v.id };
    showResult(true, `${v.id}: ${label} sent…`, true);
    inFlight++;
    try {
      const answer = await sendOrder([v.id], cmd, opts);
      if (answer.body?.request_id) shownRequests.add(answer.body.request_id);
      const [ok, text] = summarize(label, answer);
      showResult(ok, answer.cancelled ? `${v.id}: ${text}` : text);
    } catch (err) {
      showResult(false, `${v.id}: ${label} not sent: ${err.message}`);
    } finally {
      inFlight--;
    }
  }

  function render(v) {
    set(title, `${v.id} · ${v.type || 'vehicle'} · ${v.autopilot || ''}`);
    attitude.update(v.attitude, v.heading);
    set(fields.mode, v.mode || '—');
    set(fields.armed, v.armed ? 'ARMED' : 'disarmed', v.armed ? 'armed' : '');
    set(fields.status, [v.system_status, (v.landed || '').replace('_', ' ') + (v.landed && v.landed_from === 'judged' ? ' (judged)' : ''), v.failsafe ? 'FAILSAFE' : '', v.link_lost ? 'LINK LOST' : '', v.conflict ? 'ID CONFLICT' : '',
      v.zone_watch?.breach ? 'AIRSPACE BREACH' : v.zone_watch?.predicted ? `AIRSPACE IN ${Math.round(v.zone_watch.predicted_in)} s` : '']
      .filter(Boolean).join(', ') || '—', v.failsafe || v.link_lost || v.conflict || v.zone_watch?.breach ? 'crit' : v.zone_watch?.predicted ? 'warn' : '');
    const p = v.position || {};
    set(fields.pos, v.has_position ? fmtPos(p.lat, p.lon) : 'no position', v.has_position ? '' : 'warn');
    set(fields.alt, v.has_position ? `${fmtAlt(p.alt_rel)} rel · ${fmtAlt(p.alt_amsl)} AMSL` : '—');
    set(fields.speed, `${fmtSpeed(v.ground_speed)} · climb ${fmtClimb(v.climb_rate)}`);
    if (v.home && v.has_position) {
      const rb = rangeBearing(v.home, p);
      set(fields.home, `${fmtDistance(rb.dist)}, bearing ${fmtHeading(rb.bearing)}`);
    } else {
      set(fields.home, v.home ? fmtPos(v.home.lat, v.home.lon) : 'not set', v.home ? '' : 'warn');
    }
    const g = v.gps || {};
    set(fields.gps, `${FIX[g.fix] ?? g.fix ?? '—'} · ${known(g.satellites) ? g.satellites : '—'} sats · HDOP ${known(g.hdop) ? g.hdop : '—'}`, (g.fix ?? 0) < 3 ? 'warn' : '');
    const b = v.battery || {};
    const rem = known(b.remaining) ? b.remaining : -1;
    set(fields.battery, `${fmtPercent(rem)} · ${known(b.voltage) ? b.voltage.toFixed(1) : '—'} V${known(b.current) && b.current >= 0 ? ` · ${Math.round(b.current)} A` : ''}`,
      rem >= 0 && rem < 15 ? 'crit' : rem >= 0 && rem < 30 ? 'warn' : '');
    const w = v.wind || {};
    set(fields.wind, w.speed > 0.05 ? `from ${fmtHeading(w.direction)} at ${fmtSpeed(w.speed)}` : 'calm or not reported');
    const h = v.health || {};
    set(fields.prearm, !h.prearm_known ? 'not reported' : h.prearm_ok ? 'OK' : 'FAILING', h.prearm_known && !h.prearm_ok ? 'warn' : '');
    renderHealth(h.sensors || []);
    renderMission(v.mission || {});
    renderLink(v);
    set(fields.seen, fmtTime(v.last_seen));
    renderMessages(v.messages || []);
  }

  let sensorKey = '';
  function renderHealth(list) {
    const bad = list.filter((s) => s.enabled && !s.healthy).map((s) => s.name.replaceAll('_', ' '));
    const on = list.filter((s) => s.enabled).length;
    const hc = bad.length ? 'crit' : '';
    if (fields.health.className !== hc) fields.health.className = hc;
    set(healthText, !list.length ? 'not reported ' : bad.length ? `UNHEALTHY: ${bad.join(', ')} ` : `${on} sensors healthy `);
    const key = list.map((s) => `${s.name}${+s.enabled}${+s.healthy}`).join();
    if (key === sensorKey) return;
    sensorKey = key;
    sensors.replaceChildren(...list.map((s) => {
      const state = !s.enabled ? 'off' : s.healthy ? 'ok' : 'bad';
      const li = el('li', { className: `sensor sensor-${state}`, textContent: s.name.replaceAll('_', ' ') });
      li.title = !s.enabled ? 'present, not enabled' : s.healthy ? 'enabled, healthy' : 'enabled, NOT healthy';
      return li;
    }));
  }

  function renderMission(m) {
    const total = m.total ?? -1;
    const cur = m.current ?? -1;
    const st = (m.state || 'unknown').replaceAll('_', ' ');
    set(missionText, total > 0 ? `${st} · item ${Math.max(cur, 0)} of ${total - 1} ` : `${st} `);
    missionBar.hidden = !(total > 1);
    if (total > 1) {
      const value = m.state === 'complete' ? total - 1 : Math.max(0, Math.min(cur, total - 1));
      if (missionBar.max !== total - 1) missionBar.max = total - 1; // item 0 is home on ArduPilot
      if (missionBar.value !== value) missionBar.value = value;
    }
  }

  function renderLink(v) {
    const paths = v.paths || [];
    const text = paths.map((p) => `${p.link}${p.active ? ' (active)' : ''}: ${p.up ? `${Math.round((p.loss || 0) * 100)}% loss, ${Math.round(p.rate || 0)}/s` : 'DOWN'}`).join(' · ');
    const degraded = paths.some((p) => !p.up || p.loss > 0.2);
    const rej = v.rejected?.count ? ` · ${v.rejected.count} impossible report${v.rejected.count === 1 ? '' : 's'} refused (${v.rejected.last})` : '';
    set(fields.link, v.link_lost ? `LOST · ${text || 'no path'}${rej}` : `${text || '—'}${rej}`, v.link_lost ? 'crit' : degraded || rej ? 'warn' : '');
  }

  let msgKey = '';
  function renderMessages(list) {
    const msgs = list.slice(-8).reverse();
    messagesHead.hidden = !msgs.length;
    messages.hidden = !msgs.length;
    const key = msgs.map((s) => `${s.at}${s.text}`).join('\n');
    if (key === msgKey) return;
    msgKey = key;
    messages.replaceChildren(...msgs.map((s) => el('li', { className: s.severity <= 3 ? 'crit' : s.severity === 4 ? 'warn' : '' },
      `${fmtTime(s.at)} ${SEVERITY[s.severity] ?? s.severity} ${s.text}`)));
  }

  const panel = {
    /** show displays v (null: nothing selected). */
    show(v) {
      const changed = (v && v.id) !== (current && current.id);
      current = v;
      body.hidden = !v;
      if (!v) {
        title.textContent = 'No vehicle selected';
        return;
      }
      if (changed) {
        result.textContent = '';
        msgKey = '';
      }
      render(v);
    },
    /** result takes a result message of the feed (another console's order too). */
    result(data) {
      if (!current || inFlight > 0 || shownRequests.has(data.request_id)) return;
      const r = (data.results || []).find((x) => x.vehicle === current.id);
      const under = r?.override ? ` UNDER AN OVERRIDE by ${r.override.by} (${r.override.reason}): ${(r.overridden || []).join('; ')}` : '';
      if (r) showResult(r.ok, r.ok ? `${r.vehicle}: order (from another console) accepted${under}` : `${r.vehicle}: order (from another console) failed: ${r.error || 'refused'}`);
    },
  };
  subscribe((u) => {
    const feet = u.altitude === 'ft';
    if (feet !== altFeet) {
      const a = Number(alt.value);
      if (alt.value.trim() && Number.isFinite(a)) alt.value = String(Math.round(feet ? a * FEET_PER_METRE : a / FEET_PER_METRE));
      altFeet = feet;
      altUnit.textContent = feet ? 'ft above home' : 'm above home';
    }
    msgKey = '';
    if (current) render(current);
  });
  return panel;
}
