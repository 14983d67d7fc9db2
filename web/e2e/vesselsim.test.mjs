// Browser steps of the vessel story against the real station and
// simulator, run by internal/station's TestConsoleShowsTheBoatTheCameraFinds
// with node's test runner:
//   SKERRY_URL        the station's console
//   SKERRY_CHROMIUM   Debian's chromium
//   SKERRY_ARTIFACTS  where screenshots go
//   SKERRY_TRUTH      the simulator's ground truth (GET: the camera's last
//                     frame's size, the boats in it with their boxes, and
//                     where every boat is then, or with ?at=TIME at that
//                     time), which the station never reads
//   SKERRY_VEHICLE    the camera drone, airborne, kept 150 m off the boat
//                     with its gimbal on it
//   SKERRY_BOAT       the boat it watches
// Nothing is faked: the boxes are the station's detector's, the contacts
// its tracker's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openConsole, waitFor } from './browser.mjs';

const URL = process.env.SKERRY_URL;
const TRUTH = process.env.SKERRY_TRUTH;
const VEHICLE = process.env.SKERRY_VEHICLE;
const BOAT = process.env.SKERRY_BOAT;
const ARTIFACTS = process.env.SKERRY_ARTIFACTS || '.';
// where the contact may be from the boat: the geolocation's error from a
// drone 170 m away (the Go end-to-end test allows the same)
const NEAR_M = 60;

let page;
let pageErrors = [];
let close;
let contact = ''; // the contact on the boat, once found
const start = Date.now();
/** lap logs what happened, seconds into the suite. */
const lap = (what) => console.log(`+${((Date.now() - start) / 1000).toFixed(1)} s: ${what}`);

before(async () => {
  assert.ok(TRUTH && VEHICLE && BOAT, 'SKERRY_TRUTH, SKERRY_VEHICLE and SKERRY_BOAT are set');
  ({ page, errors: pageErrors, close } = await openConsole(URL));
});

after(async () => {
  await close?.();
});

