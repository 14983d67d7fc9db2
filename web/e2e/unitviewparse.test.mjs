// The units' page's helpers on their own, no browser: positions in
// degrees and minutes, times, and the token read from the link or the
// device. Run by unitview_test.go with the browser steps (node --test
// unitviewparse.test.mjs also works alone). The client's polling runs on
// injected timers and a scripted station: no waiting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// Browser modules in a folder without package.json: copied to .mjs files,
// any Node.js loads them as modules.
const dir = mkdtempSync(join(tmpdir(), 'skerry-unitview-'));
const load = async (name) => {
  copyFileSync(new URL(`../static/unit/${name}.js`, import.meta.url), join(dir, `${name}.mjs`));
  return import(pathToFileURL(join(dir, `${name}.mjs`)).href);
};
const { degMin, place, clock, ago } = await load('unitlist');
const { readToken, saveToken, createClient } = await load('unitclient');
rmSync(dir, { recursive: true, force: true });

test('positions in degrees and decimal minutes, as mariners read them', () => {
  for (const [v, want] of [
    [36.125, '36°07.500′N'], [-36.125, '36°07.500′S'], [0, '0°00.000′N'], [36.9999999, '37°00.000′N'],
    [Number.NaN, '—'], [undefined, '—'], [Infinity, '—'],
  ]) assert.equal(degMin(v, 'N', 'S'), want, String(v));
  assert.equal(place(36.125, -5.42), '36°07.500′N 5°25.200′W');
});

test('times in UTC and how long ago', () => {
  assert.equal(clock('2026-12-07T04:31:46Z'), '04:31:46Z');
  assert.equal(clock(''), '—');
  const now = Date.parse('2026-12-07T12:00:00Z');
  for (const [t, want] of [
    ['2026-12-07T11:59:30Z', '30 s ago'], ['2026-12-07T11:55:00Z', '5 min ago'], ['2026-12-07T09:00:00Z', '3 h ago'],
    ['2026-12-05T12:00:00Z', '2 d ago'], ['2026-12-07T12:00:05Z', '0 s ago'],
  ]) assert.equal(ago(t, now), want, t);
});

test('the token from the link is kept and leaves the address bar; else the device\'s', () => {
  const kept = new Map();
  const store = { getItem: (k) => kept.get(k) ?? null, setItem: (k, v) => kept.set(k, v), removeItem: (k) => kept.delete(k) };
  const replaced = [];
  globalThis.history = { replaceState: (_s, _t, url) => replaced.push(url) };
  const loc = (hash) => ({ hash, pathname: '/unit', search: '' });

  assert.equal(readToken(loc(''), store), '', 'none yet');
  assert.equal(readToken(loc('#token=tok%20a'), store), 'tok a');
  assert.deepEqual(replaced, ['/unit']);
  assert.equal(readToken(loc(''), store), 'tok a', 'kept on the device');
  assert.equal(readToken(loc('#x=1&token=tok-b'), store), 'tok-b');
  assert.equal(readToken(loc('#token=%E0%A4%A'), store), 'tok-b', 'a malformed token in the link is ignored');
  assert.equal(readToken(loc('#token='), store), 'tok-b');
  assert.equal(readToken(loc('#notoken=x'), store), 'tok-b');
  saveToken('', store);
  assert.equal(readToken(loc(''), store), '', 'forgotten');
});

test('the client polls every 5 s while seen, 30 s hidden, backs off to a minute offline, at once back online, stops when refused', async () => {
  const delays = [];
  let next = null;
  const timers = { setTimeout: (fn, ms) => { delays.push(ms); next = fn; return delays.length; }, clearTimeout: () => {} };
  const listeners = {};
  const doc = { visibilityState: 'visible', addEventListener: (k, fn) => { listeners[k] = fn; }, removeEventListener: () => {} };
  const win = { addEventListener: (k, fn) => { listeners[k] = fn; }, removeEventListener: () => {} };
  const script = [];
  const sent = [];
  const fetchFn = async (url, opts) => {
    sent.push({ url, inm: opts.headers['If-None-Match'] || '', auth: opts.headers.Authorization });
    const a = script.shift();
    if (a === 'down') throw new Error('network down');
    return {
      status: a, ok: a >= 200 && a < 300, headers: { get: (k) => (k === 'ETag' ? 'W/"v1"' : null) },
      json: async () => (a === 200 ? { unit: { id: 'u' }, incidents: [] } : { error: a === 401 ? "not the unit's token" : 'busy' }),
    };
  };
  const views = [];
  const states = [];
  const settle = async () => { for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r)); };
  const step = async (answer) => {
    script.push(answer);
    const n = delays.length;
    if (next) next();
    for (let i = 0; i < 50 && delays.length === n && states.at(-1)?.state !== 'refused'; i++) await settle();
    return delays.length > n ? delays.at(-1) : null;
  };

  script.push(200);
  createClient('tok', { onView: (v) => views.push(v), onState: (s) => states.push(s), fetchFn, timers, doc, win });
  await settle();
  assert.deepEqual(delays, [5000], 'the first view, then every 5 s');
  assert.equal(views.length, 1);
  assert.deepEqual(sent[0], { url: '/api/unitview', inm: '', auth: 'Bearer tok' });
  assert.equal(await step(304), 5000);
  assert.equal(sent[1].inm, 'W/"v1"', 'asks whether the view changed');
  assert.equal(views.length, 1, 'a 304 changes nothing');
  doc.visibilityState = 'hidden';
  assert.equal(await step(304), 30000, 'hidden: every 30 s');
  doc.visibilityState = 'visible';
  assert.equal(await step('down'), 10000, 'offline: backing off');
  assert.equal(states.at(-1).state, 'offline');
  assert.equal(await step(503), 20000);
  assert.equal(await step(503), 40000);
  assert.equal(await step(503), 60000);
  assert.equal(await step(503), 60000, 'a minute at most');
  assert.match(states.at(-1).error, /answered 503: busy/);
  script.push(304);
  const n = delays.length;
  listeners.online();
  await settle();
  assert.equal(delays.at(-1), 5000, 'back online: at once, then every 5 s');
  assert.equal(delays.length, n + 1);
  assert.equal(states.at(-1).state, 'live');
  assert.equal(await step(401), null, 'refused: no more polls');
  assert.equal(states.at(-1).state, 'refused');
  assert.match(states.at(-1).error, /refused this token: not the unit's token/);
});
