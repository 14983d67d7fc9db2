// The video wall: the live video of every vehicle with a camera stream,
// in a grid over the map (1, 2×2 or 3×3 tiles; the first nine vehicles in
// id order, the rest named). Each tile shows its vehicle's first stream
// with a short health line; clicking a tile selects the vehicle.
import { createPlayer } from './video.js';
import { streamsOf, healthLine } from './videohealth.js';
import { el } from './plandom.js';
import { overlay } from './detboxes.js';

const MAX_TILES = 9;
const byName = new Intl.Collator('en', { numeric: true }).compare;

/** createVideoWall fills root (hidden until toggled on); onSelect(id) on a tile click. */
export function createVideoWall(root, onSelect) {
  const tiles = new Map(); // "id/key" -> {el, player, id, key, line}
  const grid = el('div', { className: 'videowall-grid' });
  const more = el('p', { className: 'videowall-more', testid: 'video-wall-more' });
  const empty = el('p', { className: 'videowall-empty', textContent: 'No vehicle has a camera stream.' });
  root.replaceChildren(grid, more, empty);
  root.hidden = true;
  let shown = false;

  function tile(v, s) {
    const canvas = el('canvas', { className: 'video-canvas', width: 640, height: 360, testid: `video-tile-canvas-${v.id}`, dataset: { vehicle: v.id, key: s.key } });
    const line = el('p', { className: 'videowall-line' });
    const name = el('span', { className: 'videowall-name', textContent: `${v.id} · ${s.stream.name || s.key}` });
    const box = el('button', { type: 'button', className: 'videowall-tile', testid: `video-tile-${v.id}`, title: `Select ${v.id}` }, canvas, name, line);
    box.addEventListener('click', () => onSelect(v.id));
    const t = { el: box, line, id: v.id, key: s.key, info: null, health: s.stream.health, unboxed: overlay(canvas, `video-tile-boxes-${v.id}`) };
    t.player = createPlayer(canvas, (info) => {
      t.info = info;
      const l = healthLine(t.health, info);
      line.textContent = l.text;
      line.className = `videowall-line ${l.level}`;
    });
    t.player.play(v.id, s.key);
    return t;
  }

  function update(vehicles) {
    const want = vehicles.filter((v) => streamsOf(v).length).sort((a, b) => byName(a.id, b.id));
    const keep = new Set();
    const order = [];
    for (const v of want.slice(0, MAX_TILES)) {
      const s = streamsOf(v)[0];
      const k = `${v.id}/${s.key}`;
      keep.add(k);
      let t = tiles.get(k);
      if (!t) {
        t = tile(v, s);
        tiles.set(k, t);
      }
      t.health = s.stream.health;
      order.push(t.el);
    }
    for (const [k, t] of tiles) {
      if (!keep.has(k)) {
        t.player.destroy();
        t.unboxed();
        t.el.remove();
        tiles.delete(k);
      }
    }
    if (order.some((e, i) => grid.children[i] !== e) || grid.children.length !== order.length) grid.replaceChildren(...order);
    const n = order.length;
    grid.dataset.size = n <= 1 ? '1' : n <= 4 ? '2' : '3';
    more.textContent = want.length > MAX_TILES ? `and ${want.length - MAX_TILES} more: ${want.slice(MAX_TILES).map((v) => v.id).join(', ')}` : '';
    more.hidden = !more.textContent;
    empty.hidden = n > 0;
  }

  return {
    get shown() { return shown; },
    /** toggle shows (with the fleet's states) or hides the wall. */
    toggle(on, vehicles = []) {
      shown = on;
      root.hidden = !on;
      if (on) {
        update(vehicles);
        return;
      }
      for (const t of tiles.values()) {
        t.player.destroy();
        t.unboxed();
      }
      tiles.clear();
      grid.replaceChildren();
    },
    update,
  };
}
