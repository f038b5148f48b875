import type { Monitor } from '../api';
import { api } from '../api';
import { duration, stamp } from '../format';
import { AnomalyTable } from './AnomalyTable';
import { StatusBadge } from './StatusBadge';
import { useData } from './useData';

export function MonitorDetail({ id, monitors, tick }: { id: string; monitors: Monitor[] | null; tick: number }) {
  const monitor = monitors?.find((m) => String(m.id) === id) ?? null;
  const name = monitor?.name;
  const anomalies = useData((s) => (name ? api.anomalies({ monitor: name, limit: 100 }, s) : Promise.resolve([])), [tick, name]);
  const outages = useData((s) => (name ? api.outages({ monitor: name, limit: 100 }, s) : Promise.resolve([])), [tick, name]);

  if (!monitors) return <div className="notice">Loading…</div>;
  if (!monitor) return <div className="notice error">No monitor with id {id}.</div>;
  return (
    <section>
      <h1>
        {monitor.name} <StatusBadge status={monitor.status} />
      </h1>
      <p>
        Last sample {stamp(monitor.last_updated)} · status since {stamp(monitor.status_since)} · {monitor.open_anomalies} open
        anomalies
      </p>
      <h2>Anomalies</h2>
      {anomalies.data && anomalies.data.length > 0 ? (
        <AnomalyTable anomalies={anomalies.data} showMonitor={false} />
      ) : (
        <div className="notice">{anomalies.error ?? 'No anomalies for this monitor.'}</div>
      )}
      <h2>Outages</h2>
      {outages.data && outages.data.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Ended</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {outages.data.map((o) => (
              <tr key={o.id}>
                <td>{stamp(o.started_at)}</td>
                <td>{o.open ? 'ongoing' : stamp(o.ended_at)}</td>
                <td>{duration((o.ended_at ? Date.parse(o.ended_at) : Date.now()) - Date.parse(o.started_at))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <div className="notice">{outages.error ?? 'No outages for this monitor.'}</div>
      )}
    </section>
  );
}
