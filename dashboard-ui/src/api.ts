/** Types and calls of the query-service API (the only API the dashboard talks to). */
import { chosenTenant, TENANT_HEADER } from './tenant';

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
  tags?: string[];
  in_maintenance?: boolean;
  /** when its data started being rejected (an open errors episode) */
  errors_since?: string | null;
  /** what the ingest-service rejects */
  errors_message?: string | null;
  /** true while detection is delayed or stopped: the status may be out of date */
  stale?: boolean;
}

export interface SeriesInfo {
  series: string;
  metric: string;
  labels: Record<string, string>;
  first_minute: string;
  last_minute: string;
  last: number | null;
  expected_low: number | null;
  expected_high: number | null;
  max_score: number | null;
}

export interface MonitorDetail extends Monitor {
  metrics: SeriesInfo[];
  active_anomalies: Anomaly[];
  active_outages: Outage[];
  uptime: Record<string, number>;
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
  explanation?: string | null;
  duration_seconds?: number;
  acknowledged?: boolean;
  acknowledged_at?: string | null;
  acknowledged_by?: string | null;
  ack_comment?: string | null;
  suppressed?: boolean;
}

export interface Outage {
  id: string;
  monitor_id: number;
  monitor: string;
  started_at: string;
  ended_at: string | null;
  open: boolean;
  cause: string | null;
  duration_seconds?: number;
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

export interface ChartPoint {
  time: string;
  count: number;
  min: number;
  max: number;
  mean?: number;
  last: number;
  expected_low?: number;
  expected_high?: number;
  max_score: number;
}

export interface SeriesChart {
  monitor_id: number;
  monitor: string;
  from: string;
  to: string;
  step_seconds: number;
  source: string;
  series: { series: string; metric: string; labels: Record<string, string>; points: ChartPoint[] }[];
}

export interface SparkLine {
  monitor_id: number;
  series: string;
  metric: string;
  values: (number | null)[];
  max_scores: (number | null)[];
}

export interface Sparklines {
  from: string;
  to: string;
  step_seconds: number;
  items: SparkLine[];
}

export interface Ranked {
  monitor_id: number;
  monitor: string;
  metric?: string;
  anomalies: number;
  critical: number;
  max_score: number | null;
  last_at: string;
}

export interface Insights {
  from: string;
  to: string;
  step_seconds: number;
  total: number;
  open: number;
  top_monitors: Ranked[];
  top_metrics: Ranked[];
  rate: { time: string; anomalies: number; minor: number; major: number; critical: number }[];
  severity: Record<string, number>;
}

export interface AnalysisResult {
  timestamp: string;
  value: number;
  score: number;
  warming_up: boolean;
  anomalous: boolean;
  severity?: string;
  expected_low?: number;
  expected_high?: number;
  explanation?: string;
}

export interface Analysis {
  points: number;
  warmup_points: number;
  anomaly_count: number;
  results: AnalysisResult[];
  anomalies: AnalysisResult[];
}

export interface MaintenanceWindow {
  id: number;
  title: string;
  monitor_ids: number[];
  starts_at: string;
  duration_seconds: number;
  rrule?: string | null;
  cron?: string | null;
  time_zone: string;
  until?: string | null;
  created_by?: string | null;
  comment?: string | null;
  created_at: string;
  active: boolean;
  cancelled: boolean;
  cancelled_at?: string | null;
  cancelled_by?: string | null;
  next_start?: string | null;
}

export interface NewWindow {
  title: string;
  monitor_ids: number[];
  starts_at: string;
  duration: string;
  rrule?: string;
  time_zone?: string;
  comment?: string;
}

/** A notification channel (contact point); secrets are write-only, only their names show. */
export interface NotificationChannel {
  id: number;
  name: string;
  type: string;
  settings: Record<string, unknown>;
  secrets_set: string[];
  rate_per_minute: number;
  enabled: boolean;
  created_at: string;
}

export interface NewChannel {
  name: string;
  type: string;
  settings?: Record<string, unknown>;
  secrets?: Record<string, string>;
  rate_per_minute?: number;
}

export interface NotificationPolicy {
  id: number;
  name: string;
  channel_ids: number[];
  severities?: string[];
  statuses?: string[];
  monitor_pattern?: string;
  tags?: string[];
  metrics?: string[];
  group_by: string;
  group_wait_seconds: number;
  group_interval_seconds: number;
  repeat_interval_seconds: number;
  resolve_hold_seconds: number;
  send_resolved: boolean;
  enabled: boolean;
}

export type NewPolicy = Partial<Omit<NotificationPolicy, 'id'>> & { name: string; channel_ids: number[] };

export interface DeliveryAttempt {
  attempt: number;
  at: string;
  status_code?: number;
  error?: string;
  duration_ms: number;
  replica?: string;
}

export interface Notification {
  id: number;
  channel_id: number;
  channel: string;
  policy_id?: number;
  monitor: string;
  kind: string;
  status: string;
  title: string;
  idempotency_key: string;
  attempts: number;
  last_status_code?: number;
  last_error?: string;
  created_at: string;
  sent_at?: string;
  next_attempt_at?: string;
  attempt_log: DeliveryAttempt[];
}

/** One invalid field of a problem+json answer. */
export interface InvalidParam {
  in: string;
  name: string;
  detail: string;
}

/** An API error with the problem+json detail (and the invalid fields) when the server sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: InvalidParam[] = [],
  ) {
    super(message);
  }
}

/** An agent token as admins see it (GET /api/admin/agent-tokens); never the token itself. */
export interface AgentToken {
  id: number;
  name: string;
  prefix: string;
  tenant: string;
  monitor: string | null;
  created_at: string;
  created_by: string;
  last_used_at?: string | null;
  revoked_at?: string | null;
  revoked_by?: string | null;
  hash: string;
}

/** A token just created: `token` is shown this once. */
export interface CreatedAgentToken {
  token: string;
  agent_token: AgentToken;
}

/** Fired on window when the API answers 401: the session is gone. */
export const SIGNED_OUT = 'sentinel:signed-out';

/** The signed-in caller (GET /api/session). */
export interface Me {
  name: string;
  role: 'viewer' | 'operator' | 'admin';
  tenants: string[];
  via: string;
  must_change_password: boolean;
}

/** How one may sign in (GET /api/session/options): the OpenID provider's button when configured. */
export interface SignInOptions {
  password: boolean;
  oidc: { name: string; url: string } | null;
}

async function send<T>(path: string, init: RequestInit = {}): Promise<T> {
  return (await sendWithHeaders<T>(path, init)).body;
}

async function sendWithHeaders<T>(path: string, init: RequestInit = {}): Promise<{ body: T; headers: Headers }> {
  let response: Response;
  // the chosen tenant narrows every request; not the caller's own session (sign-in, its tenants), so
  // a tenant an administrator since removed cannot hide the list to choose again from
  const tenant = path.startsWith('/api/session') ? null : chosenTenant();
  const headers: Record<string, string> = { Accept: 'application/json', ...((init.headers as Record<string, string>) ?? {}) };
  if (tenant) headers[TENANT_HEADER] = tenant;
  try {
    response = await fetch(path, { ...init, headers });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, `${path}: the query-service does not answer (${e instanceof Error ? e.message : e})`);
  }
  if (!response.ok) {
    let detail = response.statusText;
    let errors: InvalidParam[] = [];
    try {
      const problem = await response.json();
      detail = problem.detail ?? problem.title ?? detail;
      errors = Array.isArray(problem.errors) ? problem.errors : [];
    } catch {
      // not problem+json: keep the status text
    }
    // the session ended (expired, signed out elsewhere, user disabled): the app shows the sign-in
    if (response.status === 401 && !path.startsWith('/api/session')) window.dispatchEvent(new Event(SIGNED_OUT));
    throw new ApiError(response.status, `${response.status} ${detail}`, errors);
  }
  if (response.status === 204) return { body: undefined as T, headers: response.headers };
  const body = await response.json();
  return { body: body as T, headers: response.headers };
}

