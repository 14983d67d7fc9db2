// Vehicle labels that never overlap. Each label (the vehicle's id, beside
// its arrow) is placed in the first free spot of right, left, below, above,
// in order of importance: the selected vehicle first, then vehicles with
// unacknowledged critical alerts, then any active alert, then by id
// (natural order: sim1-2 before sim1-10). Free means clear of the labels
// already placed and of every other vehicle's arrow (an arrow drawn over a
// label makes it unreadable). A label with no free spot is hidden; the
// marker still names the vehicle on hover and keyboard focus (CSS) and in
// its title. The selected vehicle's label always shows: if no spot is clear
// of arrows it takes one clear of labels (map.js raises its marker). A
// label keeps its current spot while it stays free, so labels do not
// flicker as vehicles move.
//
// Boxes are computed, not measured: container points from the map, and
// label widths from canvas text metrics, once per id. A pass runs in an
// animation frame, at most one a frame (on zoom, move, selection) and one
// every 100 ms for fleet updates; only changed placements touch the DOM
// (the marker element's data-label: right, left, below, above or hidden).

export const SPOTS = ['right', 'left', 'below', 'above'];
const H = 15; // label height, px (12px bold, normal line height)
const PAD = 2; // clear space kept around a label, px
const CELL = 64; // grid cell for the overlap search, px
const FLEET_MS = 100; // fleet updates re-place labels at most this often, ms
// The arrow's box around the vehicle's point: its path turned to any heading.
const ARROW = [-12, -12, 12, 12];

/**
 * box gives the box [x0, y0, x1, y1] a label w px wide takes at spot beside
 * point (x, y), PAD included: it matches .veh-label's CSS for each spot.
 */
export function box(spot, x, y, w) {
  switch (spot) {
    case 'left': return [x - 12 - w - PAD, y - 10 - PAD, x - 12 + PAD, y - 10 + H + PAD];
    case 'below': return [x - w / 2 - PAD, y + 14 - PAD, x + w / 2 + PAD, y + 14 + H + PAD];
    case 'above': return [x - w / 2 - PAD, y - 14 - H - PAD, x + w / 2 + PAD, y - 14 + PAD];
    default: return [x + 12 - PAD, y - 10 - PAD, x + 12 + w + PAD, y - 10 + H + PAD];
  }
}

/** grid is a spatial hash of boxes [x0, y0, x1, y1, owner] for overlap queries. */
function grid() {
  const cells = new Map(); // (cx, cy) packed in one number -> boxes
  const key = (cx, cy) => (cx + 32768) * 65536 + (cy + 32768);
  const lo = (v) => Math.floor(v / CELL);
  return {
    add(b) {
      for (let cx = lo(b[0]); cx <= lo(b[2]); cx++) {
        for (let cy = lo(b[1]); cy <= lo(b[3]); cy++) {
          const k = key(cx, cy);
          const list = cells.get(k);
          if (list) list.push(b);
          else cells.set(k, [b]);
        }
      }
    },
    /** hits tells whether b overlaps a box of another owner than b's. */
    hits(b) {
      for (let cx = lo(b[0]); cx <= lo(b[2]); cx++) {
        for (let cy = lo(b[1]); cy <= lo(b[3]); cy++) {
          for (const e of cells.get(key(cx, cy)) || []) {
            if (e[4] !== b[4] && e[0] < b[2] && b[0] < e[2] && e[1] < b[3] && b[1] < e[3]) return true;
          }
        }
      }
      return false;
    },
  };
}

// natural is an id's sort key: digit runs padded, so sim1-2 < sim1-10.
const naturals = new Map();
function natural(id) {
  let k = naturals.get(id);
  if (k === undefined) {
    k = id.replace(/\d+/g, (d) => d.padStart(12, '0'));
    naturals.set(id, k);
  }
  return k;
}

/**
 * placeLabels decides where each label goes. items: [{id, x, y, w, rank,
 * spot}] with (x, y) the vehicle's container point, w its label's width,
 * rank 0 (most important) and up, spot its current placement. It returns a
 * Map id -> spot or 'hidden'; visible labels never overlap (PAD apart), and
 * only the most important one may touch another vehicle's arrow.
 */
export function placeLabels(items) {
  const order = items.map((it) => ({ it, k: natural(it.id) }))
    .sort((a, b) => a.it.rank - b.it.rank || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map((o) => o.it);
  const labels = grid();
  const arrows = grid();
  for (const it of order) arrows.add([it.x + ARROW[0], it.y + ARROW[1], it.x + ARROW[2], it.y + ARROW[3], it.id]);
  const out = new Map();
  order.forEach((it, i) => {
    let pick = null; // the first free spot; for the first label, one clear of labels will do
    for (const s of it.spot && it.spot !== 'hidden' ? [it.spot, ...SPOTS] : SPOTS) {
      const b = box(s, it.x, it.y, it.w);
      b.push(it.id);
      if (labels.hits(b)) continue;
      if (!arrows.hits(b)) {
        pick = [s, b];
        break;
      }
      if (i === 0) pick ||= [s, b];
    }
    out.set(it.id, pick ? pick[0] : 'hidden');
    if (pick) labels.add(pick[1]);
  });
  return out;
}

/**
 * createLabeller keeps the labels of marks (a Map id -> {marker, label})
 * decluttered on map (Leaflet). rank(id) gives a vehicle's importance after
 * the selected one (0 first); selected() the selected id. schedule() asks
 * for a pass at the next animation frame; schedule(false), for fleet
 * updates, within FLEET_MS of the last pass (vehicles move a few pixels a
 * second: no need to re-place 250 labels every frame).
 */
export function createLabeller(map, marks, { rank, selected }) {
  const widths = new Map(); // id -> label width, px
  let ctx = null;
  let frame = 0;
  let timer = 0;
  let last = -Infinity;

  function width(id) {
    let w = widths.get(id);
    if (w !== undefined) return w;
    if (!ctx) {
      ctx = document.createElement('canvas').getContext('2d');
      const label = document.querySelector('.veh-label'); // one style read, once
      const cs = label && getComputedStyle(label);
      ctx.font = cs ? `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}` : '700 12px sans-serif';
    }
    w = Math.ceil(ctx.measureText(id).width) + 2; // + the text shadow
    widths.set(id, w);
    return w;
  }

  function run() {
    frame = 0;
    last = performance.now();
    const items = [];
    const sel = selected();
    for (const [id, m] of marks) {
      const p = map.latLngToContainerPoint(m.marker.getLatLng());
      items.push({ id, x: p.x, y: p.y, w: width(id), rank: id === sel ? 0 : 1 + rank(id), spot: m.label });
    }
    for (const [id, spot] of placeLabels(items)) {
      const m = marks.get(id);
      const el = m.marker.getElement();
      if (!el || (m.label === spot && el.dataset.label === spot)) continue;
      m.label = spot;
      el.dataset.label = spot;
    }
  }

  function schedule(now = true) {
    if (frame) return;
    const wait = now ? 0 : last + FLEET_MS - performance.now();
    if (wait <= 0) {
      frame = requestAnimationFrame(run);
    } else if (!timer) {
      timer = setTimeout(() => {
        timer = 0;
        schedule();
      }, wait);
    }
  }

  map.on('zoomend moveend viewreset resize', () => schedule());
  return { schedule, forget: (id) => widths.delete(id) };
}
