// Browser steps of the units' page against the real station, for
// internal/station's end-to-end test of the reports (the lead runs it
// with the station's tools.Run once the unit has its reports), on a phone:
//   SKERRY_URL         the station's console
//   SKERRY_CHROMIUM    Debian's chromium
//   SKERRY_ARTIFACTS   where screenshots go
//   SKERRY_UNIT_TOKEN  the unit's token
//   SKERRY_INCIDENTS   the incidents the unit has reports about: [{"id","type"}...]
//   SKERRY_ACK         "1": acknowledge the first one on the page too
// It opens /unit#token=…, finds every incident on the list and the map,
// opens the first (its vessels, its snapshot when it has one) and, with
// SKERRY_ACK, acknowledges it and waits until the station's next view says
// so. Nothing is faked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { waitFor } from './browser.mjs';
import { openPhone } from './unitviewphone.mjs';

const URL = process.env.SKERRY_URL;
const ARTIFACTS = process.env.SKERRY_ARTIFACTS || '.';
const TOKEN = process.env.SKERRY_UNIT_TOKEN || '';
const INCIDENTS = JSON.parse(process.env.SKERRY_INCIDENTS || '[]');

let page;
let errors = [];
let close;

before(async () => {
  assert.ok(TOKEN, 'SKERRY_UNIT_TOKEN is the unit\'s token');
  assert.ok(INCIDENTS.length > 0, 'SKERRY_INCIDENTS lists the unit\'s incidents');
  ({ page, errors, close } = await openPhone(URL));
});

after(async () => {
  await close?.();
  assert.deepEqual(errors, [], 'the page reported errors');
});

const row = (id) => page.getByTestId(`uv-incident-${id}`);

test('the unit\'s page shows its incidents on the list and the map', async () => {
  await page.goto(`${URL}/unit#token=${encodeURIComponent(TOKEN)}`);
  for (const { id } of INCIDENTS) await row(id).waitFor({ timeout: 30_000 });
  await waitFor('the incidents on the map', async () => Number(await page.getByTestId('uv-map').getAttribute('data-incidents')) >= INCIDENTS.length);
  await page.screenshot({ path: join(ARTIFACTS, 'unitviewsim-list.png') });
});

test('the unit opens the first incident: its vessels and snapshot', async () => {
  const { id } = INCIDENTS[0];
  await row(id).tap();
  await page.getByTestId('uv-detail').waitFor();
  assert.ok(await page.getByTestId('uv-detail').locator('.uv-vessel').count() >= 1, 'its vessels');
  if (await page.getByTestId('uv-snapshot').count()) {
    await waitFor('the snapshot', () => page.getByTestId('uv-snapshot').evaluate((img) => img.complete && img.naturalWidth > 0));
  }
  await page.screenshot({ path: join(ARTIFACTS, 'unitviewsim-detail.png') });
});

test('the unit acknowledges it (SKERRY_ACK=1)', { skip: process.env.SKERRY_ACK !== '1' }, async () => {
  const ack = page.getByTestId('uv-ack');
  if (!(await ack.isDisabled())) {
    await ack.tap();
    await waitFor('acknowledged', async () => /Acknowledged: the operators see it/.test(await page.getByTestId('uv-ack-result').innerText()));
  }
  await waitFor('the station\'s view says so', async () => (await ack.innerText()) === 'Acknowledged ✓' && ack.isDisabled());
});
