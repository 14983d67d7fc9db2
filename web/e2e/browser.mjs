// What the browser tests against a test station share: Debian's Chromium
// started as this machine needs it, the page's errors collected, and
// polling until a condition holds.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/**
 * launch starts Debian's Chromium on a fresh profile with the
 * playwright context options given (viewport, touch...). It returns the
 * page, the errors the page reports (its 404s are expected: a test
 * station serves only what the test needs), and close.
 */
export async function launch(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'skerry-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.SKERRY_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 720 },
    ...options,
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

/**
 * openConsole starts Chromium (launch), opens url and waits for the live
 * feed. It returns the page, the errors the page reports, and close.
 */
export async function openConsole(url) {
  assert.ok(url, 'SKERRY_URL is not set');
  const opened = await launch();
  await opened.page.goto(url);
  await opened.page.getByTestId('conn').and(opened.page.locator('[data-state="live"]')).waitFor({ timeout: 20_000 });
  return opened;
}

/** waitFor polls fn until it returns a truthy value or time runs out. */
export async function waitFor(what, fn, timeout = 30_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const last = await fn();
    if (last) return last;
    if (Date.now() > end) assert.fail(`timed out after ${timeout / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
