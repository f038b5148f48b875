// Browser end-to-end tests of the dashboard against the real running stack: packaged ingest,
// detector and query services on real Kafka and PostgreSQL (started by sentinel-e2e's
// DashboardBrowserIT, which passes their URLs in the environment). Every wait is on a condition.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launch, until } from './browser.mjs';

const QUERY = need('SENTINEL_QUERY_URL');
const INGEST = need('SENTINEL_INGEST_URL');
const TOKEN = need('SENTINEL_AGENT_TOKEN');
/** An admin API key of the query-service (its bootstrap key): the tests' own reads and set-up. */
const API_KEY = need('SENTINEL_API_KEY');
/** The operator the browser signs in as, created through the admin API. */
const USER = `e2e-sre-${Math.random().toString(36).slice(2, 7)}`;
const PASSWORD = `e2e password ${Math.random().toString(36).slice(2)}`;
const SHOTS = process.env.SENTINEL_SCREENSHOTS ?? 'target/screenshots';
/** Seconds between an agent's samples; the detector's outage timing is set from it by the IT. */
const INTERVAL = Number(process.env.SENTINEL_SAMPLE_INTERVAL_S ?? '5');
const HISTORY = Number(process.env.SENTINEL_HISTORY ?? '600'); // past the engine's 300-sample warm-up
const PATIENCE = 180_000;

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run through sentinel-e2e (./mvnw verify) or set it`);
  return v;
}

const run = Math.random().toString(36).slice(2, 7);
const M = {
  checkout: `web-checkout-${run}`,
  orders: `db-orders-${run}`,
  sessions: `cache-sessions-${run}`,
  gateway: `api-gateway-${run}`,
};
const BASE = { [M.checkout]: 120, [M.orders]: 40, [M.sessions]: 8, [M.gateway]: 300 };
const LABELS = { env: 'e2e', region: 'eu-1' };
const live = new Set(Object.values(M));
let agent;
let context;
let page;
let step = 0;
const seed = (() => {
  let s = 42;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5;
})();

const normal = (monitor, i) => BASE[monitor] * (1 + 0.08 * Math.sin((2 * Math.PI * i) / 60)) + BASE[monitor] * 0.02 * seed();

async function post(samples) {
  const r = await fetch(`${INGEST}/api/v1/samples`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ samples }),
  });
  assert.equal(r.status, 202, await r.text());
}

async function api(path, init = {}) {
  const r = await fetch(QUERY + path, { ...init, headers: { Authorization: `Bearer ${API_KEY}`, ...(init.headers ?? {}) } });
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  return r.json();
}

async function shot(name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function goto(hash) {
  await page.evaluate((h) => (window.location.hash = h), hash);
}

const row = (name) => page.locator(`[data-testid="monitor-row"][data-monitor="${name}"]`);
const tileCount = async (status) => Number(await page.locator(`[data-testid="tile-${status}"] .tile-count`).innerText());

before(async () => {
  // history: HISTORY samples per monitor, INTERVAL s apart, ending now; then an agent keeps sending
  const now = Date.now();
  const first = now - HISTORY * INTERVAL * 1000;
  for (const monitor of Object.values(M)) {
    const samples = [];
    for (let i = 0; i < HISTORY; i++) {
      samples.push({
        monitor,
        metric: 'latency_ms',
        labels: LABELS,
        timestamp: first + i * INTERVAL * 1000,
        value: normal(monitor, i),
      });
    }
    await post(samples);
  }
  step = HISTORY;
  agent = setInterval(() => {
    step++;
    const t = Date.now();
    const samples = [...live].map((monitor) => ({
      monitor,
      metric: 'latency_ms',
      labels: LABELS,
      timestamp: t,
      value: normal(monitor, step),
    }));
    if (samples.length) post(samples).catch((e) => console.error('agent post failed:', e.message));
  }, INTERVAL * 1000);
  // the history has been scored when the last history minute's rollup of each monitor is in
  await until(
    'the history of every monitor materialized (rollups and monitors listed)',
    async () => {
      const monitors = await api(`/api/monitors?q=${run}&limit=100`);
      if (monitors.length < 4) return false;
      for (const m of monitors) {
        const d = await api(`/api/monitors/${m.id}`);
        if (!d.metrics?.length || Date.parse(d.metrics[0].last_minute) < now - 120_000) return false;
      }
      return true;
    },
    PATIENCE,
    1000,
  );
  const created = await fetch(`${QUERY}/api/admin/users`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: USER, role: 'operator', password: PASSWORD }),
  });
  assert.equal(created.status, 201, await created.text());
  context = await launch();
  page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${QUERY}/`);
  await signIn();
});

