// Browser steps of the video tests, run by video_test.go with node's test
// runner against a test station (the real web.Server and video websocket,
// a test feed of real H.264 and MJPEG frames, a fake fleet):
//   SKERRY_URL        the console's URL
//   SKERRY_CHROMIUM   Debian's chromium
//   SKERRY_ARTIFACTS  where screenshots go
// The fleet: cam1-1 (an H.264 camera, a gimbal, a footprint), cam2-1 (an
// MJPEG camera, a clipped footprint), cam3-1 (an H.265 camera), ghost1-1
// (a camera whose stream the station cannot serve), plain1-1 (no camera).
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


/** frames is how many frames a canvas has drawn (its data-frames). */
async function frames(testid) {
  return Number(await page.getByTestId(testid).getAttribute('data-frames') || 0);
}

/** sample hashes a canvas's pixels (a grid of points over the whole picture). */
function sample(testid) {
  return page.evaluate((id) => {
    const c = document.querySelector(`[data-testid="${id}"]`);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let h = 0;
    let lit = 0;
    for (let i = 0; i < d.length; i += 4 * 97) {
      h = (h * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2]) >>> 0;
      if (d[i] + d[i + 1] + d[i + 2] > 60) lit++;
    }
    return { h, lit };
  }, testid);
}

async function commands() {
  return page.evaluate(async () => (await (await fetch('/test/commands')).json()) || []);
}

test('this Chromium decodes H.264 with WebCodecs', async () => {
  const ok = await page.evaluate(async () => 'VideoDecoder' in window
    && (await VideoDecoder.isConfigSupported({ codec: 'avc1.42C01E', optimizeForLatency: true })).supported);
  assert.ok(ok, 'VideoDecoder cannot decode H.264 here: the console cannot show live video');
});

test('the video panel of a vehicle with an H.264 camera draws its frames and its health', async () => {
  await page.getByTestId('vehicle-row-cam1-1').click();
  await waitFor('frames drawn', async () => (await frames('video-canvas')) >= 10);
  const a = await sample('video-canvas');
  assert.ok(a.lit > 0, 'the picture is not black');
  await waitFor('the picture to change', async () => (await sample('video-canvas')).h !== a.h, 10_000);
  const health = page.getByTestId('video-health');
  await waitFor('the health line', async () => /^playing · 25 fps, \d+ drawn · 850 kbit\/s · 640×360 · H\.264 · delay \d+ ms$/.test(await health.innerText()));
  const delay = Number(await health.getAttribute('data-delay'));
  console.log(`health line: ${await health.innerText()} (delay behind capture ${delay} ms, station clock ahead by ${await health.getAttribute('data-skew')} ms)`);
  assert.ok(Number.isFinite(delay) && delay >= 0, `delay ${delay}`);
  await shot('video-01-panel');
});

test('a second stream, picked, over a lossy link: the player resyncs at key frames', async () => {
  const picker = page.getByTestId('video-stream');
  assert.equal(await picker.isVisible(), true, 'a picker for two streams');
  await picker.selectOption('c100s2');
  await waitFor('the lossy stream playing', async () => (await page.getByTestId('video-canvas').getAttribute('data-key')) === 'c100s2'
    && (await frames('video-canvas')) >= 10);
  await waitFor('frames skipped to a key frame, and drawing again after', async () => {
    const lost = Number(await page.getByTestId('video-canvas').getAttribute('data-lost'));
    return lost > 0 && (await frames('video-canvas')) >= 30;
  });
  // the station skipped the frames after each gap to the next key frame, and says so
  await waitFor('the station\'s count of skipped frames', async () => /\d+ frames skipped for this view so far/.test(await page.getByTestId('video-errors').innerText()));
  assert.doesNotMatch(await page.getByTestId('video-errors').innerText(), /decoder error|cannot decode/);
  await picker.selectOption('c100s1');
  await waitFor('the main stream again', async () => (await frames('video-canvas')) >= 5);
});