/** Counts per status over all monitors (not only the listed ones). */
export type StatusSummary = { total: number } & Record<'up' | 'trouble' | 'critical' | 'errors' | 'down' | 'maintenance', number>;

/** Whether detection keeps up (GET /api/system). */
export interface Detection {
  state: 'ok' | 'delayed' | 'stopped' | 'unknown';
  stale: boolean;
  delay_seconds?: number | null;
  threshold_seconds: number;
  stopped_at?: string | null;
  since?: string | null;
  message: string;
}

export interface DeadLetter {
  topic: string;
  partition: number;
  offset: number;
  time: string;
  key?: string | null;
  reason?: string | null;
  value?: string | null;
  replayed_from?: string | null;
}

export interface SystemStatus {
  checked_at: string;
  detection: Detection;
  services: { name: string; url: string; up: boolean; ready: boolean; last_seen_up?: string | null; detail?: string | null }[];
  ingest?: {
    accepted_total: number;
    rejected_total: number;
    requests_rejected_total: number;
    failed_total: number;
    accepted_per_second?: number | null;
    rejected_per_second?: number | null;
  } | null;
  detector: {
    group: string;
    lag?: number | null;
    members?: number | null;
    group_state?: string | null;
    delay_seconds?: number | null;
    last_processed?: string | null;
    newest_event?: string | null;
    newest_rollup?: string | null;
  };
  query: {
    group: string;
    lag?: number | null;
    delay_seconds?: number | null;
    last_event?: { seq: number; type: string; monitor: string; time: string; received_at: string } | null;
  };
  dead_letters: { topic: string; source: string; count: number; newest: DeadLetter[] }[];
  sse_clients: number;
  problems: string[];
}

