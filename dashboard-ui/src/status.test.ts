import { describe, expect, it } from 'vitest';
import { countByStatus, filterMonitors, isStatus, oldestSince, sortMonitors } from './status';

const monitors = [
  { id: 1, name: 'web-1', status: 'up' },
  { id: 2, name: 'db-1', status: 'down' },
  { id: 3, name: 'web-2', status: 'trouble' },
  { id: 4, name: 'cache', status: 'up', tags: ['env=prod'] },
];

describe('status', () => {
  it('counts every status, zero when absent, ignoring unknown ones', () => {
    const counts = countByStatus([...monitors, { id: 9, name: 'x', status: 'weird' }]);
    expect(counts).toEqual({ up: 2, down: 1, trouble: 1, critical: 0, maintenance: 0, errors: 0 });
  });

  it('filters by keyword over name and exact id, and by status', () => {
    expect(filterMonitors(monitors, 'WEB', null).map((m) => m.id)).toEqual([1, 3]);
    expect(filterMonitors(monitors, '4', null).map((m) => m.id)).toEqual([4]);
    expect(filterMonitors(monitors, 'web', 'up').map((m) => m.id)).toEqual([1]);
    expect(filterMonitors(monitors, '  ', 'down').map((m) => m.id)).toEqual([2]);
  });

  it('matches a keyword inside a tag, like the API', () => {
    expect(filterMonitors(monitors, 'ENV=PR', null).map((m) => m.id)).toEqual([4]);
  });

  it('sorts the worst status first, then by name', () => {
    expect(sortMonitors(monitors).map((m) => m.name)).toEqual(['db-1', 'web-2', 'cache', 'web-1']);
  });

  it('recognises only the six statuses', () => {
    expect(isStatus('maintenance')).toBe(true);
    expect(isStatus('Up')).toBe(false);
    expect(isStatus(null)).toBe(false);
  });

  it('finds, per status, since when its oldest monitor has been in it', () => {
    expect(
      oldestSince([
        { id: 1, name: 'a', status: 'down', status_since: '2025-01-01T10:00:00Z' },
        { id: 2, name: 'b', status: 'down', status_since: '2025-01-01T09:00:00Z' },
        { id: 3, name: 'c', status: 'up', status_since: null },
        { id: 4, name: 'd', status: 'trouble', status_since: 'garbage' },
      ]),
    ).toEqual({ down: '2025-01-01T09:00:00Z' });
  });
});
