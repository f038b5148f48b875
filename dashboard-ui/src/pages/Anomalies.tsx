import { api } from '../api';
import { routeHash } from '../route';
import { AnomalyTable } from './AnomalyTable';
import { useData } from './useData';

export function Anomalies({ tick, params }: { tick: number; params: URLSearchParams }) {
  const openOnly = params.get('open') === 'true';
  const { data, error } = useData((s) => api.anomalies({ open: openOnly ? true : undefined, limit: 300 }, s), [tick, openOnly]);
  return (
    <section>
      <h1>Anomalies</h1>
      <div className="filters">
        <label>
          <input
            type="checkbox"
            checked={openOnly}
            onChange={(e) => (window.location.hash = routeHash('anomalies', null, { open: e.target.checked ? 'true' : null }))}
          />{' '}
          open only
        </label>
      </div>
      {error && !data && <div className="notice error">Cannot load anomalies: {error}</div>}
      {!data && !error && <div className="notice">Loading anomalies…</div>}
      {data && data.length === 0 && <div className="notice">No anomalies{openOnly ? ' open' : ''}.</div>}
      {data && data.length > 0 && <AnomalyTable anomalies={data} />}
    </section>
  );
}
