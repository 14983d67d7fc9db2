// Browser steps of the vessel contacts' tests, run by vessels_test.go with
// node's test runner against the video test's station with contacts:
//   SKERRY_URL        the console's URL
//   SKERRY_CHROMIUM   Debian's chromium
//   SKERRY_ARTIFACTS  where screenshots go
// The fleet is the video test's (cam1-1 with an H.264 camera and a gimbal,
// cam2-1 with an MJPEG camera, ...). No contacts at first; POST /test/start
// adds v1 (moving north-east at 5 m/s, course 45°, 18 m, seen by cam1-1,
// a snapshot, a track of 20 points), v2 (still, no course, speed or length,
// seen by cam2-1) and v3 (last seen five minutes ago), and sends cam1-1's
// detections (a box on v1, one unassigned) every 200 ms.
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

async function shot(name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

async function commands() {
  return page.evaluate(async () => (await (await fetch('/test/commands')).json()) || []);
}

const post = (path) => page.evaluate(async (p) => (await fetch(p, { method: 'POST' })).status, path);

test('without contacts the panel says so and the console works', async () => {
  await page.getByTestId('contacts-empty').waitFor();
  assert.match(await page.getByTestId('contacts-empty').innerText(), /No vessel contacts/);
  assert.equal(await page.locator('[data-testid^="contact-"].contact').count(), 0, 'no contact on the map');
  assert.equal(await page.getByTestId('contact-detail').isVisible(), false);
  await page.getByTestId('vehicle-row-cam2-1').click();
  await waitFor('cam2-1 selected', async () => /cam2-1/.test(await page.getByTestId('vehicle-title').innerText()));
  assert.deepEqual(pageErrors, [], 'the page logged errors');
});

test('contacts come on the map: course, error circle, label, track, stale greyed', async () => {
  assert.equal(await post('/test/start'), 204);
  const v1 = page.getByTestId('contact-v1');
  await v1.waitFor({ state: 'attached' });
  assert.equal(await v1.getAttribute('data-course'), '45');
  assert.equal(await v1.getAttribute('data-stale'), 'false');
  assert.match(await v1.innerText(), /^v1 · 9\.7 kn · 18 m$/);
  const v2 = page.getByTestId('contact-v2');
  await v2.waitFor({ state: 'attached' });
  assert.equal(await v2.getAttribute('data-course'), '', 'no course: no direction');
  assert.equal((await v2.innerText()).trim(), 'v2', 'no speed or length: the id alone');
  const v3 = page.getByTestId('contact-v3');
  await v3.waitFor({ state: 'attached' });
  assert.equal(await v3.getAttribute('data-stale'), 'true', 'seen five minutes ago: stale');
  assert.match(await v3.getAttribute('class'), /stale/);
  assert.equal(await page.getByTestId('contact-error-v1').getAttribute('data-radius'), '12.0');
  assert.equal(await page.getByTestId('contact-error-v2').getAttribute('data-radius'), '30.0');
  // its track grows from the updates (every 300 ms)
  await waitFor('v1\'s track from its updates', async () => Number(await page.getByTestId('contact-track-v1').getAttribute('data-points')) >= 4);
  // the course arrow is turned: the hull points north-east
  const t = await page.locator('[data-testid="contact-v1"] path').getAttribute('transform');
  assert.equal(t, 'rotate(45)');
  await shot('vessels-01-map');
});

test('the contact list: every contact, stale ones last and greyed', async () => {
  const rows = page.locator('[data-testid^="contact-row-"]');
  await waitFor('three rows', async () => (await rows.count()) === 3);
  const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.id));
  assert.deepEqual(ids, ['v1', 'v2', 'v3']);
  const cells = async (id) => page.getByTestId(`contact-row-${id}`).locator('td').allInnerTexts();
  const c1 = await cells('v1');
  assert.deepEqual(c1.slice(0, 4), ['v1', '9.7 kn', '045°', '18 m']);
  assert.match(c1[4], /^\d s ago$/);
  assert.equal(c1[5], 'cam1-1');
  assert.deepEqual((await cells('v2')).slice(0, 4), ['v2', '—', '—', '—']);
  const c3 = await cells('v3');
  assert.match(c3[4], /^5 min ago$/);
  assert.equal(c3[5], '—');
  assert.equal(await page.getByTestId('contact-row-v3').getAttribute('data-stale'), 'true');
  assert.match(await page.getByTestId('contact-count').innerText(), /^3 \(2 live\)$/);
});