test('the camera footprints and the gimbal\'s point are on the map', async () => {
  const fp = page.getByTestId('footprint-cam1-1');
  await fp.waitFor({ state: 'attached' });
  assert.equal(await fp.getAttribute('data-clipped'), 'false');
  assert.equal(await fp.getAttribute('stroke-dasharray'), null, 'solid when not clipped');
  const clipped = page.getByTestId('footprint-cam2-1');
  await clipped.waitFor({ state: 'attached' });
  assert.equal(await clipped.getAttribute('data-clipped'), 'true');
  assert.ok(await clipped.getAttribute('stroke-dasharray'), 'dashed when clipped');
  assert.equal(await page.getByTestId('footprint-plain1-1').count(), 0, 'no footprint without a camera');

  // Point the camera at a spot on the map: the order, then the point shown.
  await page.getByTestId('gimbal-point').click();
  const box = await page.getByTestId('map').boundingBox();
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.4);
  await waitFor('the look_at order', async () => (await commands()).some((c) => c.command.kind === 'look_at'));
  const look = (await commands()).find((c) => c.command.kind === 'look_at');
  assert.deepEqual(look.targets, ['cam1-1']);
  assert.ok(Math.abs(look.command.lat - 36.13) < 0.2 && Math.abs(look.command.lon + 5.43) < 0.2, JSON.stringify(look));
  await page.getByTestId('roi-cam1-1').waitFor({ state: 'attached' });
  await waitFor('the gimbal line', async () => /looking at/.test(await page.getByTestId('gimbal-state').innerText()));
  assert.match(await page.getByTestId('gimbal-result').innerText(), /accepted/);
  await shot('video-02-footprint');

  await page.getByTestId('gimbal-free').click();
  await waitFor('the point gone', async () => (await page.getByTestId('roi-cam1-1').count()) === 0);

  await page.getByTestId('gimbal-pitch').fill('-80');
  await waitFor('the gimbal order', async () => (await commands()).some((c) => c.command.kind === 'gimbal' && c.command.pitch === -80));
  await waitFor('the pitch reported', async () => /pitch -80°/.test(await page.getByTestId('gimbal-state').innerText()));
});

test('recording starts and stops, showing the file and its size', async () => {
  await page.getByTestId('rec-start').click();
  await waitFor('recording shown', async () => /REC video\/cam1-1-c100s1-test\.mp4 · 1\.2 MB/.test(await page.getByTestId('rec-state').innerText()));
  assert.equal(await page.getByTestId('rec-start').isDisabled(), true);
  await page.getByTestId('rec-stop').click();
  await waitFor('not recording', async () => (await page.getByTestId('rec-state').innerText()) === 'not recording');
  assert.match(await page.getByTestId('rec-result').innerText(), /Recorded video\/cam1-1-c100s1-test\.mp4/);
});

test('a vehicle without a camera says so', async () => {
  await page.getByTestId('vehicle-row-plain1-1').click();
  await waitFor('the message', async () => /plain1-1 has no camera stream/.test(await page.getByTestId('video-message').innerText()));
  assert.equal(await page.getByTestId('video-canvas').isVisible(), false);
  // the rest of the console still works
  assert.match(await page.getByTestId('vehicle-title').innerText(), /plain1-1/);
});

test('an MJPEG camera is drawn too', async () => {
  await page.getByTestId('vehicle-row-cam2-1').click();
  await waitFor('JPEG frames drawn', async () => (await frames('video-canvas')) >= 5);
  await waitFor('the health line', async () => /320×240 · MJPEG · delay \d+ ms/.test(await page.getByTestId('video-health').innerText()));
});

test('an H.265 camera: the panel says the browser cannot decode it', async () => {
  await page.getByTestId('vehicle-row-cam3-1').click();
  await waitFor('the reason', async () => /H\.265 video cannot be decoded in this browser/.test(await page.getByTestId('video-errors').innerText()));
  assert.match(await page.getByTestId('video-health').getAttribute('class'), /crit/);
  assert.equal(await page.getByTestId('video-health').getAttribute('data-view'), 'unsupported');
});

test('a stream the station cannot serve: its words, and no page error', async () => {
  await page.getByTestId('vehicle-row-ghost1-1').click();
  const errors = page.getByTestId('video-errors');
  await waitFor('the reasons', async () => {
    const text = await errors.innerText();
    return /Station: connection refused/.test(text) && /The station refused the video: vehicle ghost1-1 stream c100s1: no such video stream/.test(text);
  });
  assert.match(await page.getByTestId('video-health').innerText(), /^retrying \(here: refused\)/);
  assert.deepEqual(pageErrors, [], 'the page logged errors');
});

test('the video wall shows every vehicle with a camera', async () => {
  await page.getByTestId('video-wall-toggle').click();
  await page.getByTestId('video-wall').waitFor();
  await waitFor('both tiles playing', async () => (await frames('video-tile-canvas-cam1-1')) >= 5 && (await frames('video-tile-canvas-cam2-1')) >= 3);
  await waitFor('the H.265 tile saying it cannot', async () => /cannot decode/.test(await page.getByTestId('video-tile-cam3-1').innerText()));
  assert.equal(await page.getByTestId('video-tile-plain1-1').count(), 0);
  assert.equal(await page.locator('.videowall-grid').getAttribute('data-size'), '2');
  await shot('video-03-wall');
  await page.getByTestId('video-tile-cam1-1').click();
  await waitFor('cam1-1 selected', async () => /cam1-1/.test(await page.getByTestId('vehicle-title').innerText()));
  await page.getByTestId('video-wall-toggle').click();
  await page.getByTestId('video-wall').waitFor({ state: 'hidden' });
  assert.deepEqual(pageErrors, [], 'the page logged errors');
});
