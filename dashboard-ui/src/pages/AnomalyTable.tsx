import type { Anomaly } from '../api';
import { duration, num, stamp } from '../format';
import { routeHash } from '../route';
import { AckButton } from './AckButton';

export function SeverityText({ severity }: { severity: string | null | undefined }) {
  const glyph = severity === 'critical' ? '◆' : severity === 'major' ? '▲' : severity === 'minor' ? '△' : '';
  return (
    <span className={`severity severity-${severity}`}>
      {glyph && <span aria-hidden="true">{glyph} </span>}
      {severity ?? '–'}
    </span>
  );
}

export function AnomalyTable({
  anomalies,
  showMonitor = true,
  onChanged,
}: {
  anomalies: Anomaly[];
  showMonitor?: boolean;
  /** when given, each row has an Acknowledge action that calls it after saving */
  onChanged?: () => void;
}) {
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
          {onChanged && <th scope="col">Acknowledged</th>}
        </tr>
      </thead>
      <tbody>
        {anomalies.map((a) => (
          <tr key={a.id} data-testid="anomaly-row" data-open={a.open}>
            <td className="nowrap">{stamp(a.started_at)}</td>
            {showMonitor && (
              <td>
                <a href={routeHash('monitors', String(a.monitor_id))}>{a.monitor}</a>
              </td>
            )}
            <td>{a.metric}</td>
            <td>
              <SeverityText severity={a.severity} />
              {a.suppressed && <span className="muted"> (in maintenance)</span>}
            </td>
            <td>{num(a.score)}</td>
            <td>{num(a.value)}</td>
            <td>
              {a.expected_low !== null && a.expected_high !== null ? `${num(a.expected_low)} – ${num(a.expected_high)}` : '–'}
            </td>
            <td>
              {a.open ? (
                <strong>open {a.duration_seconds !== undefined ? `for ${duration(a.duration_seconds * 1000)}` : ''}</strong>
              ) : (
                `closed ${stamp(a.ended_at)}`
              )}
            </td>
            <td className="why">{a.explanation ?? a.message ?? ''}</td>
            {onChanged && (
              <td>
                <AckButton anomaly={a} onDone={onChanged} />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