export interface ReplayResult {
  topic: string;
  source: string;
  replayed: number;
  results: {
    partition: number;
    offset: number;
    replayed: boolean;
    to_partition?: number;
    to_offset?: number;
    problem?: string;
  }[];
}

/** The dashboard lists at most this many monitors, worst first; the counts cover all of them. */
export const MONITOR_LIMIT = 1000;

const get = <T>(path: string, signal?: AbortSignal) => send<T>(path, { signal });

const post = <T>(path: string, body: unknown, signal?: AbortSignal) =>
  send<T>(path, {
    method: 'POST',
    signal,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

export const qs = (params: Record<string, string | number | boolean | undefined | null>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

type ListParams = { monitor?: string; open?: boolean; limit?: number; since?: string; until?: string };

export const api = {
  /** The worst monitors first; with a filter, the server searches all of them (not only the listed). */
  monitors: async (signal?: AbortSignal, filter: { q?: string; status?: string } = {}) => {
    const { body, headers } = await sendWithHeaders<Monitor[]>(
      `/api/monitors${qs({ limit: MONITOR_LIMIT, sort: 'status', q: filter.q, status: filter.status })}`,
      { signal },
    );
    return { monitors: body, total: Number(headers.get('X-Total-Count') ?? body.length) };
  },
  summary: (signal?: AbortSignal) => get<StatusSummary>('/api/monitors/summary', signal),
  monitor: (id: string, signal?: AbortSignal) => get<MonitorDetail>(`/api/monitors/${encodeURIComponent(id)}`, signal),
  series: (id: string, range: { from: string; to: string; step?: string }, signal?: AbortSignal) =>
    get<SeriesChart>(`/api/monitors/${encodeURIComponent(id)}/series${qs(range)}`, signal),
  sparklines: (signal?: AbortSignal) => get<Sparklines>(`/api/sparklines${qs({ step: '2m', points: 30 })}`, signal),
  anomalies: (params: ListParams = {}, signal?: AbortSignal) =>
    get<Anomaly[]>(`/api/anomalies${qs({ limit: 200, ...params })}`, signal),
  ack: (id: string, comment: string) =>
    post<Anomaly>(`/api/anomalies/${encodeURIComponent(id)}/ack`, { comment: comment || undefined }),
  outages: (params: ListParams = {}, signal?: AbortSignal) =>
    get<Outage[]>(`/api/outages${qs({ limit: 200, ...params })}`, signal),
  events: (params: { monitor?: string; type?: string; limit?: number } = {}, signal?: AbortSignal) =>
    get<EventRow[]>(`/api/events${qs({ limit: 200, ...params })}`, signal),
  insights: (range: { from?: string; to?: string; step?: string }, signal?: AbortSignal) =>
    get<Insights>(`/api/insights${qs(range)}`, signal),
  analyzeCsv: (csv: string, signal?: AbortSignal) =>
    send<Analysis>('/api/analyze', { method: 'POST', signal, headers: { 'Content-Type': 'text/csv' }, body: csv }),
  maintenance: (params: { monitor?: number; include_cancelled?: boolean } = {}, signal?: AbortSignal) =>
    get<MaintenanceWindow[]>(`/api/maintenance${qs({ limit: 200, ...params })}`, signal),
  schedule: (w: NewWindow) => post<MaintenanceWindow>('/api/maintenance', w),
  system: (signal?: AbortSignal) => get<SystemStatus>('/api/system', signal),
  deadLetters: (topic: string, signal?: AbortSignal) =>
    get<DeadLetter[]>(`/api/system/dead-letters/${encodeURIComponent(topic)}${qs({ limit: 200 })}`, signal),
  replay: (topic: string, records: { partition: number; offset: number }[]) =>
    post<ReplayResult>(`/api/system/dead-letters/${encodeURIComponent(topic)}/replay`, { records }),
  channels: (signal?: AbortSignal) => get<NotificationChannel[]>('/api/notifications/channels', signal),
  createChannel: (c: NewChannel) => post<NotificationChannel>('/api/notifications/channels', c),
  deleteChannel: (id: number) => send<void>(`/api/notifications/channels/${id}`, { method: 'DELETE' }),
  testChannel: (id: number) => post<Notification>(`/api/notifications/channels/${id}/test`, {}),
  policies: (signal?: AbortSignal) => get<NotificationPolicy[]>('/api/notifications/policies', signal),
  createPolicy: (p: NewPolicy) => post<NotificationPolicy>('/api/notifications/policies', p),
  deletePolicy: (id: number) => send<void>(`/api/notifications/policies/${id}`, { method: 'DELETE' }),
  notificationLog: (params: { channel_id?: number; status?: string; limit?: number } = {}, signal?: AbortSignal) =>
    get<Notification[]>(`/api/notifications/log${qs({ limit: 100, ...params })}`, signal),
  agentTokens: (signal?: AbortSignal) => get<AgentToken[]>('/api/admin/agent-tokens', signal),
  createAgentToken: (t: { name: string; tenant?: string; monitor?: string }) =>
    post<CreatedAgentToken>('/api/admin/agent-tokens', t),
  revokeAgentToken: (id: number) => send<AgentToken>(`/api/admin/agent-tokens/${id}`, { method: 'DELETE' }),
  bindAgentToken: (id: number, monitor: string | null) =>
    send<AgentToken>(`/api/admin/agent-tokens/${id}/monitor`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ monitor }),
    }),
  cancelWindow: (id: number) => send<MaintenanceWindow>(`/api/maintenance/${id}`, { method: 'DELETE' }),
  /** The signed-in caller, or null when nobody is signed in. */
  me: async (): Promise<Me | null> => {
    try {
      return await get<Me>('/api/session');
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
  login: (username: string, password: string) => post<Me>('/api/session', { username, password }),
  signInOptions: () => get<SignInOptions>('/api/session/options'),
  logout: () => send<void>('/api/session', { method: 'DELETE' }),
  changePassword: (current_password: string, new_password: string) =>
    post<Me>('/api/session/password', { current_password, new_password }),
};
