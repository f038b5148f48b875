/**
 * The live connection to /api/stream. EventSource reconnects by itself and sends Last-Event-ID, so
 * the server replays what was missed. While the stream is down the dashboard refreshes every 30 s
 * and says so.
 */
import { inTenant } from './tenant';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'polling';

export const EVENT_TYPES = [
  'anomaly',
  'anomaly_resolved',
  'outage_started',
  'outage_resolved',
  'errors_started',
  'errors_resolved',
  'monitor_discovered',
  'status_changed',
  'acknowledged',
  'maintenance_scheduled',
  'maintenance_started',
  'maintenance_ended',
  'maintenance_cancelled',
  'pipeline_degraded',
  'pipeline_recovered',
  // a resume that missed more than the server replays: reload everything
  'replay_truncated',
] as const;

export interface LiveOptions {
  url?: string;
  onEvent: (type: string, data: unknown) => void;
  onState: (state: LiveState) => void;
  /** Called every pollMs while the stream is unavailable. */
  onPoll: () => void;
  pollMs?: number;
  /** How long the stream may stay broken before polling starts. */
  graceMs?: number;
  /**
   * The tenant the view is narrowed to, asked at each event (null: all the caller's tenants).
   * EventSource sends no X-Sentinel-Tenant header, so other tenants' events are dropped here.
   */
  tenant?: () => string | null;
}

export function connectLive(options: LiveOptions): () => void {
  const { url = '/api/stream', onEvent, onState, onPoll, pollMs = 30_000, graceMs = 10_000, tenant = () => null } = options;
  let source: EventSource | null = null;
  let pollTimer: ReturnType<typeof setInterval> | null = null;
  let graceTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  // the id of the last event received: a connection we open ourselves resumes from it
  let lastId: string | null = null;

  const stopPolling = () => {
    if (pollTimer) clearInterval(pollTimer);
    if (graceTimer) clearTimeout(graceTimer);
    pollTimer = null;
    graceTimer = null;
  };

  const startPolling = () => {
    if (pollTimer || closed) return;
    onState('polling');
    onPoll();
    pollTimer = setInterval(onPoll, pollMs);
  };

  const open = () => {
    // while polling, the page keeps saying so until the stream is really back
    onState(pollTimer ? 'polling' : 'connecting');
    source = new EventSource(lastId ? `${url}?last_event_id=${encodeURIComponent(lastId)}` : url);
    source.onopen = () => {
      stopPolling();
      onState('live');
      onPoll(); // catch up with anything the replay window could not cover
    };
    source.onerror = () => {
      if (closed) return;
      if (source && source.readyState === EventSource.CLOSED) {
        // the browser gave up (e.g. an HTTP error): retry ourselves
        source = null;
        setTimeout(() => !closed && open(), 5_000);
      }
      if (!pollTimer) {
        onState('reconnecting');
        if (!graceTimer) graceTimer = setTimeout(startPolling, graceMs);
      }
    };
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (e) => {
        const id = (e as MessageEvent).lastEventId;
        if (id) lastId = id;
        let data: unknown;
        try {
          data = JSON.parse((e as MessageEvent).data);
        } catch {
          data = null;
        }
        if (inTenant(data, tenant())) onEvent(type, data);
      });
    }
  };

  open();
  return () => {
    closed = true;
    stopPolling();
    source?.close();
  };
}
