// The units' page's helpers on their own, no browser: positions in
// degrees and minutes, times, and the token read from the link or the
// device. Run by unitview_test.go with the browser steps (node --test
// unitviewparse.test.mjs also works alone).
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
const { readToken, saveToken } = await load('unitclient');
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
