// Browser steps of the maritime picture's tests, run by maritime_test.go
// with node's test runner against a station whose feed is the real hub and
// whose API is the real api.Server over a maritime picture in memory:
//   SKERRY_URL        the console's URL
//   SKERRY_CHROMIUM   Debian's chromium
//   SKERRY_ARTIFACTS  where screenshots go
// Nothing at first; POST /test/start announces the targets v1 (dark, risk
// 80), v2 (inconsistent, "GHOST", 55), v3 (identified, "NORDIC STAR", 20)
// and ais-235000001 (AIS only, "SEA FOX", course 200°, 5), and the
// incidents i1 (dark vessel, high, new, with a snapshot, a track of three
// points, AIS data and sensors), i2 (loitering, medium, new), i3
// (rendezvous, high, acknowledged) and i4 (AIS gap, low, closed).
// GET /test/steps lists the lifecycle steps and manual incidents the API
// was asked for.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openConsole, waitFor } from './browser.mjs';

const URL = process.env.SKERRY_URL;
const ARTIFACTS = process.env.SKERRY_ARTIFACTS || '.';

let page;
let pageErrors = [];
let close;

before(async () => {
  ({ page, errors: pageErrors, close } = await openConsole(URL));
});

after(async () => {
  await close?.();
});

const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
const post = (path) => page.evaluate(async (p) => (await fetch(p, { method: 'POST' })).status, path);
const asked = () => page.evaluate(async () => (await fetch('/test/steps')).json());
const ids = (prefix) => page.locator(`[data-testid^="${prefix}"]`).evaluateAll((els) => els.map((e) => e.dataset.id));

test('without a maritime picture the panels say so', async () => {
  await page.getByTestId('targets-empty').waitFor();
  assert.match(await page.getByTestId('targets-empty').innerText(), /No vessels/);
  assert.match(await page.getByTestId('incidents-empty').innerText(), /No incidents/);
  assert.equal(await page.getByTestId('target-raise').isDisabled(), true, 'nothing selected');
});

test('targets on the map with symbols by status', async () => {
  assert.equal(await post('/test/start'), 204);
  const dark = page.getByTestId('target-v1');
  await dark.waitFor({ state: 'attached' });
  assert.equal(await dark.getAttribute('data-status'), 'dark');
  assert.match(await dark.getAttribute('class'), /\bdark\b/);
  const fill = await page.locator('[data-testid="target-v1"] svg path').evaluate((p) => getComputedStyle(p).fill);
  assert.equal(fill, 'rgb(224, 0, 0)', 'dark: red');

  const inc = page.getByTestId('target-v2');
  await inc.waitFor({ state: 'attached' });
  assert.equal(await inc.getAttribute('data-status'), 'inconsistent');
  assert.equal(await page.getByTestId('target-warn-v2').count(), 1, 'a warning mark');
  const orange = await page.locator('[data-testid="target-v2"] svg path').evaluate((p) => getComputedStyle(p).fill);
  assert.equal(orange, 'rgb(255, 122, 0)');

  const ident = page.getByTestId('target-v3');
  await ident.waitFor({ state: 'attached' });
  assert.equal(await ident.getAttribute('data-status'), 'identified');
  assert.equal((await ident.innerText()).trim(), 'NORDIC STAR', 'its name');

  const ais = page.getByTestId('target-ais-235000001');
  await ais.waitFor({ state: 'attached' });
  assert.equal(await ais.getAttribute('data-status'), 'ais');
  assert.equal(await ais.getAttribute('data-course'), '200');
  assert.equal(await page.locator('[data-testid="target-ais-235000001"] svg path').getAttribute('transform'), 'rotate(200)', 'a triangle along its course');
  assert.equal(await page.locator('[data-testid="target-ais-235000001"] svg path').getAttribute('d'), 'M0,-8 L4.5,6 L-4.5,6 Z');
  await shot('maritime-01-map');
});

test('the vessel list is sorted by risk and shows why', async () => {
  await waitFor('four vessels listed', async () => (await ids('target-row-')).length === 4);
  assert.deepEqual(await ids('target-row-'), ['v1', 'v2', 'v3', 'ais-235000001']);
  const risks = await page.locator('[data-testid^="target-row-"]').evaluateAll((els) => els.map((e) => Number(e.dataset.risk)));
  assert.deepEqual(risks, [80, 55, 20, 5]);
  assert.equal(await page.getByTestId('target-reasons-v1').count(), 0, 'reasons folded');
  await page.getByTestId('target-toggle-v1').click();
  const reasons = page.getByTestId('target-reasons-v1');
  await reasons.waitFor();
  assert.match(await reasons.innerText(), /\+60 seen 14 min without AIS/);
  assert.match(await reasons.innerText(), /\+20 in the port approach/);
  await page.getByTestId('target-toggle-v2').click();
  await page.getByTestId('target-reasons-v2').waitFor();
  assert.match(await page.getByTestId('target-reasons-v2').innerText(), /3\.2 km from the boat seen/);

  assert.equal(await post('/test/bump/ais-235000001'), 204);
  await waitFor('SEA FOX first', async () => (await ids('target-row-'))[0] === 'ais-235000001');
  assert.deepEqual(await ids('target-row-'), ['ais-235000001', 'v1', 'v2', 'v3']);
  assert.equal(await page.getByTestId('target-reasons-v1').count(), 1, 'what is unfolded stays unfolded');
  await shot('maritime-02-list');
});

