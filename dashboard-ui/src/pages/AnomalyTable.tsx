import type { Anomaly } from '../api';
import { num, stamp } from '../format';
import { routeHash } from '../route';

export function AnomalyTable({ anomalies, showMonitor = true }: { anomalies: Anomaly[]; showMonitor?: boolean }) {
  return (
    <table data-testid="anomaly-table">
      <thead>
        <tr>
          <th scope="col">Started</th>
          {showMonitor && <th scope="col">Monitor</th>}
          <th scope="col">Metric</th>
          <th scope="col">Severity</th>
          <th scope="col">Score</th>
          <th scope="col">Value</th>
          <th scope="col">Expected</th>
          <th scope="col">State</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {anomalies.map((a) => (
          <tr key={a.id}>
            <td>{stamp(a.started_at)}</td>
            {showMonitor && (
              <td>
                <a href={routeHash('monitors', String(a.monitor_id))}>{a.monitor}</a>
              </td>
            )}
            <td>{a.metric}</td>
            <td>
              <span className={`severity severity-${a.severity}`}>{a.severity ?? '–'}</span>
            </td>
            <td>{num(a.score)}</td>
            <td>{num(a.value)}</td>
            <td>
              {a.expected_low !== null && a.expected_high !== null ? `${num(a.expected_low)} – ${num(a.expected_high)}` : '–'}
            </td>
            <td>{a.open ? 'open' : `closed ${stamp(a.ended_at)}`}</td>
            <td className="why">{a.message ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
