import { useState } from 'react';
import { api, ApiError, type DeadLetter, type SystemStatus } from '../api';
import { num, stamp } from '../format';
import { formatDelay } from '../system';
import { useData } from './useData';

/** Sentinel's own state (GET /api/system) and its dead letters, which an admin can replay. */
export function System({ system, tick, onChange }: { system: SystemStatus | null; tick: number; onChange: () => void }) {
  if (!system) return <p role="status">Loading…</p>;
  const d = system.detection;
  return (
    <section aria-labelledby="system-title">
      <h1 id="system-title">System</h1>
      <p data-testid="detection-state" data-state={d.state}>
        Detection: <strong>{d.state}</strong> — {d.message}
        {d.since ? ` (since ${stamp(d.since)})` : ''}. Checked {stamp(system.checked_at)}.
      </p>
      <h2>Services</h2>
      <table className="table" data-testid="services">
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">State</th>
            <th scope="col">Last seen up</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {system.services.map((s) => (
            <tr key={s.name} data-service={s.name} data-up={s.up}>
              <td>
                {s.name} <span className="muted">{s.url}</span>
              </td>
              <td>{s.up ? (s.ready ? '● up' : '● up, not ready') : '▼ down'}</td>
              <td>{stamp(s.last_seen_up)}</td>
              <td>{s.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Pipeline</h2>
      <dl className="facts">
        <dt>Ingest</dt>
        <dd>
          {system.ingest
            ? `${num(system.ingest.accepted_per_second ?? null)} samples/s accepted, ${num(system.ingest.rejected_per_second ?? null)}/s rejected (${num(system.ingest.accepted_total)} accepted, ${num(system.ingest.rejected_total + system.ingest.requests_rejected_total)} rejected, ${num(system.ingest.failed_total)} failed since start)`
            : 'no figures (ingest-service not answering)'}
        </dd>
        <dt>Detector</dt>
        <dd>
          lag {num(system.detector.lag ?? null)} samples
          {system.detector.delay_seconds != null ? `, oldest waiting ${formatDelay(system.detector.delay_seconds)}` : ''}; group{' '}
          {system.detector.group} ({system.detector.group_state ?? 'unknown'}, {system.detector.members ?? '?'} members); last
          processed {stamp(system.detector.last_processed)}
        </dd>
        <dt>Query</dt>
        <dd>
          lag {num(system.query.lag ?? null)} records; last materialized event{' '}
          {system.query.last_event
            ? `${system.query.last_event.type} of ${system.query.last_event.monitor} at ${stamp(system.query.last_event.received_at)}`
            : '–'}
        </dd>
        <dt>Live stream</dt>
        <dd>{system.sse_clients} clients on this replica</dd>
      </dl>
      {system.problems.length > 0 && (
        <ul className="problems">
          {system.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <h2>Dead letters</h2>
      {system.dead_letters.map((t) => (
        <DeadLetters key={t.topic} topic={t.topic} source={t.source} count={t.count} tick={tick} onChange={onChange} />
      ))}
    </section>
  );
}

const key = (d: DeadLetter) => `${d.partition}:${d.offset}`;

function DeadLetters({
  topic,
  source,
  count,
  tick,
  onChange,
}: {
  topic: string;
  source: string;
  count: number;
  tick: number;
  onChange: () => void;
}) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [result, setResult] = useState<string | null>(null);
  const { data, error } = useData(
    (s) => (count > 0 ? api.deadLetters(topic, s) : Promise.resolve([] as DeadLetter[])),
    [topic, count, tick],
  );
  const toggle = (k: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(k)) next.delete(k);
      else next.add(k);
      return next;
    });
  const replay = async () => {
    const records = [...selected].map((k) => {
      const [partition, offset] = k.split(':').map(Number);
      return { partition, offset };
    });
    try {
      const r = await api.replay(topic, records);
      setResult(`${r.replayed} of ${records.length} replayed to ${r.source}`);
      setSelected(new Set());
      onChange();
    } catch (e) {
      setResult(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <div className="dead-letters" data-topic={topic}>
      <h3>
        {topic}{' '}
        <span className="muted">
          ({count} records, from {source})
        </span>
      </h3>
      {error && <p role="alert">{error}</p>}
      {data && data.length > 0 && (
        <>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Replay</th>
                <th scope="col">Time</th>
                <th scope="col">Key</th>
                <th scope="col">Reason</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {data.map((d) => (
                <tr key={key(d)}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`replay ${topic} partition ${d.partition} offset ${d.offset}`}
                      checked={selected.has(key(d))}
                      onChange={() => toggle(key(d))}
                    />
                  </td>
                  <td>{stamp(d.time)}</td>
                  <td>{d.key ?? ''}</td>
                  <td>{d.reason ?? ''}</td>
                  <td>
                    <code>{d.value ?? ''}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" disabled={selected.size === 0} onClick={replay}>
            Replay {selected.size || ''} selected to {source}
          </button>{' '}
          <span className="muted">(admin; after fixing what made them fail)</span>
        </>
      )}
      {result && <p role="status">{result}</p>}
    </div>
  );
}
