// Browser steps of the units' page (/unit) on a phone, run by
// unitview_test.go against the maritime test station with the real units
// use case: cutter-a (token "tok-a") has reports r-a-1..5 about the active
// i1, i2, i3, i5, i6; boat-b (token "tok-b") r-b-1 about the closed i4.
// The vessels move once a second until POST /test/still; GET /test/bytes
// is what the station's connections read and wrote since POST
// /test/bytes/reset; GET /test/report/{id} a report's state as stored.
//   SKERRY_URL, SKERRY_CHROMIUM, SKERRY_ARTIFACTS as maritime.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { waitFor } from './browser.mjs';
import { openPhone } from './unitviewphone.mjs';

const URL = process.env.SKERRY_URL;
const ARTIFACTS = process.env.SKERRY_ARTIFACTS || '.';
const ACTIVE = ['i1', 'i2', 'i3', 'i5', 'i6'];
// MEASURE (SKERRY_MEASURE=1, make bench-unitview) measures what a live
// minute costs, moving then still, over 30 s each; make test checks the
// polling over one short still window.
const MEASURE = process.env.SKERRY_MEASURE === '1';
const WINDOW = MEASURE ? 30_000 : 11_000; // a live window's length

let page;
let errors = [];
let close;

before(async () => {
  ({ page, errors, close } = await openPhone(URL));
});

after(async () => {
  await close?.();
  assert.deepEqual(errors, [], 'the page reported errors');
});

const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
const station = async (path, method = 'GET') => {
  const res = await fetch(URL + path, { method });
  return res.status === 204 ? null : res.json();
};
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const row = (id) => page.getByTestId(`uv-incident-${id}`);

/** resources sums the page's resource timing (bytes on the wire, as Chromium counts them) by name. */
const resources = () => page.evaluate(() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
  .map((e) => ({ name: new URL(e.name).pathname, transfer: e.transferSize, body: e.encodedBodySize, status: e.responseStatus })));

test('a unit opens its page on a phone with its token in the link: its incidents on the list and the map', async () => {
  await station('/test/bytes/reset', 'POST');
  await page.goto(`${URL}/unit#token=tok-a`);
  for (const id of ACTIVE) await row(id).waitFor();
  assert.equal(await row('i4').count(), 0, 'boat-b\'s incident is not cutter-a\'s');
  assert.equal(await page.getByTestId('uv-unit-name').innerText(), 'Cutter A');
  assert.equal(await page.evaluate(() => window.location.hash), '', 'the token leaves the address bar');
  assert.equal(await page.evaluate(() => localStorage.getItem('skerry.unit.token')), 'tok-a', 'and is kept on the device');
  const titles = await page.getByTestId('uv-incidents').locator('.uv-title').allInnerTexts();
  assert.equal(titles.length, 5);
  assert.match(await row('i1').innerText(), /high[\s\S]*Dark vessel v1[\s\S]*to acknowledge/i);
  assert.match(await row('i3').innerText(), /acknowledged ·/, 'the incident\'s state, not the report\'s');

  const map = page.getByTestId('uv-map');
  await waitFor('the incidents on the map', async () => (await map.getAttribute('data-incidents')) === '5');
  assert.ok(await map.locator('.uv-mark').count() >= 4, 'vessels and the watching drone are drawn');
  await waitFor('the basemap', async () => (await map.getAttribute('data-basemap')) === 'loaded');
  await page.waitForLoadState('networkidle');
  const box = await row('i1').boundingBox();
  assert.ok(box.height >= 48 && box.width >= 320, `a row is a big touch target: ${box.width}×${box.height}`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'nothing wider than the phone');
  await shot('unitview-phone-list');

  const wire = await station('/test/bytes');
  const res = await resources();
  const byKind = {};
  for (const r of res) {
    const k = r.name.startsWith('/static/vendor/leaflet') ? 'leaflet' : r.name.startsWith('/static/') || r.name === '/unit' ? 'page' : r.name;
    byKind[k] = (byKind[k] || 0) + r.transfer;
  }
  console.log(`FIRST LOAD: ${kb(wire.written)} sent by the station, ${kb(wire.read)} received (${res.length} requests); `
    + `by Chromium's resource timing: ${Object.entries(byKind).map(([k, v]) => `${k} ${kb(v)}`).join(', ')}`);
});

test('a second visit on the same device costs only revalidations', async () => {
  await station('/test/bytes/reset', 'POST');
  await page.goto(`${URL}/unit`);
  for (const id of ACTIVE) await row(id).waitFor();
  await waitFor('the basemap', async () => (await page.getByTestId('uv-map').getAttribute('data-basemap')) === 'loaded');
  await page.waitForLoadState('networkidle');
  const wire = await station('/test/bytes');
  const res = await resources();
  console.log(`SECOND VISIT: ${kb(wire.written)} sent by the station, ${kb(wire.read)} received (${res.length} requests, `
    + `${res.filter((r) => r.transfer === 0).length} straight from the cache)`);
});

