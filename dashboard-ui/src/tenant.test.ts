import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from './api';
import { connectLive } from './live';
import { chooseTenant, chosenTenant, inTenant, reconcileTenant, TENANT_HEADER, tenantChoices } from './tenant';

/** localStorage for the node environment the tests run in. */
function fakeStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}

/** The EventSource of the browser, opened and fed by hand. */
class FakeSource {
  static CLOSED = 2;
  static last: FakeSource | null = null;
  readyState = 0;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  listeners = new Map<string, (e: { data: string; lastEventId?: string }) => void>();
  constructor(readonly url: string) {
    FakeSource.last = this;
  }
  addEventListener(type: string, f: (e: { data: string; lastEventId?: string }) => void) {
    this.listeners.set(type, f);
  }
  close() {}
  emit(type: string, data: unknown, id: string) {
    this.listeners.get(type)!({ data: JSON.stringify(data), lastEventId: id });
  }
}

describe('tenant switch', () => {
  let fetchMock: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    vi.stubGlobal('localStorage', fakeStorage());
    fetchMock = vi.fn(async () => new Response(JSON.stringify([]), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    vi.stubGlobal('EventSource', FakeSource);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const sentTenant = (call: number) =>
    (fetchMock.mock.calls[call][1] as RequestInit & { headers: Record<string, string> }).headers[TENANT_HEADER];

  it('offers a choice only to a caller of several tenants, not of every tenant', () => {
    expect(tenantChoices(['default'])).toEqual([]);
    expect(tenantChoices(['*'])).toEqual([]);
    expect(tenantChoices(['a', 'b'])).toEqual(['a', 'b']);
    expect(tenantChoices(undefined)).toEqual([]);
  });

  it('sends the remembered tenant as X-Sentinel-Tenant on REST requests, none for all tenants', async () => {
    await api.anomalies();
    expect(sentTenant(0)).toBeUndefined();

    chooseTenant('acme');
    expect(localStorage.getItem('sentinel.tenant')).toBe('acme');
    await api.monitors();
    await api.ack('x', 'seen');
    expect(sentTenant(1)).toBe('acme');
    expect(sentTenant(2)).toBe('acme');
    expect((fetchMock.mock.calls[2][1] as { headers: Record<string, string> }).headers['Content-Type']).toBe('application/json');
    // the caller's own session is not narrowed: it lists the tenants to choose from
    await api.me();
    expect(sentTenant(3)).toBeUndefined();

    chooseTenant(null);
    await api.summary();
    expect(sentTenant(4)).toBeUndefined();
  });

  it('forgets a remembered tenant the caller no longer has', () => {
    chooseTenant('b');
    expect(reconcileTenant(['a', 'b'])).toBe('b');
    expect(reconcileTenant(['a'])).toBeNull();
    expect(chosenTenant()).toBeNull();
  });

  it('narrows the live stream by the event tenant, keeping notices for everyone', () => {
    let tenant: string | null = 'a';
    const events: unknown[] = [];
    const stop = connectLive({ tenant: () => tenant, onEvent: (_, d) => events.push(d), onState: () => {}, onPoll: () => {} });
    const source = FakeSource.last!;
    source.emit('anomaly', { id: '1', tenant: 'a' }, '1');
    source.emit('anomaly', { id: '2', tenant: 'b' }, '2');
    source.emit('pipeline_degraded', { id: '3' }, '3');
    expect(events.map((e) => (e as { id: string }).id)).toEqual(['1', '3']);

    tenant = null; // all tenants again
    source.emit('anomaly', { id: '4', tenant: 'b' }, '4');
    expect(events.map((e) => (e as { id: string }).id)).toEqual(['1', '3', '4']);
    stop();

    expect(inTenant({ tenant: 'b' }, 'a')).toBe(false);
    expect(inTenant(null, 'a')).toBe(true);
  });
});
