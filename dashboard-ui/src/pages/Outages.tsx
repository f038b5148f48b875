import { useMemo } from 'react';
import { api } from '../api';
import { duration, stamp } from '../format';
import { routeHash } from '../route';
import { timelineLanes } from '../timeline';
import { useData } from './useData';
import { useNow } from './useNow';

const SPANS = [
  { key: '1h', label: '1 h', ms: 3_600_000 },
  { key: '24h', label: '24 h', ms: 86_400_000 },
  { key: '7d', label: '7 d', ms: 7 * 86_400_000 },
  { key: '30d', label: '30 d', ms: 30 * 86_400_000 },
];

function Timeline({ outages, span, now }: { outages: Parameters<typeof timelineLanes>[0]; span: number; now: number }) {
  // recomputed once a minute, not every second
  const minute = Math.floor(now / 60_000);
  const lanes = useMemo(() => timelineLanes(outages, now - span, now, now), [outages, span, minute]);
  if (lanes.length === 0) return <div className="notice">No outage in this period.</div>;
  return (
    <div className="timeline" data-testid="outage-timeline" role="list" aria-label="Outages over time">
      {lanes.map((l) => (
        <div className="lane" key={l.monitorId} role="listitem">
          <a className="lane-name" href={routeHash('monitors', String(l.monitorId))}>
            {l.monitor}
          </a>
          <div className="lane-track">
            {l.bars.map((b) => (
              <span
                key={b.outage.id}
                className={`bar ${b.outage.open ? 'bar-open' : ''}`}
                style={{ left: `${b.left}%`, width: `${b.width}%` }}
                title={`${b.outage.open ? 'ongoing since' : 'from'} ${stamp(b.outage.started_at)}${b.outage.ended_at ? ` to ${stamp(b.outage.ended_at)}` : ''}`}
              />
            ))}
          </div>
        </div>
      ))}
      <div className="lane axis" aria-hidden="true">
        <span />
        <div className="lane-track">
          <span className="tick-left">{stamp(new Date(now - span).toISOString())}</span>
          <span className="tick-right">now</span>
        </div>
      </div>
    </div>
  );
}

export function Outages({ tick, params }: { tick: number; params: URLSearchParams }) {
  // the open ones apart: a long-running open outage must not fall off the newest 1,000
  const { data, error } = useData(
    (s) =>
      Promise.all([api.outages({ open: true, limit: 1000 }, s), api.outages({ limit: 1000 }, s)]).then(([running, recent]) => {
        const seen = new Set(running.map((o) => o.id));
        return [...running, ...recent.filter((o) => !seen.has(o.id))];
      }),
    [tick],
  );
  const now = useNow();
  const spanKey = params.get('span') ?? '24h';
  const span = (SPANS.find((s) => s.key === spanKey) ?? SPANS[1]).ms;

  if (error && !data)
    return (
      <div className="notice error" role="alert">
        Cannot load outages: {error}. The page retries with the next live update.
      </div>
    );
  if (!data) return <div className="notice">Loading outages…</div>;
  const open = data.filter((o) => o.open).sort((a, b) => a.started_at.localeCompare(b.started_at));
  const past = data.filter((o) => !o.open);
  return (
    <section>
      <h1>Outages</h1>
      <h2>Open ({open.length})</h2>
      {open.length === 0 ? (
        <div className="notice">✔ No monitor is down.</div>
      ) : (
        <table data-testid="open-outages">
          <thead>
            <tr>
              <th scope="col">Monitor</th>
              <th scope="col">Status</th>
              <th scope="col">Down since</th>
              <th scope="col">Duration</th>
              <th scope="col">Cause</th>
            </tr>
          </thead>
          <tbody>
            {open.map((o) => (
              <tr key={o.id} data-monitor={o.monitor} data-testid="open-outage">
                <td>
                  <a href={routeHash('monitors', String(o.monitor_id))}>{o.monitor}</a>
                </td>
                <td>
                  <span className="badge status-down">
                    <span aria-hidden="true">▼</span> Down
                  </span>
                </td>
                <td>{stamp(o.started_at)}</td>
                <td className="running">{duration(now - Date.parse(o.started_at))}</td>
                <td>{o.cause ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Timeline</h2>
      <div className="toolbar" role="group" aria-label="Timeline period">
        {SPANS.map((s) => (
          <a
            key={s.key}
            className="button small"
            aria-current={s.ms === span ? 'true' : undefined}
            href={routeHash('outages', null, { span: s.key })}
          >
            {s.label}
          </a>
        ))}
      </div>
      <Timeline outages={data} span={span} now={now} />
      <h2>History</h2>
      {past.length === 0 ? (
        <div className="notice">No resolved outage yet.</div>
      ) : (
        <table data-testid="past-outages">
          <thead>
            <tr>
              <th scope="col">Monitor</th>
              <th scope="col">Started</th>
              <th scope="col">Ended</th>
              <th scope="col">Duration</th>
              <th scope="col">Cause</th>
            </tr>
          </thead>
          <tbody>
            {past.map((o) => (
              <tr key={o.id}>
                <td>
                  <a href={routeHash('monitors', String(o.monitor_id))}>{o.monitor}</a>
                </td>
                <td>{stamp(o.started_at)}</td>
                <td>{stamp(o.ended_at)}</td>
                <td>{duration(Date.parse(o.ended_at!) - Date.parse(o.started_at))}</td>
                <td>{o.cause ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
