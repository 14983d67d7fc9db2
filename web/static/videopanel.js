// The selected vehicle's video: a stream picker (when the vehicle has
// several), the live picture (video.js), the health line (state, fps,
// bitrate, resolution, codec, delay behind capture) with what is wrong in
// words, recording (start, stop, the file and its size), a snapshot link,
// the gimbal controls (gimbal.js) and the toggle of the video wall
// (videowall.js). A vehicle without a camera says so; nothing here can
// break the rest of the console.
import { createPlayer } from './video.js';
import { streamsOf, healthLine, problems, fmtBytes } from './videohealth.js';
import { createGimbal } from './gimbal.js';
import { createVideoWall } from './videowall.js';
import { overlay } from './detboxes.js';
import { el } from './plandom.js';
import { fmtTime } from './units.js';

const streamPath = (id, key) => `/api/vehicles/${encodeURIComponent(id)}/streams/${encodeURIComponent(key)}`;

/**
 * createVideoPanel builds the panel in root. opts: map (the Leaflet map or
 * null, for "point camera here"), wallRoot (where the video wall goes),
 * onSelect(id) (a wall tile clicked). Returns {show(v), fleet(list)}.
 */
export function createVideoPanel(root, opts = {}) {
  let current = null;
  let key = ''; // the stream shown
  const chosen = new Map(); // vehicle id -> the stream key the pilot picked
  let list = [];

  const wallToggle = el('button', { type: 'button', className: 'toggle', textContent: 'Video wall', testid: 'video-wall-toggle', title: 'Every vehicle\'s video over the map' });
  wallToggle.setAttribute('aria-pressed', 'false');
  const message = el('p', { className: 'video-message', testid: 'video-message', textContent: 'No vehicle selected' });
  const picker = el('select', { testid: 'video-stream', ariaLabel: 'Stream' });
  const pickerRow = el('label', { className: 'video-picker' }, el('span', { textContent: 'Stream' }), picker);
  const canvas = el('canvas', { className: 'video-canvas', width: 640, height: 360, testid: 'video-canvas' });
  canvas.setAttribute('aria-label', 'Live video');
  const health = el('p', { className: 'video-health', testid: 'video-health', role: 'status' });
  const errors = el('ul', { className: 'video-errors', testid: 'video-errors' });
  const recState = el('span', { className: 'rec-state', testid: 'rec-state' });
  const recStart = el('button', { type: 'button', textContent: 'Record', testid: 'rec-start', className: 'rec-start' });
  const recStop = el('button', { type: 'button', textContent: 'Stop recording', testid: 'rec-stop' });
  const snapshot = el('a', { textContent: 'Snapshot', testid: 'video-snapshot', target: '_blank', rel: 'noopener', className: 'video-snapshot' });
  const recResult = el('p', { className: 'result', role: 'status', testid: 'rec-result' });
  const gimbalRoot = el('div', { className: 'gimbal' });
  const gimbal = createGimbal(gimbalRoot, opts.map || null);
  const view = el('div', { className: 'video-view' }, pickerRow, canvas, health, errors,
    el('div', { className: 'buttons video-rec' }, recStart, recStop, snapshot, recState), recResult);
  const body = el('div', { className: 'video-body' }, view, gimbalRoot);
  root.replaceChildren(el('div', { className: 'video-head' }, el('h2', { id: 'video-h', textContent: 'Video' }), wallToggle), message, body);
  body.hidden = true;
  overlay(canvas, 'video-boxes'); // the detection boxes over the picture

  const wall = opts.wallRoot ? createVideoWall(opts.wallRoot, (id) => opts.onSelect?.(id)) : null;
  wallToggle.hidden = !wall;
  wallToggle.addEventListener('click', () => {
    const on = wallToggle.getAttribute('aria-pressed') !== 'true';
    wallToggle.setAttribute('aria-pressed', String(on));
    wall.toggle(on, list);
  });

  let info = null;
  const player = createPlayer(canvas, (i) => {
    info = i;
    renderHealth();
  });

  const streamOf = () => streamsOf(current).find((s) => s.key === key)?.stream;

  function renderHealth() {
    if (!current || !key || !info) return;
    const h = streamOf()?.health;
    const line = healthLine(h, info);
    if (health.textContent !== line.text) health.textContent = line.text;
    health.className = `video-health ${line.level}`;
    health.dataset.state = line.state;
    health.dataset.view = info.state;
    health.dataset.delay = info.delay === null ? '' : info.delay.toFixed(1);
    health.dataset.skew = info.skew.toFixed(1);
    const probs = problems(h, info);
    const text = probs.join('\n');
    if (errors.dataset.text !== text) {
      errors.dataset.text = text;
      errors.replaceChildren(...probs.map((p) => el('li', { textContent: p })));
    }
  }

  function renderRecording(s) {
    const r = s?.recording;
    recStart.disabled = !!r;
    recStop.disabled = !r;
    const text = r ? `● REC ${r.file} · ${fmtBytes(r.bytes)} · since ${fmtTime(r.started)}` : 'not recording';
    if (recState.textContent !== text) recState.textContent = text;
    recState.classList.toggle('recording', !!r);
  }

  async function recording(method) {
    const v = current;
    const k = key;
    if (!v || !k) return;
    const label = method === 'POST' ? 'Start recording' : 'Stop recording';
    recResult.textContent = `${label}…`;
    recResult.className = 'result pending';
    try {
      const res = await fetch(`${streamPath(v.id, k)}/recording`, { method });
      const data = await res.json().catch(() => ({}));
      if (!res.ok) throw new Error(data.error || `HTTP ${res.status}`);
      recResult.textContent = method === 'POST'
        ? `Recording to ${data.file}`
        : `Recorded ${data.file} (${fmtBytes(data.bytes)})`;
      recResult.className = 'result ok';
    } catch (err) {
      recResult.textContent = `${label} failed: ${err.message}`;
      recResult.className = 'result fail';
    }
  }
  recStart.addEventListener('click', () => recording('POST'));
  recStop.addEventListener('click', () => recording('DELETE'));

  picker.addEventListener('change', () => {
    if (!current) return;
    chosen.set(current.id, picker.value);
    render(current);
  });

  function setMessage(text) {
    if (message.textContent !== text) message.textContent = text;
    message.hidden = !text;
  }

  function render(v) {
    const streams = streamsOf(v);
    gimbal.show(v);
    if (!streams.length) {
      player.stop();
      key = '';
      setMessage(`${v.id} has no camera stream${v.gimbal ? '' : ' (no camera reported)'}.`);
      view.hidden = true;
      gimbalRoot.hidden = !v.gimbal && !(v.cameras || []).length;
      body.hidden = gimbalRoot.hidden;
      return;
    }
    setMessage('');
    body.hidden = false;
    view.hidden = false;
    gimbalRoot.hidden = false;
    const want = chosen.get(v.id);
    const next = streams.some((s) => s.key === want) ? want : streams[0].key;
    const optsKey = streams.map((s) => `${s.key}\u0000${s.label}`).join('\u0001');
    if (picker.dataset.key !== optsKey) {
      picker.dataset.key = optsKey;
      picker.replaceChildren(...streams.map((s) => el('option', { value: s.key, textContent: s.label })));
    }
    if (picker.value !== next) picker.value = next;
    pickerRow.hidden = streams.length < 2;
    if (next !== key) {
      key = next;
      canvas.dataset.key = key;
      snapshot.href = `${streamPath(v.id, key)}/snapshot.jpg`;
      recResult.textContent = '';
      info = null;
      health.textContent = '';
      errors.replaceChildren();
      errors.dataset.text = '';
    }
    player.play(v.id, key);
    renderRecording(streams.find((s) => s.key === key)?.stream);
    renderHealth();
  }

  return {
    /** show displays v's video (null: nothing selected). */
    show(v) {
      try {
        const changed = (v && v.id) !== (current && current.id);
        current = v;
        if (changed) {
          key = '';
          canvas.dataset.vehicle = v ? v.id : '';
        }
        if (!v) {
          player.stop();
          gimbal.show(null);
          body.hidden = true;
          setMessage('Select a vehicle to see its video.');
          return;
        }
        render(v);
      } catch (err) {
        console.error('skerry: video panel', err); // never break the console's redraw
      }
    },
    /** fleet takes every vehicle state (for the video wall). */
    fleet(vehicles) {
      list = vehicles;
      if (wall?.shown) {
        try {
          wall.update(vehicles);
        } catch (err) {
          console.error('skerry: video wall', err);
        }
      }
    },
  };
}
