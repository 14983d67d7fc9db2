// The console's video helpers on their own, no browser: the frame header of
// web/stream/PROTOCOL.md (the same bytes as web/stream's TestHeaderLayout),
// the codec string from an SPS, and the health line's words. Run by
// video_test.go with the browser steps (node --test videoparse.test.mjs
// also works alone).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// browser modules in a folder without package.json: copied to .mjs files
const dir = mkdtempSync(join(tmpdir(), 'skerry-video-'));
for (const f of ['video', 'videohealth']) copyFileSync(new URL(`../static/${f}.js`, import.meta.url), join(dir, `${f}.mjs`));
const { parseFrame, h264Codec } = await import(pathToFileURL(join(dir, 'video.mjs')).href);
const { healthLine, problems, fmtBitrate, fmtBytes, fmtClockOffset, streamsOf } = await import(pathToFileURL(join(dir, 'videohealth.mjs')).href);
rmSync(dir, { recursive: true, force: true });

const HEADER = [1, 1, 1, 24, 1, 2, 3, 4, 5, 6, 7, 8, 0x00, 0x06, 0x62, 0x0e, 0x27, 0xfb, 0x86, 0x40, 0x02, 0x80, 0x01, 0x68];
const buf = (bytes) => new Uint8Array(bytes).buffer;

test('a frame header as the station writes it', () => {
  const f = parseFrame(buf([...HEADER, 0, 0, 0, 1, 0x65]));
  assert.equal(f.codec, 'h264');
  assert.equal(f.key, true);
  assert.equal(f.resync, false);
  assert.equal(f.seq, 0x0102030405060708);
  assert.equal(f.captured, 1796662800123456);
  assert.equal(f.width, 640);
  assert.equal(f.height, 360);
  assert.deepEqual([...f.data], [0, 0, 0, 1, 0x65]);
});

test('frame headers that cannot be read are refused; longer ones are skipped over', () => {
  assert.equal(parseFrame(buf([1, 1, 1])), null, 'short');
  assert.equal(parseFrame(buf([2, ...HEADER.slice(1)])), null, 'version 2');
  assert.equal(parseFrame(buf([1, 1, 1, 10, ...HEADER.slice(4)])), null, 'header length under 24');
  assert.equal(parseFrame(buf(HEADER.slice(0, 20))), null, 'cut');
  assert.equal(parseFrame('text'), null);
  const longer = parseFrame(buf([1, 3, 3, 26, ...HEADER.slice(4), 9, 9, 0xff, 0xd8]));
  assert.equal(longer.codec, 'mjpeg');
  assert.equal(longer.resync, true);
  assert.deepEqual([...longer.data], [0xff, 0xd8]);
});

test('the codec string comes from the SPS', () => {
  assert.equal(h264Codec(new Uint8Array([0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1e, 0xd9, 0, 0, 0, 1, 0x68, 0xce])), 'avc1.42C01E');
  assert.equal(h264Codec(new Uint8Array([0, 0, 1, 0x09, 0xf0, 0, 0, 1, 0x27, 0x64, 0x00, 0x1f, 0xac])), 'avc1.64001F', 'after an AUD, nal_ref_idc 1');
  assert.equal(h264Codec(new Uint8Array([0, 0, 0, 1, 0x41, 0x9a])), '', 'no SPS in a P frame');
  assert.equal(h264Codec(new Uint8Array([0, 0, 1, 0x67, 0x42])), '', 'a cut SPS');
});

test('the health line and the problems in words', () => {
  const h = { state: 'playing', fps: 24.6, bitrate: 1_250_000, width: 1280, height: 720, codec: 'h264', error: '' };
  const info = { state: 'playing', fps: 25, width: 1280, height: 720, codec: 'h264', delay: 84.4, station: { dropped: 0 }, error: '' };
  assert.deepEqual(healthLine(h, info), { text: 'playing · 25 fps, 25 drawn · 1.3 Mbit/s · 1280×720 · H.264 · delay 84 ms', level: '', state: 'playing' });
  assert.deepEqual(problems(h, info), []);

  const stalled = healthLine({ ...h, state: 'stalled', error: 'no frames for 5 s' }, { ...info, state: 'waiting', delay: null });
  assert.equal(stalled.text, 'stalled (here: waiting for a key frame) · 25 fps · 1.3 Mbit/s · 1280×720 · H.264 · delay ?');
  assert.equal(stalled.level, 'crit');

  const h265 = { ...info, state: 'unsupported', codec: 'h265', error: 'H.265 video cannot be decoded in this browser', station: { dropped: 3 } };
  assert.equal(healthLine(undefined, h265).level, 'crit');
  assert.deepEqual(problems({ error: 'connection refused', decoder: 'H.264 needs libavcodec: this build has MJPEG only' }, h265), [
    'Station: connection refused',
    'Station decoder: H.264 needs libavcodec: this build has MJPEG only',
    'H.265 video cannot be decoded in this browser',
    '3 frames skipped for this view so far (slow connection or browser)',
  ]);
  assert.equal(fmtBitrate(0), '0 kbit/s');
  assert.equal(fmtBitrate(850_000), '850 kbit/s');
  assert.equal(fmtBytes(1_234_567), '1.2 MB');
});

test('a camera clock the station does not trust', () => {
  const h = { state: 'playing', clock: 'arrival', camera_clock_offset: -(3 * 3600 + 12 * 60 + 5.2) };
  const info = { state: 'playing', fps: 25, delay: 80, station: { dropped: 0 }, error: '' };
  assert.deepEqual(problems(h, info), [
    "Camera clock 3 h 12 min behind the station's (not set, or stepping): not trusted, frame times from packet arrival, vessels placed less exactly",
  ]);
  assert.deepEqual(problems({ state: 'playing', clock: 'rtcp' }, info), [], 'a trusted clock is no problem');
  assert.equal(fmtClockOffset(-1796662800), '56 years');
  assert.equal(fmtClockOffset(3 * 86400 + 5), '3 days');
  assert.equal(fmtClockOffset(7200), '2 h');
  assert.equal(fmtClockOffset(-125), '2 min 5 s');
  assert.equal(fmtClockOffset(6.04), '6.0 s');
});

test('streams of a vehicle, with or without cameras', () => {
  assert.deepEqual(streamsOf({ id: 'x' }), []);
  assert.deepEqual(streamsOf({ cameras: null }), []);
  const list = streamsOf({ cameras: [{ component: 100, vendor: 'Skerry', model: 'SimCam', streams: [{ key: 'c100s1', name: 'main', codec: 'h264' }, { key: 'c100s2' }, { name: 'no key' }] }] });
  assert.deepEqual(list.map((s) => [s.key, s.label]), [['c100s1', 'Skerry SimCam: main (H.264)'], ['c100s2', 'Skerry SimCam: c100s2']]);
});
