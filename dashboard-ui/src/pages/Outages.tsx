import { useEffect, useState } from 'react';
import { api } from '../api';
import { duration, stamp } from '../format';
import { routeHash } from '../route';
import { useData } from './useData';

export function Outages({ tick }: { tick: number }) {
  const { data, error } = useData((s) => api.outages({ limit: 500 }, s), [tick]);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  if (error && !data) return <div className="notice error" role="alert">Cannot load outages: {error}</div>;
  if (!data) return <div className="notice">Loading outages…</div>;
  const open = data.filter((o) => o.open);
  const past = data.filter((o) => !o.open);
  return (
    <section>
      <h1>Outages</h1>
      <h2>Open ({open.length})</h2>
      {open.length === 0 ? (
        <div className="notice">No monitor is down.</div>
      ) : (
        <table data-testid="open-outages">
          <thead>
            <tr>
              <th scope="col">Monitor</th>
              <th scope="col">Down since</th>
              <th scope="col">Duration</th>
              <th scope="col">Cause</th>
            </tr>
          </thead>
          <tbody>
            {open.map((o) => (
              <tr key={o.id} data-monitor={o.monitor}>
                <td>
                  <a href={routeHash('monitors', String(o.monitor_id))}>{o.monitor}</a>
                </td>
                <td>{stamp(o.started_at)}</td>
                <td className="running">{duration(now - Date.parse(o.started_at))}</td>
                <td>{o.cause ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
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
