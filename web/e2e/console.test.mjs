// Browser steps of the console's end-to-end tests, run by console_test.go
// with node's test runner against a running `skerry demo --script none`:
//   SKERRY_URL        the console's URL
//   SKERRY_CHROMIUM   Debian's chromium
//   SKERRY_ARTIFACTS  where screenshots go
//   SKERRY_VEHICLES   the size of the demo fleet
// Each step acts as a pilot would (clicks, keys, the map) and checks what
// the page shows; window.skerry is read only to learn where things are
// (vehicle states, the Leaflet map's pixel projection).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { pngPixel, colourDistance, overlapping } from './mapcheck.mjs';

const URL = process.env.SKERRY_URL;
const ARTIFACTS = process.env.SKERRY_ARTIFACTS || '.';
const VEHICLES = Number(process.env.SKERRY_VEHICLES || 0);

let context;
let page;
let profile;
const consoleErrors = [];

before(async () => {
  assert.ok(URL, 'SKERRY_URL is not set');
  profile = mkdtempSync(join(tmpdir(), 'skerry-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.SKERRY_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 720 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) consoleErrors.push(`console: ${msg.text()}`);
  });
  page.on('response', (res) => { if (res.status() >= 400 && res.request().method() === 'GET') consoleErrors.push(`HTTP ${res.status()} ${res.url()}`); });
  await page.goto(URL);
  await page.getByTestId('conn').and(page.locator('[data-state="live"]')).waitFor({ timeout: 20_000 });
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** shot saves a screenshot of the whole page as an artefact. */
async function shot(name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** state returns the console's current state of one vehicle. */
function state(id) {
  return page.evaluate((vid) => window.skerry.vehicles.get(vid), id);
}

/** waitFor polls fn until it returns a truthy value or time runs out. */
async function waitFor(what, fn, timeout = 60_000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) assert.fail(`timed out after ${timeout / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** ids lists the fleet's vehicle ids in the console, sorted. */
async function ids() {
  return page.evaluate(() => [...window.skerry.vehicles.keys()].sort());
}

test('the map and the fleet panel show every vehicle', async () => {
  await waitFor(`${VEHICLES} vehicles on the map`, async () => (await page.locator('[data-testid^="marker-"]').count()) === VEHICLES);
  const list = await ids();
  assert.equal(list.length, VEHICLES);
  for (const id of list) {
    await page.getByTestId(`marker-${id}`).waitFor({ state: 'attached' });
    await page.getByTestId(`vehicle-row-${id}`).waitFor();
  }
  if (process.env.SKERRY_TILES) {
    // The station's configured tile layer is drawn over the offline map.
    await waitFor('the configured tile layer', async () => (await page.getByTestId('map').getAttribute('data-tiles')) === process.env.SKERRY_TILES);
    await waitFor('its tiles loaded', async () => (await page.locator('img.leaflet-tile-loaded').count()) > 0);
    assert.match(await page.locator('.leaflet-control-attribution').innerText(), /Test tiles/);
  }
  await shot('01-fleet');
  assert.deepEqual(consoleErrors, [], 'the page logged errors');
});

/** colourAt is the [r, g, b] the page shows at page pixel (x, y). */
async function colourAt(x, y) {
  return pngPixel(await page.screenshot({ clip: { x: Math.round(x), y: Math.round(y), width: 1, height: 1 } }));
}

/** mapPoint is where [lat, lon] is on the page, moved off the test tiles' 1 px border lines. */
function mapPoint([lat, lon]) {
  return page.evaluate(([la, lo]) => {
    const m = window.skerry.map;
    const p = m.latLngToContainerPoint([la, lo]);
    const g = m.project([la, lo], m.getZoom());
    const off = (v) => (((Math.round(v) % 256) + 256) % 256 < 3 ? 4 : 0);
    const r = m.getContainer().getBoundingClientRect();
    return { x: r.left + p.x + off(g.x), y: r.top + p.y + off(g.y) };
  }, [lat, lon]);
}

test('at a harbour zoom over the port, land and sea are different colours', async () => {
  // West of the Algeciras quays (land) and the bay east of them (sea),
  // both clear of port areas, coastline strokes and the demo's bases.
  const LAND = [36.128, -5.451];
  const SEA = [36.128, -5.420];
  await page.evaluate(() => { window.skerry.map.setView([36.128, -5.435], 15, { animate: false }); });
  await waitFor('the basemap land drawn', () => page.evaluate(() => !!window.skerry.map.getPane('land')?.querySelector('canvas')), 10_000);
  await page.waitForTimeout(300);
  const overview = await page.evaluate(() => window.skerry.map.getPane('overview')?.style.display ?? 'none');
  assert.equal(overview, 'none', 'the coarse overview is hidden at harbour zooms');
  const pLand = await mapPoint(LAND);
  const pSea = await mapPoint(SEA);
  const land = await colourAt(pLand.x, pLand.y);
  const sea = await colourAt(pSea.x, pSea.y);
  const bg = await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid="map"]')).backgroundColor);
  const background = bg.match(/\d+/g).slice(0, 3).map(Number);
  await shot('01b-land-harbour');
  assert.ok(colourDistance(sea, background) <= 12, `the sea point shows the sea ${sea}, not ${background}`);
  assert.ok(colourDistance(land, sea) >= 60, `land ${land} and sea ${sea} look alike`);
});

/** labels lists every vehicle label: id, spot, visible, page box [x0, y0, x1, y1]. */
function labels() {
  return page.evaluate(() => [...document.querySelectorAll('.leaflet-marker-icon [data-testid^="marker-"]')].map((el) => {
    const label = el.querySelector('.veh-label');
    const r = label.getBoundingClientRect();
    return {
      id: el.dataset.testid.slice('marker-'.length),
      spot: el.closest('.leaflet-marker-icon').dataset.label || '',
      visible: getComputedStyle(label).visibility === 'visible',
      box: [r.left, r.top, r.right, r.bottom],
    };
  }));
}

test('labels of vehicles close together never overlap, and the selected one shows', async () => {
  // The demo starts vehicles on 4 m grids at its bases: find the closest
  // pair and select the one that sorts last, so the selection, not the id
  // order, is what wins the space.
  const vs = await page.evaluate(() => [...window.skerry.vehicles.values()].map((v) => ({ id: v.id, lat: v.position.lat, lon: v.position.lon })));
  let pair = null;
  for (const a of vs) {
    for (const b of vs) {
      const d = Math.hypot(a.lat - b.lat, (a.lon - b.lon) * 0.81);
      if (a.id < b.id && (!pair || d < pair.d)) pair = { a, b, d };
    }
  }
  assert.ok(pair && pair.d < 0.0005, 'two demo vehicles start within 50 m of each other');
  const chosen = pair.b.id;
  await page.getByTestId(`vehicle-row-${chosen}`).click();
  await page.getByTestId('vehicle-title').filter({ hasText: chosen }).waitFor({ timeout: 5_000 });
  await page.mouse.move(0, 0); // hovering a marker would show its hidden label
  for (const zoom of [17, 12, 10]) {
    await page.evaluate(([lat, lon, z]) => { window.skerry.map.setView([lat, lon], z, { animate: false }); }, [pair.a.lat, pair.a.lon, zoom]);
    await page.waitForTimeout(400);
    const list = await labels();
    assert.equal(list.length, VEHICLES);
    assert.deepEqual(overlapping(list), [], `overlapping labels at zoom ${zoom}: ${JSON.stringify(list)}`);
    const sel = list.find((l) => l.id === chosen);
    assert.ok(sel.visible, `the selected ${chosen}'s label shows at zoom ${zoom}`);
    if (zoom === 17) await shot('01c-labels-quay');
    if (zoom === 10) {
      await shot('01d-labels-crowded');
      // A hidden label still names its vehicle when the marker has the focus.
      const hidden = list.find((l) => !l.visible);
      if (hidden) {
        await page.evaluate((id) => document.querySelector(`[data-testid="marker-${id}"]`).closest('.leaflet-marker-icon').focus(), hidden.id);
        const shown = await page.evaluate((id) => getComputedStyle(document.querySelector(`[data-testid="marker-${id}"] .veh-label`)).visibility, hidden.id);
        assert.equal(shown, 'visible', `${hidden.id}'s hidden label shows on focus`);
        await page.evaluate(() => document.activeElement?.blur());
      }
    }
  }
  assert.deepEqual(consoleErrors, [], 'the page logged errors');
});

test('selecting a vehicle and pressing Take off makes it climb', async () => {
  const [id] = await ids();
  await page.getByTestId(`vehicle-row-${id}`).click();
  await assert.doesNotReject(page.getByTestId('vehicle-title').filter({ hasText: id }).waitFor({ timeout: 5_000 }));
  await page.getByTestId('takeoff-alt').fill('25');
  await page.getByTestId('takeoff').click();
  const v = await waitFor(`${id} above 15 m`, async () => {
    const s = await state(id);
    return s && s.armed && s.position.alt_rel > 15 ? s : null;
  }, 90_000);
  assert.ok(v.position.alt_rel <= 30, `climbed to ${v.position.alt_rel} m for a 25 m take-off`);
  await shot('02-takeoff');
});

test('an order the rules refuse asks for an override, and flies under it', async () => {
  const id = (await ids())[1];
  await page.getByTestId(`vehicle-row-${id}`).click();
  await page.getByTestId('vehicle-title').filter({ hasText: id }).waitFor({ timeout: 5_000 });
  // 160 m above a quay 3 m high breaks the state profile's 150 m AMSL.
  await page.getByTestId('takeoff-alt').fill('160');
  await page.getByTestId('takeoff').click();
  const dialog = page.getByTestId('override-dialog');
  await dialog.waitFor({ timeout: 15_000 });
  assert.match(await page.getByTestId('override-rules').innerText(), /max-height/);
  await shot('02b-override-asked');
  // Cancel sends nothing.
  await page.getByTestId('override-cancel').click();
  await page.getByTestId('cmd-result').filter({ hasText: /refused/ }).waitFor({ timeout: 5_000 });
  assert.equal((await state(id)).armed, false, 'nothing was sent');
  // Sending it anyway needs who and why.
  await page.getByTestId('takeoff').click();
  await dialog.waitFor({ timeout: 15_000 });
  await page.getByTestId('override-by').fill('');
  await page.getByTestId('override-send').click();
  assert.ok(await dialog.isVisible(), 'an override without who and why is not sent');
  await page.getByTestId('override-by').fill('Pilot Ana Ruiz');
  await page.getByTestId('override-reason').fill('Tower cleared a climb to 160 m for the survey');
  await page.getByTestId('override-send').click();
  await page.getByTestId('cmd-result').filter({ hasText: 'under an override by Pilot Ana Ruiz' }).waitFor({ timeout: 15_000 });
  await waitFor(`${id} above 100 m`, async () => {
    const s = await state(id);
    return s && s.armed && s.position.alt_rel > 100;
  }, 90_000);
  await shot('02c-override-flown');
});

// The west shore of the Bay of Algeciras, south of the port, as a pilot
// would click it along the coastline of the basemap ([lat, lon]).
const SHORE = [[36.100, -5.437], [36.108, -5.434], [36.115, -5.438], [36.122, -5.442]];
// The centre of zone LXGB01 (Gibraltar's runway, PROHIBITED) in the demo's
// sample ED-269 file.
const GIBRALTAR = [36.151, -5.347];

/** fit shows the given [lat, lon] points on the map, as a pilot zooms in. */
async function fit(points) {
  // Braces: the Leaflet map fitBounds returns is not sent back (serialising it takes seconds).
  await page.evaluate((pts) => { window.skerry.map.fitBounds(pts, { padding: [40, 40], animate: false }); }, points);
  await page.waitForTimeout(300);
}

/** pixel is where [lat, lon] is on the page. */
function pixel([lat, lon]) {
  return page.evaluate(([la, lo]) => {
    const m = window.skerry.map;
    const p = m.latLngToContainerPoint([la, lo]);
    const r = m.getContainer().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, [lat, lon]);
}

/** route lists the plan's waypoint markers as [{seq, lat, lon}] in order. */
function route() {
  return page.evaluate(() => {
    const out = [];
    window.skerry.map.eachLayer((l) => {
      const id = l.getElement?.()?.querySelector?.('[data-testid^="plan-wp-"]')?.dataset.testid
        || l.getElement?.()?.dataset?.testid;
      if (l.getLatLng && id?.startsWith('plan-wp-')) {
        const ll = l.getLatLng();
        out.push({ seq: Number(id.slice('plan-wp-'.length)), lat: ll.lat, lon: ll.lng });
      }
    });
    return out.sort((a, b) => a.seq - b.seq);
  });
}

/** metres from p to the polyline through pts (equirectangular, fine at this scale). */
function distanceToRoute(p, pts) {
  const k = Math.cos((p.lat * Math.PI) / 180) * 111_320;
  const xy = (q) => [(q.lon - p.lon) * k, (q.lat - p.lat) * 110_540];
  let best = Infinity;
  for (let i = 1; i < pts.length; i++) {
    const [ax, ay] = xy(pts[i - 1]);
    const [bx, by] = xy(pts[i]);
    const dx = bx - ax;
    const dy = by - ay;
    const len = dx * dx + dy * dy;
    const t = len ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len)) : 0;
    best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
  }
  return best;
}

