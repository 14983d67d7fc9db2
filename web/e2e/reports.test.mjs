// Browser steps of the reports' delivery and the units panel, run by
// reports_test.go against the maritime test station with the real units
// use case: units cutter-a (token "tok-a", secret "sec-a") and ops;
// POST /test/report?status=S[&error=E][&quiet=1] moves the one report
// (to cutter-a about i1, seq 1, id r-a-1) and announces it unless quiet.
//   SKERRY_URL, SKERRY_CHROMIUM, SKERRY_ARTIFACTS as maritime.test.mjs
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
const post = (path, headers = {}) => page.evaluate(async ([p, h]) => (await fetch(p, { method: 'POST', headers: h })).status, [path, headers]);
const status = () => page.getByTestId('report-status-cutter-a-1');
const shows = (what, re) => waitFor(what, async () => (await status().count()) > 0 && re.test(await status().innerText()));

test('a report goes pending → failing → delivered → acknowledged in the incident panel', async () => {
  assert.equal(await post('/test/start'), 204);
  assert.equal(await post('/test/report?status=pending&quiet=1'), 200, 'made before the incident is opened: not on the feed');
  await page.getByTestId('incident-row-i1').click();
  await page.getByTestId('incident-detail').waitFor();
  await shows('the pending report read from the API', /^pending$/);
  assert.equal(await page.getByTestId('report-cutter-a-1').getAttribute('data-status'), 'pending');
  assert.match(await page.getByTestId('incident-reports').innerText(), /cutter-a\s+Alert v1:/);

  assert.equal(await post('/test/report?status=failing&error=unit%20answered%20503'), 200);
  await shows('failing with the last error', /^failing \(1 try\): unit answered 503; next /);
  await shot('report-failing');

  assert.equal(await post('/test/report?status=delivered'), 200);
  await shows('delivered', /^delivered \d/);

  assert.equal(await post('/api/reports/r-a-1/ack', { Authorization: 'Bearer nope' }), 401, 'not the unit\'s token');
  assert.equal(await post('/api/reports/r-a-1/ack', { Authorization: 'Bearer tok-a' }), 200);
  await shows('acknowledged by the unit', /^acknowledged by cutter-a \d/);
  assert.equal(await page.getByTestId('report-cutter-a-1').getAttribute('data-status'), 'acknowledged');
  await shot('report-acknowledged');

  // Another incident has no reports.
  await page.getByTestId('incident-row-i2').click();
  await waitFor('i2 without reports', async () => /No reports to units/.test(await page.getByTestId('incident-reports').innerText()));
});

test('the units panel lists the units and edits one without ever showing its secret', async () => {
  await page.getByTestId('units-panel').locator('summary').click();
  await page.getByTestId('unit-cutter-a').waitFor();
  const row = await page.getByTestId('unit-cutter-a').innerText();
  assert.match(row, /Cutter A · circle 20\.0 km · dark_vessel · 0 pending/);
  assert.match(await page.getByTestId('unit-ops').innerText(), /Operations centre · none · all types · default · 0 pending/);
  const panel = await page.getByTestId('units-panel').innerText();
  assert.doesNotMatch(panel, /sec-a|tok-a/);

  await page.getByTestId('unit-cutter-a').getByRole('button').click();
  const json = await page.getByTestId('unit-json').inputValue();
  assert.doesNotMatch(json, /sec-a|tok-a|has_secret/);
  const edited = JSON.parse(json);
  edited.name = 'Cutter Alpha';
  await page.getByTestId('unit-json').fill(JSON.stringify(edited));
  await page.getByTestId('unit-save').click();
  await waitFor('saved', async () => /cutter-a saved ✓/.test(await page.getByTestId('units-result').innerText()));
  await waitFor('renamed in the list', async () => /Cutter Alpha/.test(await page.getByTestId('unit-cutter-a').innerText()));
  const stored = await page.evaluate(async () => (await fetch('/test/units')).json());
  const a = stored.find((u) => u.id === 'cutter-a');
  assert.equal(a.secret, 'sec-a', 'the secret left out is kept');
  assert.equal(a.token, 'tok-a');

  await page.getByTestId('unit-json').fill('{"name":""}');
  await page.getByTestId('unit-save').click();
  await waitFor('refused with why', async () => /Refused: .*bad unit/.test(await page.getByTestId('units-result').innerText()));
  await shot('units-panel');
  assert.deepEqual(pageErrors.filter((e) => !e.includes('404')), []);
});