test('selecting a contact shows its snapshot, who sees it and its whole track', async () => {
  await page.getByTestId('contact-row-v1').click();
  await page.getByTestId('contact-detail').waitFor();
  assert.match(await page.getByTestId('contact-title').innerText(), /^Contact v1$/);
  const img = page.getByTestId('contact-snapshot');
  await waitFor('the snapshot loaded', async () => img.evaluate((e) => e.complete && e.naturalWidth === 96));
  assert.match(await img.getAttribute('src'), /^\/api\/vessels\/v1\/snapshot\.jpg\?t=\d+$/);
  assert.match(await page.getByTestId('contact-seen-cam1-1').innerText(), /^cam1-1 · c100s1 · \d s ago · box 80×30 px$/);
  assert.equal(await page.getByTestId('contact-vehicle').inputValue(), 'cam1-1');
  assert.match(await page.getByTestId('contact-facts').innerText(), /Length\s+18 m/);
  // the station's track (20 points of history and the updates since) replaces the one gathered here
  await waitFor('the whole track', async () => Number(await page.getByTestId('contact-track-v1').getAttribute('data-points')) >= 24);
  assert.match(await page.getByTestId('contact-v1').getAttribute('class'), /selected/);
  assert.equal(await page.getByTestId('contact-row-v1').getAttribute('aria-selected'), 'true');
  await shot('vessels-02-selected');

  // a contact without a picture says so
  await page.getByTestId('contact-row-v2').click();
  await waitFor('v2 shown', async () => /^Contact v2$/.test(await page.getByTestId('contact-title').innerText()));
  assert.equal(await page.getByTestId('contact-snapshot').isVisible(), false);
  assert.match(await page.getByTestId('contact-detail').innerText(), /No picture yet/);
  assert.equal(await page.getByTestId('contact-vehicle').inputValue(), 'cam2-1');
  // a click on the contact's marker selects it too
  await page.getByTestId('contact-v1').click();
  await waitFor('v1 shown', async () => /^Contact v1$/.test(await page.getByTestId('contact-title').innerText()));
});

test('"Point camera here" orders look_at at the contact by the drone that sees it', async () => {
  const before = (await commands()).length;
  await page.getByTestId('contact-point').click();
  const look = await waitFor('the look_at order', async () => (await commands()).slice(before).find((c) => c.command.kind === 'look_at'));
  assert.deepEqual(look.targets, ['cam1-1']);
  const v1 = await page.evaluate(() => window.skerry.contacts.get('v1'));
  assert.ok(Math.abs(look.command.lat - v1.lat) < 0.0002 && Math.abs(look.command.lon - v1.lon) < 0.0002, JSON.stringify(look));
  await waitFor('accepted', async () => /cam1-1: Point camera at v1 accepted/.test(await page.getByTestId('contact-result').innerText()));
  await page.getByTestId('roi-cam1-1').waitFor({ state: 'attached' }); // the gimbal's point on the map
});

