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
  await shot('01-fleet');
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