async function shot(name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** truth is the simulator's ground truth now. */
async function truth() {
  const r = await fetch(TRUTH);
  assert.equal(r.status, 200, 'the simulator\'s truth');
  return r.json();
}

/** metres between two points (equirectangular, fine at these distances). */
function metres(lat1, lon1, lat2, lon2) {
  const r = 6371000;
  const x = (lon2 - lon1) * Math.PI / 180 * Math.cos(lat1 * Math.PI / 180);
  const y = (lat2 - lat1) * Math.PI / 180;
  return r * Math.hypot(x, y);
}

/** boatAt is where the watched boat was at a time (ISO 8601), by the simulator. */
async function boatAt(time) {
  const r = await fetch(`${TRUTH}?at=${encodeURIComponent(time)}`);
  assert.equal(r.status, 200, 'the simulator\'s truth');
  const b = (await r.json()).vessels.find((v) => v.id === BOAT);
  assert.ok(b, `${BOAT} in the simulator's truth`);
  return b;
}

/** overlay reads the video panel's boxes: the frame size they are in, each box in frame and screen pixels, and the canvas. */
function overlay() {
  return page.evaluate(() => {
    const svg = document.querySelector('[data-testid="video-boxes"]');
    const c = document.querySelector('[data-testid="video-canvas"]');
    if (!svg || !c || svg.style.display === 'none') return null;
    const vb = (svg.getAttribute('viewBox') || '').split(' ').map(Number);
    const r = c.getBoundingClientRect();
    return {
      vehicle: svg.dataset.vehicle,
      frame: { w: vb[2], h: vb[3] },
      canvas: { x: r.x + c.clientLeft, y: r.y + c.clientTop, w: c.clientWidth, h: c.clientHeight, fw: c.width, fh: c.height },
      boxes: [...svg.querySelectorAll('[data-testid="det-box"]')].map((g) => {
        const b = g.querySelector('rect').getBoundingClientRect();
        const [x, y, w, h] = g.dataset.box.split(',').map(Number);
        return { vessel: g.dataset.vessel, label: g.querySelector('text').textContent, f: { x, y, w, h }, s: { x: b.x, y: b.y, w: b.width, h: b.height } };
      }),
    };
  });
}

/** overlap is how much of box a (x, y, w, h) lies inside box b, 0..1. */
function overlap(a, b) {
  const w = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  return (w * h) / Math.max(1, a.w * a.h);
}

test('the camera drone\'s video plays with a detection box over the boat', async () => {
  await page.getByTestId(`vehicle-row-${VEHICLE}`).click();
  await waitFor('frames drawn', async () => Number(await page.getByTestId('video-canvas').getAttribute('data-frames') || 0) >= 10, 60_000);
  lap('video playing');
  assert.match(await page.getByTestId('video-health').innerText(), /^playing/);
  // a box and the simulator's box of the boat in its latest frame: the
  // boat is slow and the gimbal holds it, so each is near the other
  let seen;
  await waitFor('a detection box over the boat', async () => {
    const o = await overlay();
    if (!o || o.vehicle !== VEHICLE || !o.boxes.length) return false;
    const t = await truth();
    const tb = t.in_frame.find((v) => v.id === BOAT);
    if (!tb) return false;
    // the truth in the detections' frame size (the same picture, maybe scaled)
    const k = o.frame.w / t.width;
    const want = { x: tb.box[0] * k, y: tb.box[1] * k, w: tb.box[2] * k, h: tb.box[3] * k };
    // a little slack: a frame or two apart, the detector's box hugs hull and wake differently
    const grown = { x: want.x - want.w / 2, y: want.y - want.h / 2, w: want.w * 2, h: want.h * 2 };
    const b = o.boxes.find((x) => overlap(x.f, grown) > 0.5);
    if (b) seen = { o, b, want };
    return Boolean(b);
  }, 90_000);
  const { o, b, want } = seen;
  lap('a box over the boat');
  console.log(`boxes over ${VEHICLE}: ${o.boxes.map((x) => `${x.label} [${x.f.x},${x.f.y} ${x.f.w}×${x.f.h}]`).join(', ')}; the boat by the simulator [${want.x.toFixed(0)},${want.y.toFixed(0)} ${want.w.toFixed(0)}×${want.h.toFixed(0)}]`);
  // drawn where the picture shows that part of the frame (letterboxed in the canvas)
  const s = Math.min(o.canvas.w / o.frame.w, o.canvas.h / o.frame.h);
  const left = o.canvas.x + (o.canvas.w - o.frame.w * s) / 2;
  const top = o.canvas.y + (o.canvas.h - o.frame.h * s) / 2;
  const near = (a, c, what) => assert.ok(Math.abs(a - c) < 2.5, `${what}: ${a} vs ${c}`);
  near(b.s.x, left + b.f.x * s, 'x on the screen');
  near(b.s.y, top + b.f.y * s, 'y on the screen');
  near(b.s.w, b.f.w * s, 'width on the screen');
  near(b.s.h, b.f.h * s, 'height on the screen');
  assert.ok(b.s.w > 3 && b.s.h > 2, `a box one sees: ${JSON.stringify(b.s)}`);
  assert.ok(b.s.x >= o.canvas.x - 1 && b.s.x + b.s.w <= o.canvas.x + o.canvas.w + 1, 'inside the picture');
  await page.getByTestId('video-canvas').scrollIntoViewIfNeeded();
  await shot('vesselsim-01-boxes');
});

test('the contact is on the map and in the list where the simulator says the boat is', async () => {
  // the station's contact on the boat (it may see others): where the boat
  // was when the station last saw it
  const v = await waitFor('a contact on the boat', async () => {
    const all = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="contact-row-"]')]
      .map((tr) => window.skerry.contacts.get(tr.dataset.id)).filter(Boolean));
    for (const c of all) {
      const b = await boatAt(c.last_seen);
      if (metres(c.lat, c.lon, b.lat, b.lon) < NEAR_M) return c;
    }
    return null;
  }, 90_000);
  contact = v.id;
  lap(`contact ${contact} on the boat`);
  // the marker on the map: its centre, read back through the map, is the
  // contact's position, which is the boat's
  await page.evaluate(([lat, lon]) => { window.skerry.map.setView([lat, lon], 17, { animate: false }); }, [v.lat, v.lon]);
  const marker = page.getByTestId(`contact-${contact}`);
  await marker.waitFor();
  lap('its marker shown');
  const at = await waitFor('the marker placed', async () => page.evaluate((id) => {
    const e = document.querySelector(`[data-testid="contact-${id}"]`);
    const m = window.skerry.map;
    const r = e?.getBoundingClientRect();
    const c = m.getContainer().getBoundingClientRect();
    if (!r?.width) return null;
    const ll = m.containerPointToLatLng([r.x + r.width / 2 - c.x, r.y + r.height / 2 - c.y]);
    const v = window.skerry.contacts.get(id);
    return { lat: ll.lat, lon: ll.lng, contact: v, onMap: r.x >= c.x && r.right <= c.right && r.y >= c.y && r.bottom <= c.bottom };
  }, contact));
  const b = await boatAt(at.contact.last_seen);
  const d = metres(at.lat, at.lon, b.lat, b.lon);
  console.log(`contact ${contact} drawn at ${at.lat.toFixed(6)},${at.lon.toFixed(6)}: ${metres(at.lat, at.lon, at.contact.lat, at.contact.lon).toFixed(1)} m from its position, ${d.toFixed(1)} m from ${BOAT} (${b.lat.toFixed(6)},${b.lon.toFixed(6)}) when last seen`);
  assert.ok(at.onMap, 'the marker is in the map\'s view');
  assert.ok(metres(at.lat, at.lon, at.contact.lat, at.contact.lon) < 3, 'the marker where the contact is (a metre a pixel)');
  assert.ok(d < NEAR_M, `the marker ${d.toFixed(1)} m from the boat`);
  assert.equal(await marker.getAttribute('data-stale'), 'false');
  // the list: its row names the drone that sees it
  const row = page.getByTestId(`contact-row-${contact}`);
  await waitFor('the row names the drone', async () => (await row.locator('td').last().innerText()).includes(VEHICLE));
  assert.equal(await row.getAttribute('data-stale'), 'false');
  const count = await page.getByTestId('contact-count').innerText();
  assert.match(count, /^[1-9]\d*( \(\d+ live\))?$/, 'the count of contacts');
  console.log(`contacts: ${count}`);
  await shot('vesselsim-02-map');
});

