/** Types and calls of the query-service API (the only API the dashboard talks to). */

export interface Monitor {
  id: number;
  name: string;
  status: string;
  last_updated: string | null;
  first_seen?: string | null;
  status_since?: string | null;
  open_anomalies: number;
  open_outages: number;
  anomaly_count?: number;
  outage_count?: number;
}

export interface Anomaly {
  id: string;
  monitor_id: number;
  monitor: string;
  metric: string;
  series: string;
  started_at: string;
  ended_at: string | null;
  open: boolean;
  score: number | null;
  severity: string | null;
  value: number | null;
  expected_low: number | null;
  expected_high: number | null;
  message: string | null;
}

export interface Outage {
  id: string;
  monitor_id: number;
  monitor: string;
  started_at: string;
  ended_at: string | null;
  open: boolean;
  cause: string | null;
}

export interface EventRow {
  seq: number;
  id: string;
  type: string;
  monitor: string;
  metric?: string;
  time: string;
  score?: number;
  severity?: string;
  value?: number;
  message?: string;
  status?: string;
  previous_status?: string;
}

/** An API error with the problem+json detail when the server sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, signal });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const problem = await response.json();
      detail = problem.detail ?? problem.title ?? detail;
    } catch {
      // not problem+json: keep the status text
    }
    throw new ApiError(response.status, `${path}: ${response.status} ${detail}`);
  }
  const body = await response.json();
  return (Array.isArray(body) ? body : body.items) as T;
}

const qs = (params: Record<string, string | number | boolean | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

export const api = {
  monitors: (signal?: AbortSignal) => get<Monitor[]>(`/api/monitors${qs({ limit: 1000 })}`, signal),
  anomalies: (params: { monitor?: string; open?: boolean; limit?: number } = {}, signal?: AbortSignal) =>
    get<Anomaly[]>(`/api/anomalies${qs({ limit: 200, ...params })}`, signal),
  outages: (params: { monitor?: string; open?: boolean; limit?: number } = {}, signal?: AbortSignal) =>
    get<Outage[]>(`/api/outages${qs({ limit: 200, ...params })}`, signal),
  events: (params: { monitor?: string; type?: string; limit?: number } = {}, signal?: AbortSignal) =>
    get<EventRow[]>(`/api/events${qs({ limit: 200, ...params })}`, signal),
};
