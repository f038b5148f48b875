import { useEffect, useMemo, useState } from 'react';
import type { Anomaly, Monitor, SeriesChart } from '../api';
import { api } from '../api';
import { RANGE_PRESETS, resolveRange, toColumns, zoomRange } from '../chart/chartData';
import { TimeChart } from '../chart/TimeChart';
import { ago, duration, num, stamp } from '../format';
import { routeHash, type Route } from '../route';
import { AnomalyTable } from './AnomalyTable';
import { MaintenanceForm } from './MaintenanceForm';
import { StatusBadge } from './StatusBadge';
import { useData } from './useData';
import { useNow } from './useNow';

function Charts({
  chart,
  anomalies,
  onZoom,
}: {
  chart: SeriesChart;
  anomalies: Anomaly[];
  onZoom: (a: number, b: number) => void;
}) {
  const charts = useMemo(
    () =>
      chart.series.map((s) => {
        const labels = Object.entries(s.labels ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(', ');
        return {
          key: s.series,
          title: labels ? `${s.metric} {${labels}}` : s.metric,
          metric: s.metric,
          columns: toColumns(
            s.points,
            anomalies.filter((a) => a.series === s.series),
            chart.step_seconds,
          ),
        };
      }),
    [chart, anomalies],
  );
  if (charts.length === 0)
    return (
      <div className="notice">
        No metric data for this monitor yet: its charts appear with its first rollup (within a minute of its first samples).
      </div>
    );
  return (
    <div className="charts">
      {charts.map((c) =>
        c.columns.x.length === 0 ? (
          <div key={c.key} className="notice">
            {c.title}: no data in this range. Pick a longer range.
          </div>
        ) : (
          <TimeChart
            key={c.key}
            title={c.title}
            columns={c.columns}
            valueLabel={c.metric}
            onZoom={onZoom}
            testId={`chart-${c.metric}`}
          />
        ),
      )}
    </div>
  );
}

/** How often at most a monitor's charts follow the live stream. */
const CHART_REFRESH_MS = 15_000;

export function MonitorDetail({
  id,
  route,
  monitors,
  tick,
}: {
  id: string;
  route: Route;
  monitors: Monitor[] | null;
  tick: number;
}) {
  const now = useNow();
  const [scheduling, setScheduling] = useState(false);
  const [changed, setChanged] = useState(0);
  const preset = route.params.get('range');
  const zoomFrom = route.params.get('from');
  const zoomTo = route.params.get('to');
  // a preset follows now, but the chart reloads at most every CHART_REFRESH_MS however busy the
  // stream is (a redraw loses the hover, and a 30-day series is not fetched once a second); a
  // zoom range stays put
  const chartBucket = useMemo(() => Math.floor(Date.now() / CHART_REFRESH_MS), [tick]);
  const range = useMemo(
    () => resolveRange(preset, zoomFrom, zoomTo, (chartBucket + 1) * CHART_REFRESH_MS),
    [preset, zoomFrom, zoomTo, chartBucket],
  );
  const detail = useData((s) => api.monitor(id, s), [id, tick, changed]);
  const chart = useData((s) => api.series(id, { from: range.from, to: range.to }, s), [id, range.from, range.to]);
  const anomalies = useData((s) => api.anomalies({ monitor: id, limit: 500 }, s), [id, tick, changed]);
  const outages = useData((s) => api.outages({ monitor: id, limit: 100 }, s), [id, tick]);
  // a link by name (#/monitors/web-frontend-2) waits for the monitor, then moves to its id below
  const byId = /^\d+$/.test(id);
  const windows = useData(
    (s) => (byId ? api.maintenance({ monitor: Number(id) }, s) : Promise.resolve([])),
    [id, byId, tick, changed],
  );

  const go = (params: Record<string, string | null>) => {
    window.location.hash = routeHash('monitors', id, params);
  };
  const onZoom = (a: number, b: number) => go(zoomRange(a, b));

  const m = detail.data;
  const canonicalId = m ? String(m.id) : null;
  useEffect(() => {
    if (canonicalId && canonicalId !== id) {
      // the URL keeps working by name; the page settles on the id, as every other link uses it
      window.location.replace(routeHash('monitors', canonicalId, Object.fromEntries(route.params)));
    }
  }, [canonicalId, id, route.params]);
  if (!m) {
    if (detail.error) {
      const notFound = detail.error.startsWith('404');
      return (
        <div className="notice error" role="alert">
          {notFound
            ? `No monitor with id or name ${id}: the link is wrong, or the monitor was removed.`
            : `Cannot load this monitor: ${detail.error}.`}{' '}
          <a href={routeHash('monitors', null)}>Back to the monitors</a>
        </div>
      );
    }
    return <div className="notice">Loading monitor…</div>;
  }
  const open = (anomalies.data ?? []).filter((a) => a.open);
  const past = (anomalies.data ?? []).filter((a) => !a.open);
  return (
    <section>
      <p className="crumbs">
        <a href={routeHash('monitors', null)}>Monitors</a> / {m.name}
      </p>
      <h1>
        {m.name} <StatusBadge status={m.status} stale={m.stale} />
      </h1>
      <p className="facts" data-testid="monitor-facts">
        <span>
          {m.status === 'up' ? 'Up' : 'In this status'} since {stamp(m.status_since)} ({ago(m.status_since, now)})
        </span>
        <span>last sample {ago(m.last_updated, now)}</span>
        <span>{m.open_anomalies === 1 ? '1 open anomaly' : `${m.open_anomalies} open anomalies`}</span>
        <span>
          uptime 24 h {num(m.uptime?.['24h'])} % · 7 d {num(m.uptime?.['7d'])} % · 30 d {num(m.uptime?.['30d'])} %
        </span>
        {m.tags && m.tags.length > 0 && <span>tags {m.tags.join(', ')}</span>}
      </p>

      {m.errors_since && (
        <div className="notice error" role="status" data-testid="errors-notice">
          <strong>✖ Its data is being rejected</strong> since {stamp(m.errors_since)} ({ago(m.errors_since, now)}):{' '}
          {m.errors_message ?? 'see the Logs page'}. Fix the agent's configuration; the status clears once its data is accepted
          again.
        </div>
      )}
      <div className="toolbar" role="group" aria-label="Time range">
        {RANGE_PRESETS.map((p) => (
          <button
            key={p.key}
            type="button"
            className="small"
            aria-pressed={range.preset === p.key}
            onClick={() => go({ range: p.key })}
          >
            {p.label}
          </button>
        ))}
        {range.preset === null && (
          <>
            <span className="muted">
              zoomed: {stamp(range.from)} – {stamp(range.to)}
            </span>
            <button type="button" className="small secondary" onClick={() => go({ range: '24h' })}>
              Reset zoom
            </button>
          </>
        )}
        <span className="muted">
          drag across a chart to zoom{chart.data ? ` · one point per ${duration(chart.data.step_seconds * 1000)}` : ''}
        </span>
      </div>
      {chart.error && !chart.data && (
        <div className="notice error" role="alert">
          Cannot load the charts: {chart.error}
        </div>
      )}
      {!chart.data && !chart.error && <div className="notice">Loading charts…</div>}
      {chart.data && <Charts chart={chart.data} anomalies={anomalies.data ?? []} onZoom={onZoom} />}

      <h2>Open anomalies ({open.length})</h2>
      {anomalies.error && <div className="notice error">Cannot load anomalies: {anomalies.error}</div>}
      {open.length > 0 ? (
        <AnomalyTable anomalies={open} showMonitor={false} onChanged={() => setChanged((c) => c + 1)} />
      ) : (
        anomalies.data && <div className="notice">No open anomaly: nothing to do here.</div>
      )}
      <h2>Past anomalies</h2>
      {past.length > 0 ? (
        <AnomalyTable anomalies={past} showMonitor={false} onChanged={() => setChanged((c) => c + 1)} />
      ) : (
        anomalies.data && <div className="notice">No past anomalies.</div>
      )}

      <h2>Outages</h2>
      {outages.data && outages.data.length > 0 ? (
        <table data-testid="monitor-outages">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Ended</th>
              <th scope="col">Duration</th>
              <th scope="col">Cause</th>
            </tr>
          </thead>
          <tbody>
            {outages.data.map((o) => (
              <tr key={o.id}>
                <td>{stamp(o.started_at)}</td>
                <td>{o.open ? <strong>ongoing</strong> : stamp(o.ended_at)}</td>
                <td>{duration((o.ended_at ? Date.parse(o.ended_at) : now) - Date.parse(o.started_at))}</td>
                <td>{o.cause ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <div className="notice">{outages.error ?? 'No outages for this monitor.'}</div>
      )}

      <h2>Maintenance</h2>
      {windows.data && windows.data.length > 0 && (
        <ul className="windows">
          {windows.data.map((w) => (
            <li key={w.id}>
              {w.active ? <strong>◼ active now</strong> : w.next_start ? `next ${stamp(w.next_start)}` : 'ended'} · {w.title} ·{' '}
              {duration(w.duration_seconds * 1000)}
              {w.rrule ? ` · ${w.rrule}` : ''}
            </li>
          ))}
        </ul>
      )}
      {scheduling ? (
        <MaintenanceForm
          monitors={monitors}
          fixed={m}
          onDone={() => {
            setScheduling(false);
            setChanged((c) => c + 1);
          }}
        />
      ) : (
        <button type="button" onClick={() => setScheduling(true)} data-testid="schedule-maintenance">
          Schedule maintenance…
        </button>
      )}
    </section>
  );
}