/** Signs in through the dashboard's form, as every person does. */
async function signIn() {
  await page.locator('[data-testid="signin"]').waitFor({ timeout: PATIENCE });
  await page.getByLabel('User name').fill(USER);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-testid="user"]').filter({ hasText: USER }).waitFor({ timeout: PATIENCE });
}

after(async () => {
  clearInterval(agent);
  await context?.close();
});

test('the overview lists the monitors with status, last sample and a sparkline, and the stream is live', async () => {
  // the state itself, not its text: "Live stream unavailable" (polling) contains "Live" too
  await page.locator('[data-testid="live-state"][data-state="live"]').waitFor({ timeout: PATIENCE });
  for (const name of Object.values(M)) await row(name).waitFor({ timeout: PATIENCE });
  const r = row(M.orders);
  assert.match(await r.locator('.badge').innerText(), /Up|Trouble|Critical/);
  assert.match(await r.innerText(), /ago/);
  // sparklines come from /api/sparklines: a drawn path per monitor with recent rollups
  await until('a sparkline drawn for a seeded monitor', async () => (await r.locator('svg.spark path').count()) === 1, PATIENCE);
  assert.match(await page.locator('[data-testid="last-update"]').innerText(), /Last update: \d{4}-/);
  await shot('01-overview');
});

test('samples that make a monitor anomalous change its row, tile and count without a page reload', async () => {
  await goto('#/dashboard');
  await row(M.checkout).waitFor();
  await page.evaluate(() => (window.__sameDocument = true));
  const openCell = () => row(M.checkout).locator('td').nth(3).innerText();
  const openBefore = Number(await openCell());
  // a gross departure: 20 times the usual level
  await post([
    { monitor: M.checkout, metric: 'latency_ms', labels: LABELS, timestamp: Date.now(), value: BASE[M.checkout] * 20 },
  ]);
  const status = await until(
    `${M.checkout} shown trouble or critical with one more open anomaly`,
    async () => {
      const s = await row(M.checkout).getAttribute('data-status');
      return ['trouble', 'critical'].includes(s) && Number(await openCell()) > openBefore && s;
    },
    PATIENCE,
  );
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was reloaded');
  // pushed over the stream, not picked up by the 30 s fallback poll
  assert.equal(await page.locator('[data-testid="live-state"]').getAttribute('data-state'), 'live');
  assert.match(await row(M.checkout).locator('.badge').innerText(), status === 'critical' ? /Critical/ : /Trouble/);
  // the tile counts it: at least one, and the same number as the rows of that status
  await until(`the ${status} tile agrees with the list`, async () => {
    const tile = await tileCount(status);
    return tile >= 1 && tile === (await page.locator(`[data-testid="monitor-row"][data-status="${status}"]`).count());
  });
  await shot('02-overview-anomalous');
});

