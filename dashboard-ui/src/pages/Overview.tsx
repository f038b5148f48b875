import { useEffect, useState } from 'react';
import type { Monitor } from '../api';
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

interface Props {
  monitors: Monitor[] | null;
  error: string | null;
  route: Route;
}

function useNow(ms = 1000) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

export function Overview({ monitors, error, route }: Props) {
  const now = useNow();
  const q = route.params.get('q') ?? '';
  const statusParam = route.params.get('status');
  const status: Status | null = isStatus(statusParam) ? statusParam : null;
  const go = (next: { q?: string; status?: Status | null }) => {
    window.location.hash = routeHash(route.page === 'monitors' ? 'monitors' : 'dashboard', null, {
      q: next.q ?? q,
      status: next.status === undefined ? status : next.status,
    });
  };

  if (monitors === null) {
    return error ? (
      <div className="notice error" role="alert">
        Cannot reach the query-service: {error}. Is it running? (`./sentinel up` starts everything.)
      </div>
    ) : (
      <div className="notice">Loading monitors…</div>
    );
  }

  const counts = countByStatus(monitors);
  const shown = sortMonitors(filterMonitors(monitors, q, status));

  return (
    <section>
      <h1>Overview</h1>
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
            placeholder="monitor name or id"
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
          No monitors yet. Point an agent at the ingest-service (`POST /api/v1/samples` on port 8081); monitors appear with
          their first sample.
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
                <td>{m.open_anomalies}</td>
                <td>{ago(m.status_since, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
