import { describe, expect, it, vi } from 'vitest';
import { parseRoute, replaceHash, routeHash } from './route';

describe('route', () => {
  it('defaults to the dashboard', () => {
    expect(parseRoute('').page).toBe('dashboard');
    expect(parseRoute('#/').page).toBe('dashboard');
  });

  it('round-trips page, id and parameters', () => {
    const hash = routeHash('monitors', 'web 1', { q: 'db', status: 'down', empty: '' });
    expect(hash).toBe('#/monitors/web%201?q=db&status=down');
    const r = parseRoute(hash);
    expect(r.page).toBe('monitors');
    expect(r.id).toBe('web 1');
    expect(r.params.get('q')).toBe('db');
    expect(r.params.get('status')).toBe('down');
  });

  it('replaces the hash for typing without a history entry and tells the app at once', () => {
    const calls: string[] = [];
    const location = { hash: '#/monitors?q=d' };
    const history = {
      state: null,
      replaceState: (_s: unknown, _t: string, url: string) => {
        calls.push(`replace ${url}`);
        location.hash = url;
      },
    };
    const events: string[] = [];
    class FakeHashChange {
      constructor(readonly type: string) {}
    }
    vi.stubGlobal('window', { location, history, dispatchEvent: (e: { type: string }) => events.push(e.type) });
    vi.stubGlobal('HashChangeEvent', FakeHashChange);
    try {
      replaceHash('#/monitors?q=db');
      replaceHash('#/monitors?q=db'); // unchanged: nothing to do
      expect(calls).toEqual(['replace #/monitors?q=db']);
      expect(events).toEqual(['hashchange']);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