test('clicking the contact shows its picture and the drone that sees it', async () => {
  assert.ok(contact, 'a contact from the previous step');
  await page.getByTestId(`contact-row-${contact}`).click();
  await page.getByTestId('contact-detail').waitFor();
  assert.match(await page.getByTestId('contact-title').innerText(), new RegExp(`^Contact ${contact}`));
  const img = page.getByTestId('contact-snapshot');
  const size = await waitFor('the snapshot loaded', async () => img.evaluate((e) => e.complete && e.naturalWidth > 0 && { w: e.naturalWidth, h: e.naturalHeight }), 30_000);
  assert.ok(size.h > 0, `a picture: ${JSON.stringify(size)}`);
  assert.match(await img.getAttribute('src'), new RegExp(`^/api/vessels/${contact}/snapshot\\.jpg`));
  assert.ok(await img.isVisible(), 'the picture shows');
  const seen = page.getByTestId(`contact-seen-${VEHICLE}`);
  await seen.waitFor();
  assert.match(await seen.innerText(), new RegExp(`^${VEHICLE} · c100s1 · .+ · box \\d+×\\d+ px$`));
  assert.equal(await page.getByTestId('contact-vehicle').inputValue(), VEHICLE);
  console.log(`contact ${contact}: picture ${size.w}×${size.h}; ${await seen.innerText()}`);
  await shot('vesselsim-03-contact');
  assert.deepEqual(pageErrors, [], 'the page logged errors');
});
