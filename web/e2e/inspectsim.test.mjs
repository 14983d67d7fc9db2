// Browser steps of inspect against the real station and simulator, run by
// internal/station's TestInspectFliesTheDroneRoundTheMovingVessel with
// node's test runner:
//   SKERRY_URL        the station's console
//   SKERRY_CHROMIUM   Debian's chromium
//   SKERRY_ARTIFACTS  where screenshots go
//   SKERRY_STEP       "start": the pilot selects the vessel, asks to
//                     inspect it, reads the plan (the drone, the orbit,
//                     every drone considered) and sends the drone;
//                     "end": the running inspection, live, is ended.
//   SKERRY_TARGET     the vessel's target id
//   SKERRY_VEHICLE    the drone the plan must choose
// Nothing is faked: the plan is the station's inspector's, the session
// the one flying the simulator's drone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openConsole, waitFor } from './browser.mjs';

const URL = process.env.SKERRY_URL;
const ARTIFACTS = process.env.SKERRY_ARTIFACTS || '.';
const STEP = process.env.SKERRY_STEP;
const TARGET = process.env.SKERRY_TARGET;
const VEHICLE = process.env.SKERRY_VEHICLE;

let page;
let pageErrors = [];
let close;

before(async () => {
  assert.ok(TARGET && VEHICLE, 'SKERRY_TARGET and SKERRY_VEHICLE are set');
  ({ page, errors: pageErrors, close } = await openConsole(URL));
});

after(async () => {
  await close?.();
});

const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
const rows = () => page.locator('[data-testid^="inspection-"]');

if (STEP === 'start') {
  test('the pilot plans an inspection from the vessel list and sends the drone', async () => {
    const row = page.getByTestId(`target-row-${TARGET}`);
    await row.waitFor({ timeout: 20000 });
    await row.click();
    const inspect = page.getByTestId('target-inspect');
    await waitFor('Inspect enabled', async () => inspect.isEnabled(), 10000);
    await inspect.click();
    await page.getByTestId('inspect-plan').waitFor();
    await waitFor('the plan', async () => (await page.getByTestId('inspect-vehicle').count()) > 0, 20000);
    assert.match(await page.getByTestId('inspect-vehicle').innerText(), new RegExp(VEHICLE));
    assert.match(await page.getByTestId('inspect-orbit').innerText(), /round it at/);
    assert.ok(await page.getByTestId(`inspect-cand-${VEHICLE}`).count(), 'the drones considered are listed');
    await page.locator('.inspect-orbit').first().waitFor({ state: 'attached' });
    await shot('inspectsim-01-plan');
    await page.getByTestId('inspect-send').click();
    await waitFor('the inspection listed', async () => (await rows().count()) > 0, 20000);
    assert.equal(await rows().first().getAttribute('data-vehicle'), VEHICLE);
    assert.ok(await page.getByTestId('inspect-plan').isHidden(), 'the plan is gone once sent');
    assert.deepEqual(pageErrors, [], 'no page errors');
  });
}

if (STEP === 'end') {
  test('the running inspection shows live, and the pilot ends it', async () => {
    await waitFor('the inspection circling', async () => (await rows().count()) > 0 &&
      (await rows().first().getAttribute('data-phase')) === 'orbit', 20000);
    const row = rows().first();
    assert.match(await row.innerText(), /circling/);
    await shot('inspectsim-02-circling');
    await row.locator('button', { hasText: 'End' }).click();
    await waitFor('ended', async () => (await rows().first().getAttribute('data-phase')) === 'ended', 20000);
    assert.match(await rows().first().innerText(), /ended: pilot/);
    assert.deepEqual(pageErrors, [], 'no page errors');
  });
}
