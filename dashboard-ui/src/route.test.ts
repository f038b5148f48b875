import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash } from './route';

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
});
