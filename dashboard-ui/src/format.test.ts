import { describe, expect, it } from 'vitest';
import { ago, duration, num } from './format';

describe('format', () => {
  it('renders durations at the scale a person reads', () => {
    expect(duration(4_200)).toBe('4 s');
    expect(duration(4 * 60_000 + 5_000)).toBe('4 min');
    expect(duration(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 5 min');
    expect(duration(3 * 3_600_000)).toBe('3 h');
    expect(duration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h');
    expect(duration(-1)).toBe('–');
  });

  it('says how long ago, never negative, and – for missing times', () => {
    const now = Date.parse('2026-01-01T00:01:00Z');
    expect(ago('2026-01-01T00:00:30Z', now)).toBe('30 s ago');
    expect(ago('2026-01-01T00:02:00Z', now)).toBe('0 s ago');
    expect(ago(null, now)).toBe('–');
    expect(ago('garbage', now)).toBe('–');
  });

  it('keeps numbers short', () => {
    expect(num(12.345678)).toBe('12.35');
    expect(num(123456.7)).toBe('123457');
    expect(num(null)).toBe('–');
  });
});
