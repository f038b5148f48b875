// Dashboard speed in Chromium with 1,000 monitors and a 30-day chart (a benchmark, not a test).
// Loads the data through the ingest-service of a running stack, then measures, each beside a
// baseline from the same run:
//   overview first render (tiles + first screen of the 1,000-row list)
//                                               vs the bare fetch of the same /api/monitors data
//   30-day chart draw (route change → drawn)    vs the bare fetch of the same series
//   JS heap with the overview / with the chart  vs a blank page
// Usage: ./sentinel ui-bench (needs `SENTINEL_INGEST_MAX_PAST=31d ./sentinel up` running).
import { launch } from './browser.mjs';

const QUERY = process.env.SENTINEL_QUERY_URL ?? 'http://localhost:8080';
const INGEST = process.env.SENTINEL_INGEST_URL ?? 'http://localhost:8081';
const TOKEN = process.env.SENTINEL_AGENT_TOKEN;
/** An admin API key of the query-service (./sentinel ui-bench passes the run's bootstrap key). */
const API_KEY = process.env.SENTINEL_API_KEY;
const MONITORS = Number(process.env.BENCH_MONITORS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const DAYS = 30;
const log = (...a) => console.log('[ui-bench]', ...a);

async function post(samples) {
  for (let attempt = 0; ; attempt++) {
    const r = await fetch(`${INGEST}/api/v1/samples`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ samples }),
    });
    if (r.status === 202) return;
    const body = await r.text();
    if (r.status === 503 && attempt < 20) {
      await new Promise((res) => setTimeout(res, 1000));
      continue;
    }
    if (r.status === 400 && body.includes('past'))
      throw new Error(
        `ingest rejects 30-day-old samples: start the stack with SENTINEL_INGEST_MAX_PAST=31d (${body.slice(0, 200)})`,
      );
    throw new Error(`ingest answered ${r.status}: ${body.slice(0, 300)}`);
  }
}

const json = async (path) => {
  const r = await fetch(QUERY + path, { headers: { Authorization: `Bearer ${API_KEY}` } });
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return r.json();
};

