import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { api, type Monitor, type SparkLine, type StatusSummary } from '../api';
import { Sparkline } from '../chart/Sparkline';
import { ago, duration } from '../format';
import { replaceHash, routeHash, type Route } from '../route';
import {
  STATUS_GLYPH,
  STATUS_LABEL,
  TILE_ORDER,
  countByStatus,
  filterMonitors,
  isStatus,
  oldestSince,
  sortMonitors,
  type Status,
} from '../status';
import { StatusBadge } from './StatusBadge';
import { useNow } from './useNow';

interface Props {
  monitors: Monitor[] | null;
  /** all monitors, when more exist than are listed */
  total: number;
  /** counts per status over all monitors */
  summary: StatusSummary | null;
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

const Row = memo(function Row({
  m,
  spark,
  now,
  index,
}: {
  m: Monitor;
  spark: SparkLine | undefined;
  now: number;
  index: number;
}) {
  return (
    <tr data-testid="monitor-row" data-monitor={m.name} data-status={m.status} data-index={index} aria-rowindex={index + 2}>
      <td title={m.status === 'errors' && m.errors_message ? m.errors_message : undefined}>
        <StatusBadge status={m.status} stale={m.stale} />
      </td>
      <td className="name">
        <a href={routeHash('monitors', String(m.id))}>{m.name}</a>
      </td>
      <td>{ago(m.last_updated, now)}</td>
      <td className={m.open_anomalies > 0 ? 'hot' : undefined}>{m.open_anomalies}</td>
      <td>{ago(m.status_since, now)}</td>
      <td className={`spark-cell status-${m.status}`}>
        <Sparkline line={spark} />
      </td>
    </tr>
  );
});

/** Row height in px, fixed by CSS (.monitors tr) so the virtual list can place rows without measuring. */
const ROW_HEIGHT = 40;

/**
 * The monitor list, virtualized over the window's scroll: a thousand monitors draw only the rows on
 * screen (plus a margin), so the first render and every live refresh stay fast.
 */
function MonitorTable({ monitors, sparks, now }: { monitors: Monitor[]; sparks: Map<number, SparkLine>; now: number }) {
  const body = useRef<HTMLTableSectionElement>(null);
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    if (body.current) setMargin(body.current.getBoundingClientRect().top + window.scrollY);
  }, []);
  const virtual = useWindowVirtualizer({
    count: monitors.length,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: margin,
    initialRect: { width: window.innerWidth, height: window.innerHeight },
  });
  const items = virtual.getVirtualItems();
  const top = items.length ? items[0].start - margin : 0;
  const bottom = items.length ? virtual.getTotalSize() - (items[items.length - 1].end - margin) : 0;
  return (
    <table className="monitors" data-testid="monitor-table" aria-rowcount={monitors.length + 1}>
      <thead>
        <tr aria-rowindex={1}>
          <th scope="col">Status</th>
          <th scope="col">Monitor</th>
          <th scope="col">Last sample</th>
          <th scope="col">Open anomalies</th>
          <th scope="col">Status since</th>
          <th scope="col">Last hour</th>
        </tr>
      </thead>
      <tbody ref={body}>
        {top > 0 && <tr aria-hidden="true" className="spacer" style={{ height: top }} />}
        {items.map((it) => {
          const m = monitors[it.index];
          return <Row key={m.id} m={m} spark={sparks.get(m.id)} now={now} index={it.index} />;
        })}
        {bottom > 0 && <tr aria-hidden="true" className="spacer" style={{ height: bottom }} />}
      </tbody>
    </table>
  );
}

export function Overview({ monitors, total, summary, error, route }: Props) {
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
  const go = (next: { q?: string; status?: Status | null }, typing = false) => {
    const hash = routeHash(route.page === 'monitors' ? 'monitors' : 'dashboard', null, {
      q: next.q ?? q,
      status: next.status === undefined ? status : next.status,
    });
    if (typing) replaceHash(hash);
    else window.location.hash = hash;
  };

  const listed = useMemo(() => countByStatus(monitors ?? []), [monitors]);
  const counts = summary ?? listed;
  const truncated = monitors !== null && total > monitors.length;
  const since = useMemo(() => oldestSince(monitors ?? []), [monitors]);
  // beyond the listed worst monitors, a search or status filter asks the server, which sees all
  const askServer = truncated && (q.trim() !== '' || status !== null);
  const filterKey = `${q.trim()}\u0000${status ?? ''}`;
  const [matches, setMatches] = useState<{ key: string; monitors: Monitor[]; total: number } | null>(null);
  useEffect(() => {
    if (!askServer) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api
        .monitors(controller.signal, { q: q.trim(), status: status ?? undefined })
        .then((r) => setMatches({ key: filterKey, monitors: r.monitors, total: r.total }))
        .catch(() => {
          // the listed monitors stay filtered locally; the page's error banner reports outages
        });
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // monitors: a live reload refreshes the matches too
  }, [askServer, filterKey, monitors]);
  const fromServer = askServer && matches?.key === filterKey ? matches : null;
  const shown = useMemo(
    () => sortMonitors(fromServer ? fromServer.monitors : filterMonitors(monitors ?? [], q, status)),
    [fromServer, monitors, q, status],
  );

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
            {s !== 'up' && counts[s] > 0 && since[s] && (
              <span className="tile-since" data-testid={`tile-since-${s}`}>
                oldest for {duration(now - Date.parse(since[s]!))}
              </span>
            )}
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
            onChange={(e) => go({ q: e.target.value }, true)}
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
          {fromServer
            ? `${shown.length}${fromServer.total > shown.length ? ` of ${fromServer.total}` : ''} matching of ${total} monitors`
            : `${shown.length} of ${monitors.length} monitors`}
          {truncated && !fromServer && ` (the ${monitors.length} worst of ${total} are listed; the tiles count all)`}
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
        <MonitorTable monitors={shown} sparks={sparks} now={now} />
      )}
    </section>
  );
}