test('"Follow with camera" keeps ordering look_at as the contact moves, look_free on stop', async () => {
  const before = (await commands()).length;
  await page.getByTestId('contact-follow').click();
  assert.equal(await page.getByTestId('contact-follow').getAttribute('aria-pressed'), 'true');
  assert.match(await page.getByTestId('contact-follow').innerText(), /Stop following \(cam1-1\)/);
  assert.equal(await page.getByTestId('contact-following').innerText(), 'Following v1 with cam1-1');
  const looks = await waitFor('three look_at orders following v1', async () => {
    const l = (await commands()).slice(before).filter((c) => c.command.kind === 'look_at');
    return l.length >= 3 && l;
  }, 15_000);
  for (const l of looks) assert.deepEqual(l.targets, ['cam1-1']);
  assert.ok(looks[2].command.lat > looks[0].command.lat && looks[2].command.lon > looks[0].command.lon, 'north-east, as the contact moves');
  await page.getByTestId('contact-follow').click();
  await waitFor('look_free', async () => (await commands()).slice(before).some((c) => c.command.kind === 'look_free' && c.targets[0] === 'cam1-1'));
  assert.equal(await page.getByTestId('contact-follow').getAttribute('aria-pressed'), 'false');
  assert.equal(await page.getByTestId('contact-following').isVisible(), false);
  // no more look_at once stopped (one may have been in flight)
  await new Promise((r) => setTimeout(r, 1500));
  const n = (await commands()).length;
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal((await commands()).length, n, 'orders after stop');
});

test('following stops with look_free when the contact is lost', async () => {
  await page.getByTestId('contact-row-v2').click();
  await waitFor('v2 shown', async () => /^Contact v2$/.test(await page.getByTestId('contact-title').innerText()));
  const before = (await commands()).length;
  await page.getByTestId('contact-follow').click();
  await waitFor('a look_at to cam2-1', async () => (await commands()).slice(before).some((c) => c.command.kind === 'look_at' && c.targets[0] === 'cam2-1'));
  assert.equal(await post('/test/stale/v2'), 204);
  await waitFor('look_free to cam2-1', async () => (await commands()).slice(before).some((c) => c.command.kind === 'look_free' && c.targets[0] === 'cam2-1'));
  await waitFor('the reason', async () => /contact v2 lost/.test(await page.getByTestId('contact-result').innerText()));
  assert.equal(await page.getByTestId('contact-follow').getAttribute('aria-pressed'), 'false');
  await waitFor('v2 greyed', async () => (await page.getByTestId('contact-v2').getAttribute('data-stale')) === 'true');
});

test('speeds follow the pilot\'s units', async () => {
  await page.getByTestId('units-toggle').click();
  await page.getByTestId('units-speed').selectOption('ms');
  await waitFor('m/s on the map', async () => /^v1 · 5\.0 m\/s · 18 m$/.test(await page.getByTestId('contact-v1').innerText()));
  await waitFor('m/s in the list', async () => (await page.getByTestId('contact-row-v1').locator('td').nth(1).innerText()) === '5.0 m/s');
  await page.getByTestId('units-speed').selectOption('kn');
  await page.getByTestId('units-toggle').click();
});

/** boxes reads an overlay's boxes: their vessel and screen rectangles, and the canvas's picture. */
function overlayBoxes(testid, canvasID) {
  return page.evaluate(([id, cid]) => {
    const svg = document.querySelector(`[data-testid="${id}"]`);
    const c = document.querySelector(`[data-testid="${cid}"]`);
    if (!svg || svg.style.display === 'none') return null;
    const r = c.getBoundingClientRect();
    return {
      opacity: Number(svg.style.opacity),
      canvas: { x: r.x + c.clientLeft, y: r.y + c.clientTop, w: c.clientWidth, h: c.clientHeight, fw: c.width, fh: c.height },
      boxes: [...svg.querySelectorAll('[data-testid="det-box"]')].map((g) => {
        const b = g.querySelector('rect').getBoundingClientRect();
        return { vessel: g.dataset.vessel, label: g.querySelector('text').textContent, x: b.x, y: b.y, w: b.width, h: b.height };
      }),
    };
  }, [testid, canvasID]);
}

