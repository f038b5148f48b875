import { api } from '../api';
import { stamp } from '../format';
import { replaceHash, routeHash } from '../route';
import { useData } from './useData';

const TYPES = [
  '',
  'anomaly',
  'anomaly_resolved',
  'outage_started',
  'outage_resolved',
  'errors_started',
  'errors_resolved',
  'status_changed',
  'monitor_discovered',
  'acknowledged',
  'maintenance_scheduled',
  'maintenance_started',
  'maintenance_ended',
  'maintenance_cancelled',
  'pipeline_degraded',
  'pipeline_recovered',
];

export function Logs({ tick, params }: { tick: number; params: URLSearchParams }) {
  const type = params.get('type') ?? '';
  const monitor = params.get('monitor') ?? '';
  const { data, error } = useData(
    (s) => api.events({ type: type || undefined, monitor: monitor || undefined, limit: 300 }, s),
    [tick, type, monitor],
  );
  const go = (next: { type?: string; monitor?: string }, typing = false) => {
    const hash = routeHash('logs', null, { type: next.type ?? type, monitor: next.monitor ?? monitor });
    if (typing) replaceHash(hash);
    else window.location.hash = hash;
  };
  return (
    <section>
      <h1>Logs</h1>
      <div className="filters">
        <label>
          Type{' '}
          <select value={type} data-testid="log-type" onChange={(e) => go({ type: e.target.value })}>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {t || 'all'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Monitor <input type="search" value={monitor} onChange={(e) => go({ monitor: e.target.value }, true)} />
        </label>
        <span className="count">newest first, following live</span>
      </div>
      {error && !data && <div className="notice error">Cannot load the event log: {error}</div>}
      {!data && !error && <div className="notice">Loading events…</div>}
      {data && data.length === 0 && (
        <div className="notice">
          No events match this filter (the monitor name must be exact). Clear the type or monitor to see everything.
        </div>
      )}
      {data && data.length > 0 && (
        <table data-testid="event-log">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Type</th>
              <th scope="col">Monitor</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {data.map((e) => (
              <tr key={e.seq} data-testid="log-row" data-type={e.type} data-seq={e.seq}>
                <td className="nowrap">{stamp(e.time)}</td>
                <td className="nowrap">{e.type.replace(/_/g, ' ')}</td>
                <td className="nowrap">
                  <a href={routeHash('logs', null, { type, monitor: e.monitor })}>{e.monitor}</a>
                </td>
                <td>{e.type === 'status_changed' ? `${e.previous_status ?? '–'} → ${e.status}` : (e.message ?? '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
