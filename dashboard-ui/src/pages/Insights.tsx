import { useMemo, useState } from 'react';
import { api, ApiError, type Analysis, type Insights as InsightsData } from '../api';
import { analysisColumns, severityShares } from '../chart/chartData';
import { TimeChart } from '../chart/TimeChart';
import { ago, duration, num, stamp } from '../format';
import { routeHash } from '../route';
import { AnomalyTable, SeverityText } from './AnomalyTable';
import { useData } from './useData';

/** A name that may wrap after its separators (web-frontend-2, http_requests_per_second). */
function breakable(name: string) {
  return name.split(/(?<=[-_.:/])/).map((part, i) => (
    <span key={i}>
      {i > 0 && <wbr />}
      {part}
    </span>
  ));
}

const PERIODS = [
  { key: '24h', label: '24 h', ms: 86_400_000 },
  { key: '7d', label: '7 d', ms: 7 * 86_400_000 },
  { key: '30d', label: '30 d', ms: 30 * 86_400_000 },
];

function RateChart({ data }: { data: InsightsData }) {
  const max = Math.max(1, ...data.rate.map((b) => b.anomalies));
  return (
    <figure className="panel" data-testid="anomaly-rate">
      <figcaption>
        Anomalies started per {duration(data.step_seconds * 1000)} (peak {max}); colour and height by severity
      </figcaption>
      <div className="bars" role="img" aria-label={`anomalies per ${duration(data.step_seconds * 1000)}, peak ${max}`}>
        {data.rate.map((b) => (
          <div
            key={b.time}
            className="bar-col"
            title={`${stamp(b.time)}: ${b.anomalies} (critical ${b.critical}, major ${b.major}, minor ${b.minor})`}
          >
            <span className="seg seg-critical" style={{ height: `${(b.critical / max) * 100}%` }} />
            <span className="seg seg-major" style={{ height: `${(b.major / max) * 100}%` }} />
            <span className="seg seg-minor" style={{ height: `${((b.anomalies - b.critical - b.major) / max) * 100}%` }} />
          </div>
        ))}
      </div>
      <div className="bars-axis">
        <span>{stamp(data.from)}</span>
        <span>{stamp(data.to)}</span>
      </div>
    </figure>
  );
}

function Severity({ data }: { data: InsightsData }) {
  return (
    <div className="panel" data-testid="severity-distribution">
      <h3>Severity</h3>
      {severityShares(data.severity).map((s) => (
        <div key={s.severity} className="share">
          <span className="share-label">
            <SeverityText severity={s.severity} />
          </span>
          <span className="share-track">
            <span className={`share-fill seg-${s.severity}`} style={{ width: `${s.percent}%` }} />
          </span>
          <span className="share-num">
            {s.count} ({s.percent} %)
          </span>
        </div>
      ))}
    </div>
  );
}

