import { useEffect, useMemo, useRef, useState } from 'react';
import { api, type Monitor, type SparkLine } from '../api';
import { Sparkline } from '../chart/Sparkline';
import { ago } from '../format';
import { routeHash, type Route } from '../route';
import {
  STATUS_GLYPH,
  STATUS_LABEL,
  TILE_ORDER,
  countByStatus,
  filterMonitors,
  isStatus,
  sortMonitors,
  type Status,
} from '../status';
import { StatusBadge } from './StatusBadge';
import { useNow } from './useNow';

interface Props {
  monitors: Monitor[] | null;
  error: string | null;
  route: Route;
}

/** Sparklines of every monitor in one request, refreshed each minute (they span the last hour). */
function useSparklines(): Map<number, SparkLine> {
  const [lines, setLines] = useState<Map<number, SparkLine>>(new Map());
  useEffect(() => {
    const ctl = new AbortController();
    const load = () =>
      api
        .sparklines(ctl.signal)
        .then((s) => setLines(new Map(s.items.map((l) => [l.monitor_id, l]))))
        .catch(() => {
          // sparklines are decoration: the table stays useful without them
        });
    load();
    const t = setInterval(load, 60_000);
    return () => {
      ctl.abort();
      clearInterval(t);
    };
  }, []);
  return lines;
}

export function Overview({ monitors, error, route }: Props) {
  const now = useNow();
  const sparks = useSparklines();
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // "/" jumps to the search box, as on most dashboards
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName)) {
        e.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const q = route.params.get('q') ?? '';
  const statusParam = route.params.get('status');
  const status: Status | null = isStatus(statusParam) ? statusParam : null;
  const go = (next: { q?: string; status?: Status | null }) => {
    window.location.hash = routeHash(route.page === 'monitors' ? 'monitors' : 'dashboard', null, {
      q: next.q ?? q,
      status: next.status === undefined ? status : next.status,
    });
  };

  const counts = useMemo(() => countByStatus(monitors ?? []), [monitors]);
  const shown = useMemo(() => sortMonitors(filterMonitors(monitors ?? [], q, status)), [monitors, q, status]);

  if (monitors === null) {
    return error ? (
      <div className="notice error" role="alert">
        Cannot reach the query-service: {error}. Is it running? (`./sentinel up` starts everything.)
      </div>
    ) : (
      <div className="notice">Loading monitors…</div>
    );
  }

  return (
    <section>
      <h1>{route.page === 'monitors' ? 'Monitors' : 'Overview'}</h1>
      {error && (
        <div className="notice error" role="alert">
          Showing the last data received; refreshing failed: {error}
        </div>
      )}
      <div className="tiles" role="group" aria-label="Monitors by status">
        {TILE_ORDER.map((s) => (
          <button
            key={s}
            className={`tile status-${s}`}
            aria-pressed={status === s}
            data-testid={`tile-${s}`}
            onClick={() => go({ status: status === s ? null : s })}
          >
            <span className="tile-count">{counts[s]}</span>
            <span className="tile-label">
              <span aria-hidden="true">{STATUS_GLYPH[s]}</span> {STATUS_LABEL[s]}
            </span>
          </button>
        ))}
      </div>

      <div className="filters">
        <label>
          Search{' '}
          <input
            type="search"
            value={q}
            placeholder="name, tag or id  ( / )"
            ref={search}
            data-testid="search"
            onChange={(e) => go({ q: e.target.value })}
          />
        </label>
        <label>
          Status{' '}
          <select
            value={status ?? ''}
            data-testid="status-filter"
            onChange={(e) => go({ status: isStatus(e.target.value) ? e.target.value : null })}
          >
            <option value="">all</option>
            {TILE_ORDER.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <span className="count">
          {shown.length} of {monitors.length} monitors
        </span>
      </div>

      {monitors.length === 0 ? (
        <div className="notice">
          No monitors yet. Point an agent at the ingest-service (`POST /api/v1/samples` on port 8081); monitors appear with their
          first sample.
        </div>
      ) : shown.length === 0 ? (
        <div className="notice">No monitor matches this search and filter.</div>
      ) : (
        <table className="monitors" data-testid="monitor-table">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Monitor</th>
              <th scope="col">Last sample</th>
              <th scope="col">Open anomalies</th>
              <th scope="col">Status since</th>
              <th scope="col">Last hour</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((m) => (
              <tr key={m.id} data-testid="monitor-row" data-monitor={m.name} data-status={m.status}>
                <td>
                  <StatusBadge status={m.status} />
                </td>
                <td>
                  <a href={routeHash('monitors', String(m.id))}>{m.name}</a>
                </td>
                <td>{ago(m.last_updated, now)}</td>
                <td className={m.open_anomalies > 0 ? 'hot' : undefined}>{m.open_anomalies}</td>
                <td>{ago(m.status_since, now)}</td>
                <td className={`spark-cell status-${m.status}`}>
                  <Sparkline line={sparks.get(m.id)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
