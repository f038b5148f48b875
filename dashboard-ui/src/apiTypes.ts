/** The types of the query-service API as the dashboard reads and sends them (JSON, snake_case). */
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