function Ranking({ title, rows, metric }: { title: string; rows: InsightsData['top_monitors']; metric: boolean }) {
  return (
    <div className="panel ranking">
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="muted">No anomaly in this period.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Monitor</th>
              {metric && <th scope="col">Metric</th>}
              <th scope="col" className="num">
                Anomalies
              </th>
              <th scope="col" className="num">
                Critical
              </th>
              <th scope="col" className="num">
                Max score
              </th>
              <th scope="col" className="num">
                Latest
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.monitor_id}/${r.metric ?? ''}`}>
                <td className="name" title={r.monitor}>
                  <a href={routeHash('monitors', String(r.monitor_id))}>{breakable(r.monitor)}</a>
                </td>
                {metric && (
                  <td className="name" title={r.metric ?? undefined}>
                    {breakable(r.metric ?? '')}
                  </td>
                )}
                <td>{r.anomalies}</td>
                <td>{r.critical}</td>
                <td>{num(r.max_score)}</td>
                <td className="nowrap" title={stamp(r.last_at)}>
                  {ago(r.last_at, Date.now())}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Paste or upload a CSV series and see what the detection engine makes of it (POST /api/analyze). */
function Analyze() {
  const [text, setText] = useState('');
  const [result, setResult] = useState<Analysis | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const columns = useMemo(() => (result ? analysisColumns(result.results) : null), [result]);

  const run = async (csv: string) => {
    if (!csv.trim()) {
      setErrors(['Paste lines of "timestamp,value" first (ISO-8601 or epoch ms timestamps), or upload a CSV file.']);
      return;
    }
    setBusy(true);
    setErrors([]);
    try {
      setResult(await api.analyzeCsv(csv));
    } catch (e) {
      setResult(null);
      if (e instanceof ApiError && e.errors.length) setErrors(e.errors.slice(0, 10).map((x) => `${x.name}: ${x.detail}`));
      else setErrors([e instanceof Error ? e.message : String(e)]);
    } finally {
      setBusy(false);
    }
  };
  const upload = async (file: File | undefined) => {
    if (!file) return;
    const csv = await file.text();
    setText(csv.length > 200_000 ? csv.slice(0, 200_000) + '\n# (shown truncated; the whole file is analysed)' : csv);
    run(csv);
  };
  return (
    <section className="panel" aria-labelledby="analyze-title" data-testid="analyze">
      <h2 id="analyze-title">Analyze data</h2>
      <p className="muted">
        A series as CSV, one <code>timestamp,value</code> per line (header and <code>#</code> comments allowed). The same
        detection engine scores it from scratch; live monitors are not touched.
      </p>
      <textarea
        aria-label="CSV series"
        data-testid="analyze-input"
        rows={6}
        value={text}
        placeholder={'timestamp,value\n2025-09-21T00:00:00Z,12.5\n2025-09-21T00:01:00Z,13.1'}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="toolbar">
        <button type="button" onClick={() => run(text)} disabled={busy} data-testid="analyze-run">
          {busy ? 'Analysing…' : 'Analyze'}
        </button>
        <label className="button secondary">
          Upload CSV…{' '}
          <input
            type="file"
            accept=".csv,text/csv,text/plain"
            className="visually-hidden"
            onChange={(e) => upload(e.target.files?.[0])}
          />
        </label>
      </div>
      {errors.length > 0 && (
        <ul className="form-error" role="alert" data-testid="analyze-errors">
          {errors.map((x) => (
            <li key={x}>{x}</li>
          ))}
        </ul>
      )}
      {result && columns && (
        <>
          <p data-testid="analyze-summary">
            {result.points} points, {result.warmup_points} used to learn (not scored),{' '}
            <strong>{result.anomaly_count} anomalous</strong>.
          </p>
          <TimeChart title="Analysed series" columns={columns} testId="analyze-chart" />
          {result.anomalies.length > 0 && (
            <table>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Value</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Score</th>
                  <th scope="col">Expected</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {result.anomalies.slice(0, 200).map((a, i) => (
                  <tr key={`${a.timestamp}-${i}`}>
                    <td>{stamp(a.timestamp)}</td>
                    <td>{num(a.value)}</td>
                    <td>
                      <SeverityText severity={a.severity} />
                    </td>
                    <td>{num(a.score)}</td>
                    <td>{a.expected_low !== undefined ? `${num(a.expected_low)} – ${num(a.expected_high)}` : '–'}</td>
                    <td className="why">{a.explanation ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

export function Insights({ tick, params }: { tick: number; params: URLSearchParams }) {
  const periodKey = params.get('period') ?? '7d';
  const period = PERIODS.find((p) => p.key === periodKey) ?? PERIODS[1];
  const openOnly = params.get('open') === 'true';
  // refetched on live ticks, but at most once every 10 s of ticks: aggregates move slowly
  const slowTick = Math.floor(tick / 10);
  const insights = useData(
    (s) => api.insights({ from: new Date(Date.now() - period.ms).toISOString(), to: new Date().toISOString() }, s),
    [period.key, slowTick],
  );
  const [acked, setAcked] = useState(0);
  const recent = useData((s) => api.anomalies({ open: openOnly ? true : undefined, limit: 50 }, s), [tick, openOnly, acked]);
  const go = (next: Record<string, string | null>) => {
    window.location.hash = routeHash('insights', null, { period: period.key, open: openOnly ? 'true' : null, ...next });
  };
  const d = insights.data;
  return (
    <section>
      <h1>Anomaly insights</h1>
      <div className="toolbar" role="group" aria-label="Period">
        {PERIODS.map((p) => (
          <button
            key={p.key}
            type="button"
            className="small"
            aria-pressed={p.key === period.key}
            onClick={() => go({ period: p.key })}
          >
            {p.label}
          </button>
        ))}
        {d && (
          <span data-testid="insights-total">
            <strong>{d.total}</strong> anomalies in the last {period.label}, {d.open} still open
          </span>
        )}
      </div>
      {insights.error && !d && (
        <div className="notice error" role="alert">
          Cannot load insights: {insights.error}
        </div>
      )}
      {!d && !insights.error && <div className="notice">Loading insights…</div>}
      {d && (
        <>
          <div className="grid2">
            <RateChart data={d} />
            <Severity data={d} />
          </div>
          <div className="grid2">
            <Ranking title="Most anomalous monitors" rows={d.top_monitors} metric={false} />
            <Ranking title="Most anomalous metrics" rows={d.top_metrics} metric />
          </div>
        </>
      )}
      <Analyze />
      <h2>Recent anomalies (latest 50)</h2>
      <label className="check">
        <input type="checkbox" checked={openOnly} onChange={(e) => go({ open: e.target.checked ? 'true' : null })} /> open only
      </label>
      {recent.error && !recent.data && <div className="notice error">Cannot load anomalies: {recent.error}</div>}
      {recent.data && recent.data.length === 0 && <div className="notice">No anomalies{openOnly ? ' open' : ''}.</div>}
      {recent.data && recent.data.length > 0 && <AnomalyTable anomalies={recent.data} onChanged={() => setAcked((n) => n + 1)} />}
    </section>
  );
}