async function lawful() {
  return page.getByTestId('plan-lawful').getAttribute('data-lawful');
}

let patrolVehicle;

test('a coastal patrol drawn on the map is planned and shown lawful', async () => {
  patrolVehicle = (await ids())[1];
  await page.getByTestId(`vehicle-row-${patrolVehicle}`).click();
  await page.getByTestId('plan-kind').selectOption('coast');
  await page.getByTestId('plan-param-offset').fill('250');
  await page.getByTestId('plan-param-altitude').fill('40');
  await fit(SHORE);
  await page.getByTestId('plan-draw').click();
  for (const p of SHORE) {
    const { x, y } = await pixel(p);
    await page.mouse.click(x, y);
  }
  await page.getByTestId('plan-finish').click();
  await page.getByTestId('plan-make').click();
  await waitFor('a lawful plan', async () => (await lawful()) === 'true', 20_000);
  const wps = await route();
  assert.ok(wps.length >= 3, `the route shows ${wps.length} waypoints`);
  await shot('03-coastal-plan');
});

/** metres between {lat, lon} and [lat, lon] (equirectangular, fine at this scale). */
function metres(p, [lat, lon]) {
  return Math.hypot((p.lon - lon) * Math.cos((lat * Math.PI) / 180) * 111_320, (p.lat - lat) * 110_540);
}