test('search and status filter narrow the list and are kept in the URL', async () => {
  await goto('#/monitors');
  await page.locator('[data-testid="search"]').fill(`db-orders-${run}`);
  await until('only db-orders listed', async () => (await page.locator('[data-testid="monitor-row"]').count()) === 1);
  assert.equal(await page.locator('[data-testid="monitor-row"]').getAttribute('data-monitor'), M.orders);
  assert.match(decodeURIComponent(new URL(page.url()).hash), new RegExp(`q=db-orders-${run}`));

  await page.locator('[data-testid="search"]').fill(run);
  await until('the four seeded monitors listed', async () => (await page.locator('[data-testid="monitor-row"]').count()) === 4);
  const anomalous = await row(M.checkout).getAttribute('data-status');
  await page.locator('[data-testid="status-filter"]').selectOption(anomalous);
  await until(`only ${anomalous} monitors listed`, async () => {
    const statuses = await page.locator('[data-testid="monitor-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.status));
    return statuses.length >= 1 && statuses.every((s) => s === anomalous);
  });
  assert.ok(new URL(page.url()).hash.includes(`status=${anomalous}`));
  await shot('03-monitors-filtered');

  // the URL alone restores the view, as when shared
  const shared = page.url();
  const other = await context.newPage();
  await other.goto(shared);
  await other.locator(`[data-testid="monitor-row"][data-monitor="${M.checkout}"]`).waitFor({ timeout: PATIENCE });
  assert.equal(await other.locator('[data-testid="search"]').inputValue(), run);
  assert.equal(await other.locator('[data-testid="status-filter"]').inputValue(), anomalous);
  const restored = await other.locator('[data-testid="monitor-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.status));
  assert.ok(
    restored.every((s) => s === anomalous),
    `restored view shows only ${anomalous}: ${restored}`,
  );
  await other.close();

  // a tile click filters too, and a second click clears
  await page.locator('[data-testid="status-filter"]').selectOption('');
  await page.locator('[data-testid="tile-up"]').click();
  await until('only up monitors, at least one', async () => {
    const statuses = await page.locator('[data-testid="monitor-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.status));
    return statuses.length >= 1 && statuses.every((s) => s === 'up');
  });
  assert.equal(await page.locator('[data-testid="tile-up"]').getAttribute('aria-pressed'), 'true');
  await page.locator('[data-testid="tile-up"]').click();
  await until('filter cleared', async () => (await page.locator('[data-testid="monitor-row"]').count()) === 4);
});

test("a monitor's chart draws its points and an anomaly marker whose hover explains it; it can be acknowledged", async () => {
  await goto('#/monitors');
  await row(M.checkout).locator('a').click();
  await page.locator('h1').filter({ hasText: M.checkout }).waitFor();
  await page.getByRole('button', { name: '1 h', exact: true }).click();
  const chart = page.locator('[data-testid="chart-latency_ms"]');
  await until(
    'the chart has its points and a marker',
    async () => Number(await chart.getAttribute('data-points')) >= 20 && Number(await chart.getAttribute('data-markers')) >= 1,
    PATIENCE,
  );
  await chart.locator('canvas').first().waitFor();
  const marker = chart.locator('[data-testid="anomaly-marker"]').last();
  await marker.waitFor();
  await marker.hover();
  const tip = page.locator('[data-testid="chart-tooltip"]');
  await tip.waitFor();
  const text = await tip.innerText();
  assert.match(text, /score \d/);
  assert.match(text, /(Minor|Major|Critical)/);
  assert.match(text, /value \d/);
  // the value line itself is drawn: pixels in its colour (--link), not only grid and axes
  const inked = await chart
    .locator('canvas')
    .first()
    .evaluate((c) => {
      const hex = getComputedStyle(document.documentElement).getPropertyValue('--link').trim();
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3] > 128 && Math.abs(d[i] - r) < 40 && Math.abs(d[i + 1] - g) < 40 && Math.abs(d[i + 2] - b) < 40) n++;
      }
      return n;
    });
  assert.ok(inked > 100, `value line drawn (${inked} pixels in the line colour)`);
  await shot('04-monitor-detail');

  const ack = page.locator('[data-testid="anomaly-row"][data-open="true"]').first().locator('[data-testid="ack"]');
  await ack.click();
  await page.getByLabel('Comment').fill('looking into it');
  await page.getByRole('button', { name: 'Save' }).click();
  await page
    .locator('.acked')
    .filter({ hasText: `acked by ${USER}` })
    .first()
    .waitFor({ timeout: PATIENCE });
});

test('maintenance scheduled from a monitor page shows it in Maintenance', async () => {
  const detail = await api(`/api/monitors?q=${M.sessions}`);
  await goto(`#/monitors/${detail[0].id}`);
  await page.locator('[data-testid="schedule-maintenance"]').click();
  await page.getByRole('button', { name: 'Schedule maintenance' }).click();
  await page.locator('h1 .badge').filter({ hasText: 'Maintenance' }).waitFor({ timeout: PATIENCE });
  await goto('#/maintenance');
  await page
    .locator('[data-testid="maintenance-windows"]')
    .filter({ hasText: `Maintenance of ${M.sessions}` })
    .waitFor();
  await shot('05-maintenance');
});

test("stopping a monitor's samples shows it Down on the Outages page", async () => {
  live.delete(M.gateway);
  await goto('#/outages');
  const open = page.locator(`[data-testid="open-outage"][data-monitor="${M.gateway}"]`);
  await open.waitFor({ timeout: PATIENCE });
  assert.match(await open.innerText(), /Down/);
  assert.match(await open.locator('.running').innerText(), /\d+ (s|min)/);
  await page.locator('[data-testid="outage-timeline"] .lane-name').filter({ hasText: M.gateway }).waitFor();
  await shot('06-outages');
  await goto('#/dashboard');
  await until('gateway Down on the overview', async () => (await row(M.gateway).getAttribute('data-status')) === 'down');
  // the Down tile says since when at a glance
  await page
    .locator('[data-testid="tile-since-down"]')
    .filter({ hasText: /oldest for \d+ (s|min)/ })
    .waitFor();
});

