// Browser steps of the maritime story against the real station and
// simulator, run by internal/station's TestMaritimePictureRaisesTheIncidents
// with node's test runner, once the station has raised its incidents:
//   SKERRY_URL        the station's console
//   SKERRY_CHROMIUM   Debian's chromium
//   SKERRY_ARTIFACTS  where screenshots go
//   SKERRY_INCIDENTS  the incidents the API listed: [{"id","type"}...]
// Nothing is faked: the incidents are the station's rules' about the
// boats its cameras saw and its AIS receiver heard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openConsole, waitFor } from './browser.mjs';

const URL = process.env.SKERRY_URL;
const ARTIFACTS = process.env.SKERRY_ARTIFACTS || '.';
const INCIDENTS = JSON.parse(process.env.SKERRY_INCIDENTS || '[]');

let page;
let pageErrors = [];
let close;

before(async () => {
  assert.ok(INCIDENTS.length > 0, 'SKERRY_INCIDENTS lists the incidents');
  ({ page, errors: pageErrors, close } = await openConsole(URL));
});

after(async () => {
  await close?.();
});

const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
const ids = (prefix) => page.locator(`[data-testid^="${prefix}"]`).evaluateAll((els) => els.map((e) => e.dataset.id));
const ofType = (type) => INCIDENTS.find((i) => i.type === type);

test('every incident is in the panel and on the map', async () => {
  await waitFor('the incidents listed', async () => {
    const listed = await ids('incident-row-');
    return INCIDENTS.every((i) => listed.includes(i.id));
  }, 30000);
  for (const type of ['rendezvous', 'dark_vessel', 'loitering', 'fast_approach']) {
    const inc = ofType(type);
    assert.ok(inc, `a ${type} incident`);
    await page.getByTestId(`incident-marker-${inc.id}`).waitFor({ state: 'attached' });
  }
  await shot('maritimesim-01-incidents');
});

test('the rendezvous with its evidence: the picture, the track, the AIS vessel', async () => {
  const inc = ofType('rendezvous');
  await page.getByTestId(`incident-row-${inc.id}`).click();
  await page.getByTestId('incident-detail').waitFor();
  assert.match(await page.getByTestId('incident-title').innerText(), /Rendezvous at sea/);
  assert.match(await page.getByTestId('incident-vessels').innerText(), /NUEVA ANITA/);
  const img = page.getByTestId('incident-snapshot').first();
  await img.waitFor();
  await waitFor('the snapshot loaded', async () => img.evaluate((i) => i.complete && i.naturalWidth > 0), 20000);
  await waitFor('a track on the map', async () => Number(await page.getByTestId('incident-track').first().getAttribute('data-points').catch(() => '0')) > 1, 20000);
  await shot('maritimesim-02-rendezvous');
});

test('the dark vessel acknowledged from the console', async () => {
  const inc = ofType('dark_vessel');
  await page.getByTestId(`incident-row-${inc.id}`).click();
  await page.getByTestId('incident-note').fill('patrol boat Vigia informed');
  await page.getByTestId('incident-ack').click();
  await waitFor('acknowledged', async () => (await page.getByTestId(`incident-state-${inc.id}`).innerText()) === 'acknowledged', 20000);
  const stored = await page.evaluate(async (id) => (await fetch(`/api/incidents/${id}`)).json(), inc.id);
  assert.equal(stored.state, 'acknowledged');
  assert.match(stored.history.at(-1).note, /Vigia informed/);
});

test('the vessels ranked by risk, with reasons', async () => {
  const rows = await ids('target-row-');
  assert.ok(rows.length > 0, 'vessels listed');
  await shot('maritimesim-03-targets');
  assert.deepEqual(pageErrors, [], 'no page errors');
});
