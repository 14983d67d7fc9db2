// Gimbal control for the selected vehicle, in the video panel: the
// reported attitude (pitch, yaw to the vehicle and to north, the point
// looked at), a pitch slider (−90 nadir … +30) and a yaw slider (−180 …
// 180, relative to the vehicle's heading) that order `gimbal` when let go,
// "Point camera here" (the next map click orders `look_at` that point;
// Escape cancels) and "Free" (`look_free`). Orders go through commands.js.
import { sendOrder, summarize } from './commands.js';
import { el } from './plandom.js';
import { fmtPos } from './units.js';

const known = (x) => typeof x === 'number' && Number.isFinite(x);
const deg = (x) => (known(x) ? `${Math.round(x)}°` : '?');

/** createGimbal builds the controls into root; map is the Leaflet map (null without one). */
export function createGimbal(root, map) {
  let current = null;
  let picking = false;
  const state = el('p', { className: 'gimbal-state', testid: 'gimbal-state' });
  const pitch = el('input', { type: 'range', min: '-90', max: '30', step: '1', value: '-45', testid: 'gimbal-pitch', id: 'gimbal-pitch' });
  const yaw = el('input', { type: 'range', min: '-180', max: '180', step: '1', value: '0', testid: 'gimbal-yaw', id: 'gimbal-yaw' });
  const pitchOut = el('output', { htmlFor: 'gimbal-pitch', textContent: '-45°' });
  const yawOut = el('output', { htmlFor: 'gimbal-yaw', textContent: '0°' });
  const point = el('button', { type: 'button', textContent: 'Point camera here', testid: 'gimbal-point', title: 'Then click the map where the camera should look' });
  point.setAttribute('aria-pressed', 'false');
  const free = el('button', { type: 'button', textContent: 'Free', testid: 'gimbal-free', title: 'Stop looking at a point: the pilot steers the gimbal' });
  const result = el('p', { className: 'result', role: 'status', testid: 'gimbal-result' });
  root.replaceChildren(
    el('h3', { textContent: 'Gimbal' }),
    state,
    el('div', { className: 'gimbal-sliders' },
      el('label', { htmlFor: 'gimbal-pitch', textContent: 'Pitch' }), pitch, pitchOut,
      el('label', { htmlFor: 'gimbal-yaw', textContent: 'Yaw' }), yaw, yawOut),
    el('div', { className: 'buttons' }, point, free),
    result);

  const show = (ok, text) => {
    result.textContent = text;
    result.className = `result ${ok === null ? 'pending' : ok ? 'ok' : 'fail'}`;
  };
  async function order(label, command) {
    const v = current;
    if (!v) return;
    show(null, `${v.id}: ${label} sent…`);
    try {
      const answer = await sendOrder([v.id], command, { label });
      show(...summarize(label, answer));
    } catch (err) {
      show(false, `${v.id}: ${label} not sent: ${err.message}`);
    }
  }

  pitch.addEventListener('input', () => { pitchOut.textContent = `${pitch.value}°`; });
  yaw.addEventListener('input', () => { yawOut.textContent = `${yaw.value}°`; });
  // one order when the slider is let go; arrow keys fire a change per
  // step: the last within 300 ms goes
  let aimTimer = 0;
  const aim = () => {
    clearTimeout(aimTimer);
    aimTimer = setTimeout(() => order('Gimbal', { kind: 'gimbal', pitch: Number(pitch.value), yaw: Number(yaw.value) }), 300);
  };
  pitch.addEventListener('change', aim);
  yaw.addEventListener('change', aim);
  free.addEventListener('click', () => order('Free gimbal', { kind: 'look_free' }));

  const onMapClick = (e) => {
    stopPicking();
    order('Point camera', { kind: 'look_at', lat: e.latlng.lat, lon: e.latlng.lng });
  };
  const onKey = (e) => {
    if (e.key === 'Escape') {
      stopPicking();
      show(null, 'Point camera: cancelled');
    }
  };
  function stopPicking() {
    if (!picking) return;
    picking = false;
    point.setAttribute('aria-pressed', 'false');
    map?.off('click', onMapClick);
    map?.getContainer().classList.remove('gimbal-picking');
    document.removeEventListener('keydown', onKey);
  }
  point.addEventListener('click', () => {
    if (picking) {
      stopPicking();
      return;
    }
    if (!map) {
      show(false, 'Point camera: there is no map to click');
      return;
    }
    picking = true;
    point.setAttribute('aria-pressed', 'true');
    map.getContainer().classList.add('gimbal-picking');
    map.once('click', onMapClick);
    document.addEventListener('keydown', onKey);
    show(null, 'Click the map where the camera should look (Escape cancels)');
  });

  return {
    /** show displays v's gimbal (v null: nothing). */
    show(v) {
      const changed = (v && v.id) !== (current && current.id);
      current = v;
      if (changed) {
        stopPicking();
        result.textContent = '';
        const g = v?.gimbal;
        if (g && known(g.pitch)) pitch.value = String(Math.round(Math.max(-90, Math.min(30, g.pitch))));
        if (g && known(g.yaw)) yaw.value = String(Math.round(((g.yaw + 540) % 360) - 180));
        pitchOut.textContent = `${pitch.value}°`;
        yawOut.textContent = `${yaw.value}°`;
      }
      const g = v?.gimbal;
      // the bearing the camera looks along: reported, or the vehicle's
      // heading plus the gimbal's yaw to the vehicle; left out if neither
      const north = g && (known(g.yaw_earth) ? g.yaw_earth
        : (known(g.yaw) && known(v?.heading) ? (((v.heading + g.yaw) % 360) + 360) % 360 : null));
      const text = g
        ? `pitch ${deg(g.pitch)} · yaw ${deg(g.yaw)}${north !== null ? ` (bearing ${deg(north)})` : ''}${g.roi ? ` · looking at ${fmtPos(g.roi.lat, g.roi.lon)}` : ''}`
        : 'no gimbal attitude reported';
      if (state.textContent !== text) state.textContent = text;
    },
  };
}
