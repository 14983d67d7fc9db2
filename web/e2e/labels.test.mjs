// The label placement of the console's map (web/static/labels.js) on its
// own, no browser: ten drones on one quay, as the demo starts them (a 4 m
// grid, ten to a row), at the zooms a pilot uses. Run by console_test.go
// with the browser steps (node --test labels.test.mjs also works alone).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { overlapping } from './mapcheck.mjs';

// labels.js is a browser module in a folder without package.json: copied
// to a .mjs file, any Node.js loads it as a module.
const dir = mkdtempSync(join(tmpdir(), 'skerry-labels-'));
copyFileSync(new URL('../static/labels.js', import.meta.url), join(dir, 'labels.mjs'));
const { placeLabels, box } = await import(pathToFileURL(join(dir, 'labels.mjs')).href);
rmSync(dir, { recursive: true, force: true });

// metres per pixel at 36° N for zooms 15..19.
const SCALES = { 15: 3.87, 16: 1.93, 17: 0.97, 18: 0.48, 19: 0.24 };

/** quay is ten vehicles 4 m apart in a row, sim1-7 selected (rank 0). */
function quay(mpp) {
  return Array.from({ length: 10 }, (_, i) => ({
    id: `sim1-${i + 1}`, x: 400 + (i * 4) / mpp, y: 300, w: 40, rank: i === 6 ? 0 : 3,
  }));
}

test('ten drones on one quay: labels never overlap, the selected one always shows', () => {
  for (const [zoom, mpp] of Object.entries(SCALES)) {
    const items = quay(mpp);
    const spots = placeLabels(items);
    const list = items.map((it) => ({ id: it.id, visible: spots.get(it.id) !== 'hidden', box: box(spots.get(it.id), it.x, it.y, it.w) }));
    assert.deepEqual(overlapping(list), [], `zoom ${zoom}`);
    assert.notEqual(spots.get('sim1-7'), 'hidden', `the selected label shows at zoom ${zoom}`);
    if (Number(zoom) === 19) assert.ok(list.filter((l) => l.visible).length >= 6, 'most labels show when zoomed in');
  }
});

test('importance: selected, then critical alerts, then alerts, then id in natural order', () => {
  // Vehicles on one point have two spots clear of the others' arrows
  // (below and above): the two most important labels take them.
  const at = (id, rank) => ({ id, x: 100, y: 100, w: 40, rank });
  const shown = (items) => [...placeLabels(items)].filter(([, s]) => s !== 'hidden').map(([id]) => id).sort();
  assert.deepEqual(shown([at('sim1-10', 3), at('sim1-9', 3), at('sim1-2', 3)]), ['sim1-2', 'sim1-9'], 'natural id order');
  assert.deepEqual(shown([at('sim1-10', 2), at('sim1-9', 3), at('sim1-2', 3)]), ['sim1-10', 'sim1-2'], 'an alert first');
  assert.deepEqual(shown([at('sim1-10', 1), at('sim1-9', 2), at('sim1-2', 3)]), ['sim1-10', 'sim1-9'], 'a critical alert before an alert');
  assert.deepEqual(shown([at('sim1-10', 1), at('sim1-9', 2), at('sim1-2', 0)]), ['sim1-10', 'sim1-2'], 'the selected first');
  // A label keeps its spot while it stays free.
  const items = [at('sim1-10', 3), at('sim1-9', 3), at('sim1-2', 3)];
  const spots = placeLabels(items);
  const again = placeLabels(items.map((it) => ({ ...it, spot: spots.get(it.id) })));
  assert.deepEqual([...again].sort(), [...spots].sort());
});
