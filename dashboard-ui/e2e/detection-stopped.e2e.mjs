// The detector killed (SIGKILL) under a running dashboard: the banner "Detection stopped at ..."
// must appear on the page, and monitor statuses must be shown as stale, not as Up. Run by
// sentinel-e2e's DashboardBrowserIT after the other browser tests, with the detector's pid in the
// environment. The wait is bounded by the 15 s the issue promises; the measured delay is printed.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launch, until } from './browser.mjs';

const QUERY = need('SENTINEL_QUERY_URL');
const INGEST = need('SENTINEL_INGEST_URL');
const TOKEN = need('SENTINEL_AGENT_TOKEN');
const DETECTOR_PID = Number(need('SENTINEL_DETECTOR_PID'));
const API_KEY = need('SENTINEL_API_KEY');
const USER = `e2e-viewer-${Math.random().toString(36).slice(2, 7)}`;
const PASSWORD = `e2e password ${Math.random().toString(36).slice(2)}`;
const SHOTS = process.env.SENTINEL_SCREENSHOTS ?? 'target/screenshots';
const BOUND_MS = 15_000;

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run through sentinel-e2e (./mvnw verify) or set it`);
  return v;
}

const monitor = `watched-${Math.random().toString(36).slice(2, 7)}`;
let context;
let page;
let agent;

async function system() {
  const r = await fetch(`${QUERY}/api/system`, { headers: { Authorization: `Bearer ${API_KEY}` } });
  assert.equal(r.status, 200);
  return r.json();
}

async function send() {
  const r = await fetch(`${INGEST}/api/v1/samples`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ samples: [{ monitor, metric: 'cpu', timestamp: Date.now(), value: 12 + Math.random() }] }),
  });
  assert.equal(r.status, 202, await r.text());
}

before(async () => {
  await send();
  // samples keep arriving while the detector is gone, as from a real agent
  agent = setInterval(() => send().catch(() => {}), 1000);
  await until('detection reported ok', async () => (await system()).detection.state === 'ok');
  // a viewer (the smallest role) must see the banner: create one and sign in through the form
  const created = await fetch(`${QUERY}/api/admin/users`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: USER, role: 'viewer', password: PASSWORD }),
  });
  assert.equal(created.status, 201, await created.text());
  context = await launch();
  page = await context.newPage();
  await page.goto(QUERY);
  await page.locator('[data-testid="signin"]').waitFor({ timeout: 60_000 });
  await page.getByLabel('User name').fill(USER);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-testid="user"]').filter({ hasText: USER }).waitFor({ timeout: 60_000 });
  await until(`monitor ${monitor} listed as up`, async () => {
    const badge = page.locator(`[data-testid="monitor-row"][data-monitor="${monitor}"] .badge`);
    return (await badge.count()) > 0 && (await badge.first().innerText()).includes('Up');
  });
  assert.equal(await page.locator('[data-testid="detection-banner"]').count(), 0, 'no banner while detection keeps up');
});

after(async () => {
  clearInterval(agent);
  await context?.close();
});

test('a killed detector shows on the dashboard within 15 s, statuses stale', async () => {
  const killedAt = Date.now();
  process.kill(DETECTOR_PID, 'SIGKILL');
  const banner = page.locator('[data-testid="detection-banner"]');
  await until('the detection banner', async () => (await banner.count()) > 0, BOUND_MS, 100);
  const shownAfter = Date.now() - killedAt;
  console.log(`detector killed -> banner shown after ${(shownAfter / 1000).toFixed(1)} s (bound ${BOUND_MS / 1000} s)`);
  const text = await banner.innerText();
  assert.match(text, /Detection stopped at \d\d:\d\d/);
  await until('the monitor shown as stale', async () => {
    const badge = page.locator(`[data-testid="monitor-row"][data-monitor="${monitor}"] .badge`);
    return (await badge.getAttribute('data-stale')) === 'true';
  });
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, '20-detection-stopped.png'), fullPage: true });
  // the System page says the same and lists the services
  await page.evaluate(() => (window.location.hash = '#/system'));
  await until(
    'the System page',
    async () => (await page.locator('[data-testid="detection-state"]').getAttribute('data-state')) === 'stopped',
  );
  assert.equal(await page.locator('[data-service="detector"]').getAttribute('data-up'), 'false');
  await page.screenshot({ path: join(SHOTS, '21-system-page.png'), fullPage: true });
});
