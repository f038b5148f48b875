import { describe, expect, it } from 'vitest';
import type { Outage } from './api';
import { timelineLanes } from './timeline';

const o = (monitor_id: number, monitor: string, start: number, end: number | null): Outage => ({
  id: `${monitor}-${start}`,
  monitor_id,
  monitor,
  started_at: new Date(start).toISOString(),
  ended_at: end === null ? null : new Date(end).toISOString(),
  open: end === null,
  cause: null,
});

describe('timelineLanes', () => {
  it('places bars as percentages of the range, clipped to it, open outages running to now', () => {
    const lanes = timelineLanes([o(1, 'b', 100, 300), o(2, 'a', -50, 100), o(3, 'c', 900, null)], 0, 1000, 950);
    expect(lanes.map((l) => l.monitor)).toEqual(['c', 'a', 'b']);
    expect(lanes[0].bars[0]).toMatchObject({ left: 90, width: 5 });
    expect(lanes[1].bars[0]).toMatchObject({ left: 0, width: 10 });
    expect(lanes[2].bars[0]).toMatchObject({ left: 10, width: 20 });
  });
  it('keeps one lane per monitor, a minimum width, and drops outages outside the range', () => {
    const lanes = timelineLanes([o(1, 'a', 10, 10), o(1, 'a', 500, 600), o(2, 'z', 2000, 3000)], 0, 1000, 5000);
    expect(lanes).toHaveLength(1);
    expect(lanes[0].bars.map((b) => b.width)).toEqual([0.3, 10]);
  });
});