test('live: what a minute costs with five incidents, vessels moving, then still', async () => {
  const polls = async () => (await resources()).filter((r) => r.name === '/api/unitview');
  for (const [label, prep] of MEASURE ? [['moving', null], ['still', '/test/still']] : [['still', '/test/still']]) {
    if (prep) {
      await station(prep, 'POST');
      await new Promise((r) => setTimeout(r, 6000)); // the last moving view is fetched
    }
    const before = (await polls()).length;
    await station('/test/bytes/reset', 'POST');
    await new Promise((r) => setTimeout(r, WINDOW));
    const wire = await station('/test/bytes');
    const p = (await polls()).slice(before);
    const changed = p.filter((r) => r.status === 200).length;
    console.log(`LIVE ${label}: ${kb(wire.written)} sent and ${kb(wire.read)} received in ${WINDOW / 1000} s `
      + `(${p.length} polls, ${changed} with a new view, ${p.length - changed} answered 304); `
      + `per minute ${kb((wire.written + wire.read) * 60_000 / WINDOW)}, ${((wire.written + wire.read) * 8 * 1000 / WINDOW / 1000).toFixed(2)} kbit/s`);
    assert.ok(p.length >= 2, `the page polls (${p.length} in ${WINDOW / 1000} s)`);
    if (label === 'still') assert.ok(p.length - changed >= p.length - 1, 'an unchanged view answers 304');
  }
  assert.equal(await page.getByTestId('uv-conn').getAttribute('data-state'), 'live');
});

test('a unit opens an incident: snapshot, vessel data, the drone watching; acknowledges it, and the station has it', async () => {
  await row('i1').tap();
  const sheet = page.getByTestId('uv-detail');
  await sheet.waitFor();
  await waitFor('the snapshot', () => page.getByTestId('uv-snapshot').evaluate((img) => img.complete && img.naturalWidth === 96));
  const vessel = await page.getByTestId('uv-vessel-v1').innerText();
  assert.match(vessel, /Status\s+dark \(no AIS\)/);
  assert.match(vessel, /Course\s+45°/);
  assert.match(vessel, /Speed\s+11\.7 kn/, '6 m/s');
  assert.match(vessel, /Position\s+36°\d\d\.\d{3}′N 5°\d\d\.\d{3}′W/);
  assert.match(await page.getByTestId('uv-watchers').innerText(), /d1 at 36°\d\d\.\d{3}′N 5°25\.080′W, 120 m/);
  await shot('unitview-phone-detail');

  assert.equal((await station('/test/report/r-a-1')).status, 'delivered');
  await page.getByTestId('uv-ack').tap();
  await waitFor('acknowledged', async () => /Acknowledged: the operators see it/.test(await page.getByTestId('uv-ack-result').innerText()));
  const rep = await station('/test/report/r-a-1');
  assert.equal(rep.status, 'acknowledged', 'the acknowledgement reached the station');
  assert.equal(rep.acked_by, 'cutter-a');
  await waitFor('the button says so', async () => (await page.getByTestId('uv-ack').innerText()) === 'Acknowledged ✓');
  assert.ok(await page.getByTestId('uv-ack').isDisabled());
  await page.getByTestId('uv-close').tap();
  await waitFor('the list says so', async () => /acknowledged ✓/.test(await row('i1').innerText()));
  await shot('unitview-phone-acknowledged');
});

test('a wrong token is refused with a clear message; the right one opens the page again', async () => {
  await page.goto(`${URL}/unit#token=not-a-token`);
  const err = page.getByTestId('uv-token-error');
  await waitFor('the refusal', async () => (await err.isVisible()) && /refused this token: not the unit's token/.test(await err.innerText()));
  assert.equal(await page.getByTestId('uv-conn').getAttribute('data-state'), 'refused');
  assert.ok(await page.getByTestId('uv-token-form').isVisible());
  assert.equal(await page.getByTestId('uv-incidents').isVisible(), false);
  await shot('unitview-phone-refused');

  await page.getByTestId('uv-token-input').fill('tok-b');
  await page.getByTestId('uv-token-submit').tap();
  await row('i4').waitFor();
  assert.equal(await row('i1').count(), 0, 'boat-b sees only its own');
  assert.equal(await page.getByTestId('uv-unit-name').innerText(), 'Boat B');
});

test('on a tablet the map and the list stand side by side, the sheet on the right', async () => {
  await page.setViewportSize({ width: 1024, height: 768 });
  const map = await page.getByTestId('uv-map').boundingBox();
  const list = await page.getByTestId('uv-incidents').boundingBox();
  assert.ok(map.x + map.width <= list.x + 1 && map.height > 600, `map ${JSON.stringify(map)} beside list ${JSON.stringify(list)}`);
  await row('i4').tap();
  const sheet = await page.getByTestId('uv-detail').boundingBox();
  assert.ok(sheet.x >= 500 && sheet.height >= 700, `the sheet on the right: ${JSON.stringify(sheet)}`);
  assert.ok(await page.getByTestId('uv-conn').isVisible(), 'the link state stays in sight');
  const conn = await page.getByTestId('uv-conn').boundingBox();
  assert.ok(conn.y + conn.height <= sheet.y, 'above the sheet');
  await shot('unitview-tablet-detail');
  await page.setViewportSize({ width: 360, height: 740 });
});