test('the event log lists the changes newest first and filters by type', async () => {
  await goto('#/logs');
  await page.locator('[data-testid="log-row"]').first().waitFor();
  await page.locator('[data-testid="log-type"]').selectOption('outage_started');
  await until('only outage_started rows', async () => {
    const types = await page.locator('[data-testid="log-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.type));
    return types.length >= 1 && types.every((t) => t === 'outage_started');
  });
  await page.locator('[data-testid="log-type"]').selectOption('');
  await until('all types again, newest first', async () => {
    const seqs = await page.locator('[data-testid="log-row"]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.seq)));
    const types = new Set(await page.locator('[data-testid="log-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.type)));
    return types.size > 1 && seqs.length > 1 && seqs.every((s, i) => i === 0 || s < seqs[i - 1]);
  });
  await shot('07-logs');
});

test('anomaly insights rank the anomalous monitor, and analyze data charts a pasted CSV with its anomalies', async () => {
  await goto('#/insights?period=24h');
  await page.locator('[data-testid="insights-total"]').waitFor({ timeout: PATIENCE });
  await page
    .locator('.panel')
    .filter({ hasText: 'Most anomalous monitors' })
    .getByText(M.checkout)
    .waitFor({ timeout: PATIENCE });
  await page.locator('[data-testid="severity-distribution"]').waitFor();

  // bad input: the server names the line, the page shows it
  await page.locator('[data-testid="analyze-input"]').fill('timestamp,value\n2025-01-01T00:00:00Z,1\n2025-01-01T00:01:00Z,abc\n');
  await page.locator('[data-testid="analyze-run"]').click();
  await page.locator('[data-testid="analyze-errors"]').filter({ hasText: 'line 3' }).waitFor();

  const lines = ['timestamp,value'];
  const t0 = Date.parse('2025-01-01T00:00:00Z');
  for (let i = 0; i < 700; i++)
    lines.push(`${new Date(t0 + i * 60_000).toISOString()},${(i === 650 ? 500 : 50 + 5 * Math.sin(i / 10)).toFixed(3)}`);
  await page.locator('[data-testid="analyze-input"]').fill(lines.join('\n'));
  await page.locator('[data-testid="analyze-run"]').click();
  await page.locator('[data-testid="analyze-summary"]').waitFor({ timeout: PATIENCE });
  assert.match(await page.locator('[data-testid="analyze-summary"]').innerText(), /700 points/);
  const chart = page.locator('[data-testid="analyze-chart"]');
  assert.equal(await chart.getAttribute('data-points'), '700');
  assert.ok(Number(await chart.getAttribute('data-markers')) >= 1, 'the spike is marked');
  await shot('08-insights');

  // the same through a file upload
  const file = ['timestamp,value', ...lines.slice(1, 401)].join('\n');
  await page
    .locator('[data-testid="analyze"] input[type="file"]')
    .setInputFiles({ name: 'series.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
  await page.locator('[data-testid="analyze-summary"]').filter({ hasText: '400 points' }).waitFor({ timeout: PATIENCE });
});

test('a monitor link by name opens it and settles on its id; an unknown id or name says so and links back', async () => {
  await goto(`#/monitors/${encodeURIComponent(M.orders)}`);
  await until('the link by name moved to the id', async () => /^#\/monitors\/\d+/.test(await page.evaluate(() => location.hash)));
  await page.locator('h1').filter({ hasText: M.orders }).waitFor({ timeout: PATIENCE });
  await goto('#/monitors/no-such-monitor-abc');
  const unknown = page.locator('.notice.error').filter({ hasText: /no monitor with id or name no-such-monitor-abc/i });
  await unknown.waitFor();
  assert.equal(await unknown.getByRole('link', { name: 'Back to the monitors' }).count(), 1);
  await goto('#/monitors/987654321');
  await page
    .locator('.notice.error')
    .filter({ hasText: /no monitor with id or name 987654321/i })
    .waitFor();
});

test('the light theme is readable and chosen in the sidebar', async () => {
  await goto('#/dashboard');
  await page.locator('[data-testid="theme"]').selectOption('light');
  const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  assert.equal(bg, 'rgb(246, 248, 250)');
  await shot('09-overview-light');
  await page.locator('[data-testid="theme"]').selectOption('dark');
});

test('keyboard: Tab reaches the navigation and "/" focuses the search', async () => {
  await goto('#/dashboard');
  await page.locator('[data-testid="search"]').waitFor();
  await page.locator('body').click({ position: { x: 700, y: 5 } });
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'search');
  // from the top of a fresh page: the skip link, then the navigation
  await page.reload();
  await page.locator('[data-testid="search"]').waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Skip to content');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Dashboard');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await until('Monitors opened from the keyboard', async () => new URL(page.url()).hash === '#/monitors');
});

test('signing out ends the session: the sign-in form shows and the old cookie opens nothing', async () => {
  await goto('#/dashboard');
  const cookie = (await context.cookies(QUERY)).find((c) => c.name === 'sentinel_session');
  assert.ok(cookie?.httpOnly, 'the session cookie is HttpOnly');
  assert.equal(cookie.sameSite, 'Strict');
  await page.locator('[data-testid="sign-out"]').click();
  await page.locator('[data-testid="signin"]').waitFor({ timeout: PATIENCE });
  const r = await fetch(`${QUERY}/api/monitors`, { headers: { Cookie: `sentinel_session=${cookie.value}` } });
  assert.equal(r.status, 401);
  await shot('10-signed-out');
  await signIn();
});
