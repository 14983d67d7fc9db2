// What the units' page's browser tests share: Debian's Chromium as a
// phone (360×740, touch, 2× pixels) on a fresh profile, the page's errors
// collected.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** openPhone starts the phone; it returns the page, the errors it reports, and close. */
export async function openPhone(url) {
  assert.ok(url, 'SKERRY_URL is not set');
  const profile = mkdtempSync(join(tmpdir(), 'skerry-unit-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.SKERRY_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) errors.push(`console: ${msg.text()}`);
  });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { page, errors, close };
}
