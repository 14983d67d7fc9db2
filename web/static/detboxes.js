// Detection boxes over live video: the station's `detections` messages
// (one analysed frame of one stream: its size and its boxes in pixels,
// top-left origin, each with its score and the contact it was assigned
// to) drawn as an SVG laid exactly over the picture a video canvas shows
// (the canvas letterboxes its frame: object-fit contain), labelled with the
// contact's id. Only the latest detections of each vehicle and stream
// count; they show for HOLD ms, then fade out over FADE ms. A canvas says
// what it shows in its data-vehicle and data-key (video.js's players).

const HOLD = 1000; // ms a frame's boxes show at full strength
const FADE = 500; // ms they then take to fade out
const LABEL_PX = 12; // labels' size on the screen
const SVG = 'http://www.w3.org/2000/svg';

const latest = new Map(); // "vehicle/stream" -> {det, at (performance.now()), seq}
const overlays = new Set(); // {canvas, svg, seq}
let seq = 0;
let frame = 0;

const finite = (x) => typeof x === 'number' && Number.isFinite(x);

/** validBoxes keeps a detection's boxes that can be drawn. */
function validBoxes(det) {
  return (Array.isArray(det.boxes) ? det.boxes : []).filter((b) => b && finite(b.x) && finite(b.y) && finite(b.w) && finite(b.h) && b.w > 0 && b.h > 0);
}

/** showDetections takes one `detections` message's data. */
export function showDetections(det) {
  if (!det || typeof det.vehicle !== 'string' || typeof det.stream !== 'string' || !(det.width > 0) || !(det.height > 0)) {
    console.warn('skerry: detections without a vehicle, a stream or a frame size', det);
    return;
  }
  latest.set(`${det.vehicle}/${det.stream}`, { det: { ...det, boxes: validBoxes(det) }, at: performance.now(), seq: ++seq });
  if (!frame && overlays.size) frame = requestAnimationFrame(tick);
}

const svgEl = (tag, attrs) => {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
};

/**
 * overlay lays the boxes over canvas (a video canvas, in a positioned
 * parent); testid names the overlay. Returns a function that removes it.
 */
export function overlay(canvas, testid = '') {
  const svg = svgEl('svg', { class: 'det-overlay', preserveAspectRatio: 'none', 'aria-hidden': 'true' });
  if (testid) svg.dataset.testid = testid;
  svg.style.display = 'none';
  canvas.after(svg);
  const o = { canvas, svg, seq: 0, scale: 1 };
  overlays.add(o);
  if (!frame) frame = requestAnimationFrame(tick);
  return () => {
    overlays.delete(o);
    svg.remove();
  };
}

/** contentRect is where a letterboxed canvas's picture is, in its parent's coordinates. */
function contentRect(c) {
  const W = c.clientWidth;
  const H = c.clientHeight;
  if (!W || !H || !c.width || !c.height) return null;
  const s = Math.min(W / c.width, H / c.height);
  const w = c.width * s;
  const h = c.height * s;
  return { left: c.offsetLeft + c.clientLeft + (W - w) / 2, top: c.offsetTop + c.clientTop + (H - h) / 2, width: w, height: h };
}

function render(o, d, scale) {
  const { det } = d;
  const svg = o.svg;
  svg.setAttribute('viewBox', `0 0 ${det.width} ${det.height}`);
  svg.dataset.vehicle = det.vehicle;
  svg.dataset.stream = det.stream;
  svg.dataset.boxes = String(det.boxes.length);
  svg.dataset.captured = det.captured || '';
  const fs = LABEL_PX / scale; // in the frame's pixels: LABEL_PX on the screen
  svg.replaceChildren(...det.boxes.map((b) => {
    const g = svgEl('g', { class: b.vessel ? 'det-box assigned' : 'det-box' });
    g.dataset.testid = 'det-box';
    g.dataset.vessel = b.vessel || '';
    g.dataset.box = `${b.x},${b.y},${b.w},${b.h}`;
    g.append(svgEl('rect', { x: b.x, y: b.y, width: b.w, height: b.h, 'vector-effect': 'non-scaling-stroke' }));
    const label = `${b.vessel || '?'}${finite(b.score) ? ` ${Math.round(b.score * 100)}%` : ''}`;
    const above = b.y - fs * 0.3 >= fs;
    const t = svgEl('text', { x: b.x, y: above ? b.y - fs * 0.3 : b.y + b.h + fs, 'font-size': fs });
    t.textContent = label;
    g.append(t);
    return g;
  }));
  o.seq = d.seq;
  o.scale = scale;
}

function tick() {
  frame = 0;
  const now = performance.now();
  let live = false;
  for (const o of overlays) {
    try {
      const c = o.canvas;
      const d = latest.get(`${c.dataset.vehicle}/${c.dataset.key}`);
      const age = d ? now - d.at : Infinity;
      const r = age < HOLD + FADE && c.offsetParent ? contentRect(c) : null;
      if (!r) {
        if (o.svg.style.display !== 'none') o.svg.style.display = 'none';
        continue;
      }
      live = true;
      const scale = r.width / d.det.width;
      if (o.seq !== d.seq || Math.abs(scale - o.scale) > 0.01 * o.scale) render(o, d, scale);
      Object.assign(o.svg.style, { display: '', left: `${r.left}px`, top: `${r.top}px`, width: `${r.width}px`, height: `${r.height}px`, opacity: String(age < HOLD ? 1 : Math.max(0, 1 - (age - HOLD) / FADE)) });
    } catch (err) {
      console.error('skerry: detection boxes', err);
    }
  }
  // drop what can no longer show; keep drawing while something shows
  for (const [k, d] of latest) if (now - d.at > HOLD + FADE) latest.delete(k);
  if (live && overlays.size) frame = requestAnimationFrame(tick);
}
