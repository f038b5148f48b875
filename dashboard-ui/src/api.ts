/** The calls of the query-service API (the only API the dashboard talks to), and its types. */
import { ApiError, get, post, qs, send, sendWithHeaders } from './http';
import type {
  Monitor,
  MonitorDetail,
  Anomaly,
  Outage,
  EventRow,
  SeriesChart,
  Sparklines,
  Insights,
  Analysis,
  MaintenanceWindow,
  NewWindow,
  NotificationChannel,
  NewChannel,
  NotificationPolicy,
  NewPolicy,
  Notification,
  AgentToken,
  CreatedAgentToken,
  Me,
  SignInOptions,
  StatusSummary,
  DeadLetter,
  SystemStatus,
  ReplayResult,
} from './apiTypes';

export type * from './apiTypes';
export { ApiError, SIGNED_OUT, qs, type InvalidParam } from './http';

/** The dashboard lists at most this many monitors, worst first; the counts cover all of them. */
export const MONITOR_LIMIT = 1000;

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
