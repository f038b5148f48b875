import { describe, expect, it } from 'vitest';
import { bannerText, clock, formatDelay } from './system';
import type { Detection } from './api';

const base: Detection = { state: 'ok', stale: false, threshold_seconds: 30, message: 'detection up to date' };

describe('formatDelay', () => {
  it('says seconds, then minutes, then hours', () => {
    expect(formatDelay(40)).toBe('40 s');
    expect(formatDelay(119.4)).toBe('119 s');
    expect(formatDelay(119.6)).toBe('2 min');
    expect(formatDelay(200)).toBe('3 min 20 s');
    expect(formatDelay(300)).toBe('5 min');
    expect(formatDelay(7500)).toBe('2 h 5 min');
    expect(formatDelay(7200)).toBe('2 h');
    expect(formatDelay(-3)).toBe('0 s');
  });
});

describe('bannerText', () => {
  it('says nothing while detection keeps up or is not known yet', () => {
    expect(bannerText(null)).toBeNull();
    expect(bannerText(base)).toBeNull();
    expect(bannerText({ ...base, state: 'unknown' })).toBeNull();
  });

  it('says by how much detection is delayed', () => {
    expect(bannerText({ ...base, state: 'delayed', stale: true, delay_seconds: 40 })).toBe('Detection delayed by 40 s');
  });

  it('says when detection stopped, in local time', () => {
    const at = '2025-09-21T14:56:03Z';
    expect(bannerText({ ...base, state: 'stopped', stale: true, stopped_at: at })).toBe(`Detection stopped at ${clock(at)}`);
    expect(clock(at)).toMatch(/^\d\d:\d\d$/);
    expect(bannerText({ ...base, state: 'stopped', stale: true })).toBe('Detection stopped');
  });
});
