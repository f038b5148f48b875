import { useState } from 'react';
import { api, type Monitor } from '../api';
import { duration, stamp } from '../format';
import { routeHash } from '../route';
import { MaintenanceForm } from './MaintenanceForm';
import { useData } from './useData';

export function Maintenance({ monitors, tick }: { monitors: Monitor[] | null; tick: number }) {
  const [changed, setChanged] = useState(0);
  const [showCancelled, setShowCancelled] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { data, error: loadError } = useData(
    (s) => api.maintenance({ include_cancelled: showCancelled }, s),
    [tick, changed, showCancelled],
  );
  const names = new Map((monitors ?? []).map((m) => [m.id, m.name]));
  const cancel = async (id: number) => {
    try {
      await api.cancelWindow(id);
      setError(null);
      setChanged((c) => c + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section>
      <h1>Maintenance</h1>
      <p className="muted">Monitors inside a window show Maintenance; detection goes on, alerts are suppressed.</p>
      <h2>Schedule</h2>
      <MaintenanceForm monitors={monitors} onDone={() => setChanged((c) => c + 1)} />
      <h2>Windows</h2>
      <label className="check">
        <input type="checkbox" checked={showCancelled} onChange={(e) => setShowCancelled(e.target.checked)} /> show cancelled
      </label>
      {error && (
        <div className="notice error" role="alert">
          {error}
        </div>
      )}
      {loadError && !data && <div className="notice error">Cannot load maintenance windows: {loadError}</div>}
      {!data && !loadError && <div className="notice">Loading windows…</div>}
      {data && data.length === 0 && <div className="notice">No maintenance window. Schedule one above before planned work.</div>}
      {data && data.length > 0 && (
        <table data-testid="maintenance-windows">
          <thead>
            <tr>
              <th scope="col">State</th>
              <th scope="col">Title</th>
              <th scope="col">Monitors</th>
              <th scope="col">Starts</th>
              <th scope="col">Lasts</th>
              <th scope="col">Repeats</th>
              <th scope="col">By</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {data.map((w) => (
              <tr key={w.id}>
                <td>
                  {w.cancelled ? (
                    <span className="muted">✖ cancelled</span>
                  ) : w.active ? (
                    <span className="badge status-maintenance">
                      <span aria-hidden="true">◼</span> active
                    </span>
                  ) : w.next_start ? (
                    `next ${stamp(w.next_start)}`
                  ) : (
                    'ended'
                  )}
                </td>
                <td>{w.title}</td>
                <td>
                  {w.monitor_ids.map((id, i) => (
                    <span key={id}>
                      {i > 0 && ', '}
                      <a href={routeHash('monitors', String(id))}>{names.get(id) ?? `#${id}`}</a>
                    </span>
                  ))}
                </td>
                <td>{stamp(w.starts_at)}</td>
                <td>{duration(w.duration_seconds * 1000)}</td>
                <td>{w.rrule ?? w.cron ?? '–'}</td>
                <td>{w.created_by ?? '–'}</td>
                <td>
                  {!w.cancelled && (
                    <button type="button" className="small secondary" onClick={() => cancel(w.id)}>
                      Cancel
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
