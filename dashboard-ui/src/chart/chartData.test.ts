import { describe, expect, it } from 'vitest';
import type { Anomaly, ChartPoint } from '../api';
import { analysisColumns, bucketIndex, resolveRange, severityShares, toColumns, zoomRange } from './chartData';
import { sparkPath } from './sparkline';

const point = (time: string, mean: number, low?: number, high?: number): ChartPoint => ({
  time,
  count: 1,
  min: mean,
  max: mean + 1,
  mean,
  last: mean,
  expected_low: low,
  expected_high: high,
  max_score: 0,
});

const anomaly = (started_at: string, severity: string, score: number, value: number | null): Anomaly =>
  ({ id: started_at + severity, started_at, severity, score, value }) as Anomaly;

describe('bucketIndex', () => {
  const x = [0, 60, 180];
  it('finds the bucket containing a time, and none in a gap or outside', () => {
    expect(bucketIndex(x, 59, 60)).toBe(0);
    expect(bucketIndex(x, 60, 60)).toBe(1);
    expect(bucketIndex(x, 130, 60)).toBe(-1);
    expect(bucketIndex(x, 200, 60)).toBe(2);
    expect(bucketIndex(x, -1, 60)).toBe(-1);
    expect(bucketIndex(x, 240, 60)).toBe(-1);
    expect(bucketIndex([], 0, 60)).toBe(-1);
  });
});

describe('toColumns', () => {
  const points = [
    point('2025-01-01T00:00:00Z', 10, 8, 12),
    point('2025-01-01T00:01:00Z', 11),
    point('2025-01-01T00:02:00Z', 50, 8, 12),
  ];
  it('puts values, band and a marker at the anomalous value of the bucket where it started', () => {
    const c = toColumns(points, [anomaly('2025-01-01T00:02:30Z', 'major', 0.9, 55)], 60);
    expect(c.x).toEqual([1735689600, 1735689660, 1735689720]);
    expect(c.value).toEqual([10, 11, 50]);
    expect(c.low).toEqual([8, null, 8]);
    expect(c.high).toEqual([12, null, 12]);
    expect(c.marker).toEqual([null, null, 55]);
    expect(c.markerInfo.get(2)?.map((a) => a.severity)).toEqual(['major']);
  });
  it('lists the worst anomaly of a bucket first and skips those outside the chart', () => {
    const c = toColumns(
      points,
      [
        anomaly('2025-01-01T00:01:05Z', 'minor', 0.99, 20),
        anomaly('2025-01-01T00:01:10Z', 'critical', 0.7, null),
        anomaly('2024-12-31T00:00:00Z', 'critical', 1, 1),
      ],
      60,
    );
    expect(c.markerInfo.get(1)?.map((a) => a.severity)).toEqual(['critical', 'minor']);
    // no value on the critical one: the bucket's max
    expect(c.marker).toEqual([null, 12, null]);
    expect(c.markerInfo.size).toBe(1);
  });
});

describe('ranges', () => {
  const now = Date.parse('2025-01-31T00:00:00Z');
  it('resolves a preset ending now, defaulting to 24 h', () => {
    expect(resolveRange('7d', null, null, now)).toEqual({
      from: '2025-01-24T00:00:00.000Z',
      to: '2025-01-31T00:00:00.000Z',
      preset: '7d',
    });
    expect(resolveRange('nonsense', null, null, now).preset).toBe('24h');
  });
  it('prefers a valid zoom range and ignores an inverted or unparsable one', () => {
    expect(resolveRange('7d', '2025-01-02T00:00:00Z', '2025-01-03T00:00:00Z', now).preset).toBeNull();
    expect(resolveRange('7d', '2025-01-03T00:00:00Z', '2025-01-02T00:00:00Z', now).preset).toBe('7d');
    expect(resolveRange(null, 'x', 'y', now).preset).toBe('24h');
  });
  it('widens a zoom selection to at least two minutes', () => {
    expect(zoomRange(1000, 1010)).toEqual({ from: new Date(945_000).toISOString(), to: new Date(1_065_000).toISOString() });
  });
});

describe('sparkPath', () => {
  it('draws a line scaled to the box and breaks it where a bucket has no data', () => {
    expect(sparkPath([0, 10, null, 5], 31, 12, 1)).toBe('M1.0,11.0L10.7,1.0M30.0,6.0');
  });
  it('draws a flat series mid-height and nothing without data', () => {
    expect(sparkPath([3, 3], 10, 10, 0)).toBe('M0.0,5.0L10.0,5.0');
    expect(sparkPath([null, null], 10, 10)).toBe('');
    expect(sparkPath([], 10, 10)).toBe('');
  });
});

describe('analysisColumns', () => {
  it('orders points by time and marks the anomalous ones with their explanation', () => {
    const c = analysisColumns([
      {
        timestamp: '2025-01-01T00:01:00Z',
        value: 99,
        score: 0.95,
        warming_up: false,
        anomalous: true,
        severity: 'critical',
        expected_low: 1,
        expected_high: 3,
        explanation: 'far above',
      },
      { timestamp: '2025-01-01T00:00:00Z', value: 2, score: 0, warming_up: true, anomalous: false },
    ]);
    expect(c.x).toEqual([1735689600, 1735689660]);
    expect(c.value).toEqual([2, 99]);
    expect(c.low).toEqual([null, 1]);
    expect(c.marker).toEqual([null, 99]);
    expect(c.markerInfo.get(1)?.[0]).toMatchObject({ severity: 'critical', explanation: 'far above' });
  });
});

describe('severityShares', () => {
  it('puts the worst first and gives rounded percentages', () => {
    expect(severityShares({ minor: 2, major: 1, critical: 1 })).toEqual([
      { severity: 'critical', count: 1, percent: 25 },
      { severity: 'major', count: 1, percent: 25 },
      { severity: 'minor', count: 2, percent: 50 },
    ]);
    expect(severityShares({ minor: 0, unknown: 0 })).toEqual([
      { severity: 'minor', count: 0, percent: 0 },
      { severity: 'unknown', count: 0, percent: 0 },
    ]);
  });
});