/**
 * onTop says what the page shows on top at page pixel {x, y}: {wp: the
 * mission index} for a plan waypoint, else {other: what is there}.
 */
function onTop({ x, y }) {
  return page.evaluate(([px, py]) => {
    const e = document.elementFromPoint(px, py);
    const wp = e?.closest('[data-testid^="plan-wp-"]') || e?.closest('.plan-wp-icon')?.querySelector('[data-testid^="plan-wp-"]');
    if (wp) return { wp: Number(wp.dataset.index) };
    const named = e?.closest('[data-testid]')?.dataset.testid;
    return { other: named || e?.closest('.leaflet-marker-icon')?.className || e?.tagName || 'nothing' };
  }, [x, y]);
}

// LXGB01 is a circle of 2 km around GIBRALTAR.
const LXGB01_RADIUS = 2000;

test('a waypoint dragged into a prohibited zone shows the violation where it happens', async () => {
  const wps = await route();
  await fit([...wps.map((w) => [w.lat, w.lon]), GIBRALTAR]);
  // The pilot grabs a waypoint nothing lies over, the middle one if nothing
  // does: at this zoom the waypoints crowd, and the selected vehicle
  // (raised over everything, with its label) hovers near the patrol's
  // start, so a press there could grab something else.
  const byMiddle = wps.map((w, i) => ({ w, d: Math.abs(i - Math.floor(wps.length / 2)) })).sort((a, b) => a.d - b.d).map((x) => x.w);
  let moved = null;
  let from = null;
  const covered = [];
  for (const w of byMiddle) {
    const p = await pixel([w.lat, w.lon]);
    const top = await onTop(p);
    if (top.wp === w.seq) {
      moved = w;
      from = p;
      break;
    }
    covered.push(`${w.seq} under ${top.other ?? `waypoint ${top.wp}`}`);
  }
  if (covered.length) console.log(`waypoints covered at the press: ${covered.join(', ')}`);
  assert.ok(moved, `something covers every waypoint: ${covered.join(', ')}`);
  const to = await pixel(GIBRALTAR);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  // The console checks the shown plan again by itself: when the target's
  // wind changes, or the operation does (here, as another pilot saving it).
  // A check answered while the pilot holds the waypoint, before the drag
  // starts, must not drop the drag: redrawn, the waypoint would be a new
  // marker that never saw the press.
  const saved = await page.evaluate(async () => {
    window.checkBefore = window.skerry.plan.check;
    return (await fetch('/api/operation', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status;
  });
  assert.equal(saved, 200, 'the operation saved as it is');
  await waitFor('the plan checked again', () => page.evaluate(() => window.skerry.plan.check !== window.checkBefore));
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
  await waitFor(`waypoint ${moved.seq} dropped in zone LXGB01`, async () => {
    const w = (await route()).find((x) => x.seq === moved.seq);
    return w && metres(w, GIBRALTAR) < LXGB01_RADIUS;
  });
  await waitFor('the plan shown unlawful', async () => (await lawful()) === 'false');
  await assert.doesNotReject(page.getByTestId('plan-violations').filter({ hasText: 'LXGB01' }).waitFor({ timeout: 5_000 }),
    'the violation names the prohibited zone');
  assert.ok(await page.locator('.violation-marker').count() >= 1, 'the violation is marked on the map');
  await page.getByTestId('plan-upload').click();
  await waitFor('the upload refused', async () => (await page.getByTestId('plan-upload-result').getAttribute('data-ok')) === 'false');
  await shot('04-unlawful-plan');
});

test('the re-planned patrol is uploaded, started and flown along its route', async () => {
  await page.getByTestId('plan-make').click();
  await waitFor('a lawful plan again', async () => (await lawful()) === 'true', 20_000);
  const wps = await route();
  await fit(wps.map((w) => [w.lat, w.lon]));
  await page.getByTestId('plan-upload').click();
  // Before anything is sent the pilot sees what the upload changes on the
  // vehicle: the copter's own 300 m circle widened to the plan's radius,
  // and its fence switched on.
  const dialog = page.getByTestId('confirm-dialog');
  await waitFor('the settings the upload changes', async () => dialog.isVisible(), 30_000);
  const subject = await page.getByTestId('confirm-subject').innerText();
  assert.match(subject, /FENCE_RADIUS 300 → \d+ \(the plan's radius from home\)/);
  assert.match(subject, /FENCE_ENABLE 0 → 1/);
  await shot('05-settings-changed');
  await page.getByTestId('confirm-yes').click();
  const result = page.getByTestId('plan-upload-result');
  await waitFor('the upload answered', async () => ['true', 'false'].includes(await result.getAttribute('data-ok')), 60_000);
  if ((await result.getAttribute('data-ok')) !== 'true') {
    await shot('05-upload-refused');
    assert.fail(`the upload was refused: ${await result.innerText()}`);
  }
  await page.getByTestId('plan-start').click();
  const progress = page.getByTestId('plan-progress');
  await waitFor('the vehicle past its second item', async () => Number(await progress.getAttribute('data-current')) >= 4, 180_000);
  // Along the way the vehicle stays on its route.
  for (let i = 0; i < 5; i++) {
    const v = await state(patrolVehicle);
    assert.ok(v.armed && v.position.alt_rel > 10, `${patrolVehicle} is flying`);
    const d = distanceToRoute({ lat: v.position.lat, lon: v.position.lon }, wps);
    assert.ok(d < 120, `${patrolVehicle} is ${d.toFixed(0)} m off its route`);
    await page.waitForTimeout(1000);
  }
  await shot('05-patrol-flown');
  assert.deepEqual(consoleErrors, [], 'the page logged errors');
});

test('a vehicle\'s parameters are read, searched and one is edited, confirmed and read back', async () => {
  const list = await ids();
  const id = list[list.length - 1]; // on the ground, untouched by the steps above
  await page.getByTestId(`vehicle-row-${id}`).click();
  await page.getByTestId('vehicle-title').filter({ hasText: id }).waitFor({ timeout: 5_000 });
  const panel = page.getByTestId('params-panel');
  await panel.scrollIntoViewIfNeeded();
  await page.getByTestId('params-refresh').click();
  const bar = page.getByTestId('params-progress');
  await waitFor('every parameter read', async () => (await page.getByTestId('params-status').getAttribute('data-state')) === 'read', 60_000);
  const total = Number(await bar.getAttribute('data-total'));
  assert.ok(total > 900, `${total} parameters, as many as ArduCopter has`);
  assert.equal(Number(await bar.getAttribute('data-received')), total);

  await page.getByTestId('params-search').fill('FENCE_');
  await waitFor('only FENCE_ parameters', async () => {
    const names = await page.locator('[data-testid^="param-row-"]').evaluateAll((rows) => rows.map((r) => r.dataset.name));
    return names.length >= 8 && names.every((n) => n.includes('FENCE_'));
  }, 10_000);
  await shot('06-params-fence');

  await page.getByTestId('param-value-FENCE_RADIUS').click();
  const input = page.getByTestId('param-input');
  await input.waitFor({ timeout: 10_000 });
  assert.match(await page.getByTestId('param-range').innerText(), /30 to 10000/, 'the range the station gives');
  await input.fill('20');
  await input.press('Enter');
  await page.getByTestId('param-error').filter({ hasText: /30 to 10000/ }).waitFor({ timeout: 10_000 });
  await input.fill('450');
  await page.getByTestId('param-save').click();
  await page.getByTestId('confirm-dialog').waitFor({ timeout: 10_000 });
  assert.match(await page.getByTestId('confirm-subject').innerText(), new RegExp(`FENCE_RADIUS on ${id}: 300 → 450`));
  await shot('07-params-confirm');
  await page.getByTestId('confirm-yes').click();
  const result = page.getByTestId('params-result');
  await waitFor('the value read back', async () => (await result.getAttribute('data-kept')) === '450', 15_000);
  assert.match(await result.innerText(), /the vehicle keeps 450 \(was 300\)/);
  assert.equal(await page.getByTestId('param-value-FENCE_RADIUS').innerText(), '450');
  await shot('08-params-kept');
  assert.deepEqual(consoleErrors, [], 'the page logged errors');
});

test('a parameter file is compared, its differences listed, then loaded after a confirmation', async () => {
  await page.getByTestId('params-file').setInputFiles({
    name: 'pilot.param', mimeType: 'text/plain',
    buffer: Buffer.from('# a pilot\'s file\nFENCE_MARGIN,3\nWPNAV_SPEED,900\nFENCE_TYPE,99\nNOT_A_PARAM,1\n'),
  });
  const summary = page.getByTestId('params-diff-summary');
  await waitFor('the differences listed', async () => (await summary.getAttribute('data-differ')) === '4', 15_000);
  assert.match(await summary.innerText(), /Nothing written yet/);
  const status = (name) => page.getByTestId(`param-diff-${name}`).getAttribute('data-status');
  assert.equal(await status('FENCE_MARGIN'), 'would_set');
  assert.equal(await status('FENCE_TYPE'), 'refused');
  assert.equal(await status('NOT_A_PARAM'), 'not_on_vehicle');
  await page.getByTestId('params-apply').scrollIntoViewIfNeeded();
  await shot('09-params-file-diff');
  await page.getByTestId('params-apply').click();
  await page.getByTestId('confirm-dialog').waitFor({ timeout: 10_000 });
  await page.getByTestId('confirm-yes').click();
  const outcome = page.getByTestId('params-load-result');
  await outcome.filter({ hasText: '2 written and read back, 1 refused' }).waitFor({ timeout: 20_000 });
  assert.equal(await status('WPNAV_SPEED'), 'set');
  await waitFor('the table read again', async () => (await page.getByTestId('param-value-FENCE_MARGIN').innerText()) === '3', 10_000);
  await outcome.scrollIntoViewIfNeeded();
  await shot('10-params-file-loaded');
  assert.deepEqual(consoleErrors, [], 'the page logged errors');
});

test('a drone\'s camera streams into its video panel, and its footprint is on the map', async () => {
  // The demo's first vehicle carries the simulator's gimbal camera: found
  // over MAVLink, ingested from RTSP, sent to this page as H.264 and
  // decoded by WebCodecs.
  const id = 'sim1-1';
  await page.getByTestId(`vehicle-row-${id}`).click();
  const canvas = page.getByTestId('video-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const drawn = async () => Number(await canvas.getAttribute('data-frames') || 0);
  await waitFor('frames of the simulated camera drawn', async () => (await drawn()) >= 10);
  const sample = () => page.evaluate(() => {
    const c = document.querySelector('[data-testid="video-canvas"]');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let h = 0;
    for (let i = 0; i < d.length; i += 4 * 97) h = (h * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2]) >>> 0;
    return h;
  });
  const first = await sample();
  await waitFor('the picture to move', async () => (await sample()) !== first, 20_000);
  await waitFor('the health line', async () => /playing · .*H\.264 · delay \d+ ms/.test(await page.getByTestId('video-health').innerText()));
  console.log(`video health: ${await page.getByTestId('video-health').innerText()}`);
  await page.getByTestId(`footprint-${id}`).waitFor({ state: 'attached', timeout: 30_000 });
  await shot('11-video-panel');
  assert.deepEqual(consoleErrors, [], 'the page logged errors');
});