async function load() {
  const now = Date.now();
  const existing = await json(`/api/monitors/summary?q=bench-`);
  if (existing.total >= MONITORS + 1) {
    log(`data already loaded (${existing.total} bench monitors)`);
  } else {
    log(`loading ${MONITORS} monitors, 15 samples each over the last hour ...`);
    for (let start = 0; start < MONITORS; start += 50) {
      const samples = [];
      for (let m = start; m < Math.min(MONITORS, start + 50); m++) {
        const name = `bench-${String(m).padStart(4, '0')}`;
        for (let i = 0; i < 15; i++) {
          samples.push({
            monitor: name,
            metric: 'cpu',
            labels: { env: 'bench' },
            timestamp: now - (15 - i) * 240_000,
            value: 40 + 20 * Math.sin(i / 3 + m) + Math.random() * 5,
          });
        }
      }
      await post(samples);
    }
    log(`loading a ${DAYS}-day series (one sample per 5 min) into bench-30d ...`);
    const first = now - DAYS * 86_400_000;
    for (let t = first; t < now;) {
      const samples = [];
      for (let k = 0; k < 2000 && t < now; k++, t += 300_000) {
        const daily = Math.sin(((t % 86_400_000) / 86_400_000) * 2 * Math.PI);
        samples.push({
          monitor: 'bench-30d',
          metric: 'latency_ms',
          labels: { env: 'bench' },
          timestamp: t,
          value: 100 + 30 * daily + Math.random() * 8,
        });
      }
      await post(samples);
    }
  }
  // wait until the query-service has materialized them: all monitors listed, 30 days of hourly data
  for (let s = 0; ; s++) {
    const summary = await json(`/api/monitors/summary?q=bench-`);
    const m = await json(`/api/monitors?q=bench-30d`);
    let hours = 0;
    if (m.length) {
      const chart = await json(
        `/api/monitors/${m[0].id}/series?from=${new Date(now - DAYS * 86_400_000).toISOString()}&to=${new Date(now).toISOString()}&step=1h`,
      );
      hours = chart.series[0]?.points.length ?? 0;
    }
    if (summary.total >= MONITORS + 1 && hours >= DAYS * 24 - 2) return m[0].id;
    if (s % 10 === 0)
      log(
        `waiting for the pipeline: ${summary.total}/${MONITORS + 1} monitors, ${hours}/${DAYS * 24} hours of the 30-day series`,
      );
    if (s > 900) throw new Error('the pipeline did not materialize the data in 15 minutes');
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The overview has drawn: the table knows all its rows and the first screen of them is in the page. */
const FIRST_SCREEN = (n) =>
  document.querySelector('[data-testid="monitor-table"]')?.getAttribute('aria-rowcount') === String(n + 1) &&
  document.querySelectorAll('[data-testid="monitor-row"]').length >= Math.min(n, 15) &&
  document.querySelector('[data-testid="tile-up"] .tile-count') !== null;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs) =>
  `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, n=${xs.length})`;

async function heapMiB(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return metrics.find((m) => m.name === 'JSHeapUsedSize').value / 2 ** 20;
}

/** A session of a bench user (created with the API key), so the dashboard opens signed in. */
async function session() {
  const username = `ui-bench-${Math.random().toString(36).slice(2, 7)}`;
  const password = `bench password ${Math.random().toString(36).slice(2)}`;
  const created = await fetch(`${QUERY}/api/admin/users`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, role: 'viewer', password }),
  });
  if (created.status !== 201) throw new Error(`creating the bench user: ${created.status} ${await created.text()}`);
  const r = await fetch(`${QUERY}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!r.ok) throw new Error(`signing in: ${r.status}`);
  return /sentinel_session=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')[1];
}

async function main() {
  if (!TOKEN) throw new Error('SENTINEL_AGENT_TOKEN is not set (./sentinel ui-bench sets it from .sentinel/agent-tokens)');
  if (!API_KEY) throw new Error('SENTINEL_API_KEY is not set (./sentinel ui-bench sets it from .sentinel/api-key)');
  const chartId = await load();
  const total = (await json('/api/monitors/summary')).total;
  const rows = Math.min(1000, total);
  log(`${total} monitors in the stack; the overview draws ${rows} rows; chart: monitor ${chartId}, 30 days at 1 h`);

  const context = await launch();
  await context.addCookies([
    { name: 'sentinel_session', value: await session(), url: QUERY, httpOnly: true, sameSite: 'Strict' },
  ]);
  const page = await context.newPage();
  await page.goto('about:blank');
  const blankHeap = await heapMiB(page);

  const overview = [];
  const sparks = [];
  const fetchOnly = [];
  for (let i = 0; i < RUNS + 1; i++) {
    // from a blank page each time: a full load, performance.now() counts from this navigation
    await page.goto('about:blank');
    await page.goto(`${QUERY}/#/dashboard`, { waitUntil: 'commit' });
    await page.waitForFunction(FIRST_SCREEN, rows, {
      polling: 'raf',
      timeout: 60_000,
    });
    const t = await page.evaluate(() => performance.now());
    await page.waitForFunction(() => document.querySelectorAll('svg.spark').length >= 15, null, {
      polling: 'raf',
      timeout: 60_000,
    });
    const s = await page.evaluate(() => performance.now());
    // baseline: the same request the page makes, fetched and parsed in the same page, no rendering
    const f = await page.evaluate(async () => {
      const t0 = performance.now();
      await (await fetch('/api/monitors?limit=1000&sort=status', { headers: { Accept: 'application/json' } })).json();
      return performance.now() - t0;
    });
    if (i > 0) {
      // the first run warms the server's and browser's caches
      overview.push(t);
      sparks.push(s);
      fetchOnly.push(f);
    }
  }
  const overviewHeap = await heapMiB(page);

  const chart = [];
  const chartFetch = [];
  for (let i = 0; i < RUNS + 1; i++) {
    await page.goto(`${QUERY}/#/dashboard`);
    await page.waitForFunction(FIRST_SCREEN, rows, {
      timeout: 60_000,
    });
    const ms = await page.evaluate(async (id) => {
      const t0 = performance.now();
      window.location.hash = `#/monitors/${id}?range=30d`;
      await new Promise((resolve) => {
        const check = () => {
          const fig = document.querySelector('[data-testid="chart-latency_ms"]');
          if (fig && Number(fig.dataset.points) >= 700 && fig.querySelector('canvas')) resolve();
          else requestAnimationFrame(check);
        };
        check();
      });
      // the frame after the canvas was inserted is the one that shows it
      await new Promise((r) => requestAnimationFrame(() => r()));
      return performance.now() - t0;
    }, chartId);
    const f = await page.evaluate(async (id) => {
      const to = new Date();
      const from = new Date(to.getTime() - 30 * 86_400_000);
      const t0 = performance.now();
      await (await fetch(`/api/monitors/${id}/series?from=${from.toISOString()}&to=${to.toISOString()}`)).json();
      return performance.now() - t0;
    }, chartId);
    if (i > 0) {
      chart.push(ms);
      chartFetch.push(f);
    }
  }
  const chartHeap = await heapMiB(page);
  await context.close();

  console.log('');
  console.log(
    `  Dashboard in headless Chromium, ${rows} monitors, 30-day chart (720 hourly points), ${RUNS} runs after a warm-up`,
  );
  console.log(`  overview first render (navigation → tiles + first screen of ${rows} rows)  ${fmt(overview)}   goal < 1000 ms`);
  console.log(`    baseline: bare fetch + parse of the same /api/monitors     ${fmt(fetchOnly)}`);
  console.log(`    with sparklines drawn (their own request)                  ${fmt(sparks)}`);
  console.log(`  30-day chart (route change → canvas drawn)               ${fmt(chart)}   goal < 2000 ms`);
  console.log(`    baseline: bare fetch + parse of the same series            ${fmt(chartFetch)}`);
  console.log(
    `  JS heap: blank page ${blankHeap.toFixed(1)} MiB, overview ${overviewHeap.toFixed(1)} MiB, with the chart ${chartHeap.toFixed(1)} MiB`,
  );
  const ok = median(overview) < 1000 && median(chart) < 2000;
  console.log(`  ${ok ? 'both goals met' : 'GOAL MISSED'}`);
}

main().catch((e) => {
  console.error('[ui-bench]', e.message);
  process.exit(1);
});