test('detection boxes and track ids are drawn over the live video, where the picture is', async () => {
  await page.getByTestId('vehicle-row-cam1-1').click();
  await waitFor('frames drawn', async () => Number(await page.getByTestId('video-canvas').getAttribute('data-frames') || 0) >= 10);
  const o = await waitFor('the boxes', async () => {
    const x = await overlayBoxes('video-boxes', 'video-canvas');
    return x && x.boxes.length === 2 && x;
  });
  assert.equal(o.opacity, 1);
  assert.deepEqual(o.boxes.map((b) => b.vessel), ['v1', '']);
  assert.deepEqual(o.boxes.map((b) => b.label), ['v1 90%', '? 45%']);
  assert.equal(o.canvas.fw, 640);
  assert.equal(o.canvas.fh, 360);
  // the canvas shows its 640×360 frame letterboxed: the box at (100, 120) 80×30 lands scaled on it
  const s = Math.min(o.canvas.w / 640, o.canvas.h / 360);
  const left = o.canvas.x + (o.canvas.w - 640 * s) / 2;
  const top = o.canvas.y + (o.canvas.h - 360 * s) / 2;
  const near = (a, b, what) => assert.ok(Math.abs(a - b) < 2.5, `${what}: ${a} vs ${b}`);
  const [b] = o.boxes;
  near(b.x, left + 100 * s, 'x');
  near(b.y, top + 120 * s, 'y');
  near(b.w, 80 * s, 'w');
  near(b.h, 30 * s, 'h');
  await page.getByTestId('video-canvas').scrollIntoViewIfNeeded();
  await shot('vessels-03-boxes');

  // another vehicle's video: none of cam1-1's boxes
  await page.getByTestId('vehicle-row-cam2-1').click();
  await waitFor('no boxes over cam2-1', async () => (await overlayBoxes('video-boxes', 'video-canvas')) === null);
});

test('the video wall draws the boxes over the tile of the stream', async () => {
  await page.getByTestId('video-wall-toggle').click();
  await page.getByTestId('video-wall').waitFor();
  await waitFor('cam1-1\'s tile playing', async () => Number(await page.getByTestId('video-tile-canvas-cam1-1').getAttribute('data-frames') || 0) >= 5);
  const o = await waitFor('the tile\'s boxes', async () => {
    const x = await overlayBoxes('video-tile-boxes-cam1-1', 'video-tile-canvas-cam1-1');
    return x && x.boxes.length === 2 && x;
  });
  const s = Math.min(o.canvas.w / 640, o.canvas.h / 360);
  assert.ok(Math.abs(o.boxes[0].w - 80 * s) < 2.5, `tile box width ${o.boxes[0].w} vs ${80 * s}`);
  assert.equal(await overlayBoxes('video-tile-boxes-cam2-1', 'video-tile-canvas-cam2-1'), null, 'no boxes on cam2-1');
  await shot('vessels-04-wall');
  // the overlay never takes the tile's click
  await page.getByTestId('video-tile-cam1-1').click();
  await waitFor('cam1-1 selected', async () => /cam1-1/.test(await page.getByTestId('vehicle-title').innerText()));
  await page.getByTestId('video-wall-toggle').click();
  await page.getByTestId('video-wall').waitFor({ state: 'hidden' });
});

test('contacts and detections that make no sense are ignored', async () => {
  assert.equal(await post('/test/garbage'), 204);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await page.locator('[data-testid^="contact-row-"]').count(), 3, 'no contact without an id or a position');
  assert.equal(await page.getByTestId('contact-bad2').count(), 0);
  assert.equal(await page.getByTestId('conn').getAttribute('data-state'), 'live');
  assert.deepEqual(pageErrors, [], 'the page logged errors');
});

test('boxes fade out when detections stop, and nothing broke', async () => {
  await page.getByTestId('vehicle-row-cam1-1').click();
  await waitFor('the boxes', async () => (await overlayBoxes('video-boxes', 'video-canvas'))?.boxes.length === 2);
  assert.equal(await post('/test/quiet'), 204);
  await waitFor('fading', async () => {
    const o = await overlayBoxes('video-boxes', 'video-canvas');
    return o === null || o.opacity < 1;
  }, 5_000);
  await waitFor('gone', async () => (await overlayBoxes('video-boxes', 'video-canvas')) === null, 5_000);
  assert.deepEqual(pageErrors, [], 'the page logged errors');
});