test('incidents are listed new first, then by severity, and marked on the map', async () => {
  await waitFor('four incidents', async () => (await ids('incident-row-')).length === 4);
  assert.deepEqual(await ids('incident-row-'), ['i1', 'i2', 'i3', 'i4']);
  assert.match(await page.getByTestId('incident-count').innerText(), /2 new/);
  await page.getByTestId('incident-marker-i1').waitFor({ state: 'attached' });
  assert.equal(await page.getByTestId('incident-marker-i4').count(), 0, 'closed: not on the map');
});

test('an incident with its evidence: snapshot, track on the map, AIS data, sensors', async () => {
  await page.getByTestId('incident-row-i1').click();
  const detail = page.getByTestId('incident-detail');
  await detail.waitFor();
  assert.equal(await page.getByTestId('incident-title').innerText(), 'Dark vessel v1');
  assert.equal(await page.getByTestId('incident-state').innerText(), 'new');
  const img = page.getByTestId('incident-snapshot');
  await img.waitFor();
  await img.scrollIntoViewIfNeeded();
  await waitFor('the snapshot loaded', () => img.evaluate((i) => i.complete && i.naturalWidth === 96));
  assert.match(await img.getAttribute('src'), /^\/api\/incidents\/i1\/files\/[0-9a-f]{64}$/);
  await waitFor('the track on the map', async () => (await page.getByTestId('incident-track').getAttribute('data-points').catch(() => null)) === '3');
  assert.match(await page.getByTestId('incident-ais').innerText(), /244000002[\s\S]*GHOST[\s\S]*5\.2 kn/);
  assert.match(await page.getByTestId('incident-sensors').innerText(), /cam1-1 · c100s1/);
  assert.equal(await page.getByTestId('incident-ack').isEnabled(), true);
  assert.equal(await page.getByTestId('incident-dispatch').isEnabled(), true, 'a state may be skipped');
  await shot('maritime-03-incident');
});

test('Acknowledge calls the API and the new state shows', async () => {
  await page.getByTestId('incident-note').fill('patrol boat informed');
  await page.getByTestId('incident-ack').click();
  await waitFor('the API asked', async () => (await asked()).steps?.length === 1);
  const { steps } = await asked();
  assert.deepEqual(steps[0], { id: 'i1', to: 'acknowledged', by: 'pilot', note: 'patrol boat informed' });
  await waitFor('acknowledged in the list', async () => (await page.getByTestId('incident-state-i1').innerText()) === 'acknowledged');
  await waitFor('acknowledged in the detail', async () => (await page.getByTestId('incident-state').innerText()) === 'acknowledged');
  assert.equal(await page.getByTestId('incident-ack').isDisabled(), true, 'no step back');
  assert.equal(await page.getByTestId('incident-dispatch').isEnabled(), true);
  assert.match(await page.getByTestId('incident-history').innerText(), /pilot: new → acknowledged — patrol boat informed/);
  await waitFor('new ones first', async () => (await ids('incident-row-'))[0] === 'i2');
  assert.deepEqual(await ids('incident-row-'), ['i2', 'i1', 'i3', 'i4'], 'acknowledged high before acknowledged high older');
  await shot('maritime-04-acknowledged');
});

test('raise an incident about the selected vessel', async () => {
  await page.getByTestId('target-row-v2').click();
  await waitFor('v2 selected', async () => /selected/.test(await page.getByTestId('target-row-v2').getAttribute('class')));
  await page.getByTestId('target-raise').click();
  const form = page.getByTestId('raise-form');
  await form.waitFor();
  assert.match(await page.getByTestId('raise-about').innerText(), /GHOST/);
  await page.getByTestId('raise-title').fill('Transfer at sea');
  await page.getByTestId('raise-severity').selectOption('high');
  await page.getByTestId('raise-submit').click();
  await waitFor('the API asked', async () => (await asked()).raised?.length === 1);
  const { raised } = await asked();
  assert.equal(raised[0].target, 'v2');
  assert.equal(raised[0].title, 'Transfer at sea');
  assert.equal(raised[0].severity, 'high');
  await page.getByTestId('incident-row-m1').waitFor();
  assert.equal((await ids('incident-row-'))[0], 'm1', 'new and high: first');
  assert.equal(await page.getByTestId('incident-title').innerText(), 'Transfer at sea', 'the raised incident is opened');
});

test('raise an incident at a point on the map', async () => {
  await page.getByTestId('incident-raise-point').click();
  const box = await page.getByTestId('map').boundingBox();
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.7); // away from the markers at the centre
  await page.getByTestId('raise-form').waitFor();
  assert.match(await page.getByTestId('raise-about').innerText(), /^At /);
  await page.getByTestId('raise-title').fill('Debris in the channel');
  await page.getByTestId('raise-submit').click();
  await waitFor('the API asked', async () => (await asked()).raised?.length === 2);
  const { raised } = await asked();
  assert.equal(typeof raised[1].lat, 'number');
  assert.equal(typeof raised[1].lon, 'number');
  assert.equal(raised[1].target, undefined);
  await page.getByTestId('incident-row-m2').waitFor();
});

test('a target that leaves the picture leaves the map and the list', async () => {
  assert.equal(await post('/test/remove/ais-235000001'), 204);
  await waitFor('SEA FOX gone', async () => (await page.getByTestId('target-ais-235000001').count()) === 0);
  await waitFor('three rows', async () => (await ids('target-row-')).length === 3);
  assert.deepEqual(pageErrors, [], 'the page logged errors');
  await shot('maritime-05-end');
});
