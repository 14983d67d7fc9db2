// What the units' page's browser tests share: Debian's Chromium as a
// phone (360×740, touch, 2× pixels) on a fresh profile, the page's errors
// collected.
import assert from 'node:assert/strict';
import { launch } from './browser.mjs';

/** openPhone starts the phone; it returns the page, the errors it reports, and close. */
export async function openPhone(url) {
  assert.ok(url, 'SKERRY_URL is not set');
  return launch({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
}
