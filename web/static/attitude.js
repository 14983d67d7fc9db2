// The attitude indicator: an artificial horizon (SVG) drawn from the
// vehicle's roll and pitch, with a roll scale, a pitch ladder every 10° and
// the heading read out below. Roll right (positive) tilts the horizon left,
// pitch up (positive) moves it down, as in a cockpit instrument.
import { fmtHeading } from './units.js';

const NS = 'http://www.w3.org/2000/svg';
const PX_PER_DEG = 1.4; // pitch scale
let uid = 0;

function svg(tag, attrs = {}) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
const num = (x) => (typeof x === 'number' && Number.isFinite(x) ? x : 0);

/** createAttitude returns {el, update(attitude, heading)}; el is the whole instrument. */
export function createAttitude() {
  const id = `adi-clip-${++uid}`;
  const root = document.createElement('figure');
  root.className = 'attitude';
  root.dataset.testid = 'attitude';
  root.setAttribute('role', 'img');

  const s = svg('svg', { viewBox: '-60 -60 120 120', width: '120', height: '120', 'aria-hidden': 'true' });
  const clip = svg('clipPath', { id });
  clip.append(svg('circle', { r: '57' }));
  const defs = svg('defs');
  defs.append(clip);

  const world = svg('g', { 'clip-path': `url(#${id})` });
  const horizon = svg('g', { class: 'adi-horizon' });
  horizon.append(
    svg('rect', { x: '-200', y: '-400', width: '400', height: '400', class: 'adi-sky' }),
    svg('rect', { x: '-200', y: '0', width: '400', height: '400', class: 'adi-ground' }),
    svg('line', { x1: '-200', x2: '200', y1: '0', y2: '0', class: 'adi-line' }),
  );
  for (let p = -60; p <= 60; p += 10) {
    if (p === 0) continue;
    const y = -p * PX_PER_DEG;
    const w = p % 20 === 0 ? 18 : 10;
    horizon.append(svg('line', { x1: -w, x2: w, y1: y, y2: y, class: 'adi-ladder' }));
    if (p % 20 === 0) {
      const t = svg('text', { x: w + 3, y: y + 3, class: 'adi-ladder-text' });
      t.textContent = String(Math.abs(p));
      horizon.append(t);
    }
  }
  // the roll pointer turns with the horizon, against the fixed scale
  horizon.append(svg('path', { d: 'M0,-47 l-4,7 h8 z', class: 'adi-pointer' }));
  world.append(horizon);

  const scale = svg('g', { class: 'adi-scale' });
  for (const a of [-60, -45, -30, -20, -10, 0, 10, 20, 30, 45, 60]) {
    const long = a % 30 === 0;
    scale.append(svg('line', { x1: '0', x2: '0', y1: '-57', y2: long ? '-48' : '-52', transform: `rotate(${a})` }));
  }
  const plane = svg('g', { class: 'adi-plane' });
  plane.append(
    svg('path', { d: 'M-34,0 H-12 L-6,6 M34,0 H12 L6,6', class: 'adi-plane-outline' }),
    svg('path', { d: 'M-34,0 H-12 L-6,6 M34,0 H12 L6,6', class: 'adi-plane-wing' }),
    svg('circle', { r: '2.5', class: 'adi-plane-dot' }),
  );
  s.append(defs, world, svg('circle', { r: '57', class: 'adi-rim' }), scale, plane);

  const readout = document.createElement('figcaption');
  readout.className = 'adi-readout';
  const hdg = document.createElement('span');
  hdg.className = 'adi-hdg';
  hdg.dataset.testid = 'attitude-heading';
  const rp = document.createElement('span');
  rp.className = 'adi-rp';
  readout.append(hdg, rp);
  root.append(s, readout);

  let last = '';
  return {
    el: root,
    /** update draws attitude {roll, pitch, yaw} (degrees) and heading (degrees). */
    update(att, heading) {
      const roll = num(att?.roll);
      const pitch = num(att?.pitch);
      const key = `${roll.toFixed(1)} ${pitch.toFixed(1)} ${Math.round(num(heading))}`;
      if (key === last) return;
      last = key;
      const y = clamp(pitch, -90, 90) * PX_PER_DEG;
      horizon.setAttribute('transform', `rotate(${(-roll).toFixed(1)}) translate(0 ${y.toFixed(1)})`);
      root.dataset.roll = roll.toFixed(1);
      root.dataset.pitch = pitch.toFixed(1);
      hdg.textContent = `HDG ${fmtHeading(heading)}`;
      const r = Math.round(roll);
      const p = Math.round(pitch);
      rp.textContent = `R ${Math.abs(r)}°${r > 0 ? 'R' : r < 0 ? 'L' : ''} P ${p > 0 ? '+' : ''}${p}°`;
      root.setAttribute('aria-label', `Attitude: roll ${Math.abs(r)}° ${r >= 0 ? 'right' : 'left'}, pitch ${Math.abs(p)}° ${p >= 0 ? 'up' : 'down'}, heading ${fmtHeading(heading)}`);
    },
  };
}
