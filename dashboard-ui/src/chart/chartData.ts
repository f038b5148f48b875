/** Turns API rows into the column arrays uPlot draws. Pure, unit-tested. */
import type { Anomaly, AnalysisResult, ChartPoint } from '../api';

export interface ChartColumns {
  /** bucket start, epoch seconds */
  x: number[];
  value: (number | null)[];
  low: (number | null)[];
  high: (number | null)[];
  /** y of an anomaly marker at this bucket (the anomalous value), null elsewhere */
  marker: (number | null)[];
  /** the anomalies drawn at each marker, worst first */
  markerInfo: Map<number, Anomaly[]>;
}

/** Index of the bucket containing t (epoch s): the last x <= t, or -1 when t is outside. */
export function bucketIndex(x: number[], t: number, step: number): number {
  let lo = 0;
  let hi = x.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && t < x[found] + step ? found : -1;
}

const severityRank = (s: string | null) => (s === 'critical' ? 3 : s === 'major' ? 2 : s === 'minor' ? 1 : 0);

/**
 * Columns of one series: the observed mean per bucket, the expected band, and a marker at each
 * bucket where one of the anomalies started (placed at the anomalous value, or the bucket's max).
 */
export function toColumns(points: ChartPoint[], anomalies: Anomaly[], step: number): ChartColumns {
  const x = points.map((p) => Math.floor(Date.parse(p.time) / 1000));
  const value = points.map((p) => p.mean ?? p.last);
  const low = points.map((p) => p.expected_low ?? null);
  const high = points.map((p) => p.expected_high ?? null);
  const marker: (number | null)[] = points.map(() => null);
  const markerInfo = new Map<number, Anomaly[]>();
  for (const a of anomalies) {
    const i = bucketIndex(x, Math.floor(Date.parse(a.started_at) / 1000), step);
    if (i < 0) continue;
    const list = markerInfo.get(i) ?? [];
    list.push(a);
    markerInfo.set(i, list);
  }
  for (const [i, list] of markerInfo) {
    list.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (b.score ?? 0) - (a.score ?? 0));
    marker[i] = list[0].value ?? points[i].max;
  }
  return { x, value, low, high, marker, markerInfo };
}

export interface RangePreset {
  key: string;
  label: string;
  seconds: number;
}

export const RANGE_PRESETS: RangePreset[] = [
  { key: '1h', label: '1 h', seconds: 3600 },
  { key: '6h', label: '6 h', seconds: 6 * 3600 },
  { key: '24h', label: '24 h', seconds: 86_400 },
  { key: '7d', label: '7 d', seconds: 7 * 86_400 },
  { key: '30d', label: '30 d', seconds: 30 * 86_400 },
];

/** The [from, to) of a preset ending now, or of an explicit zoom range; ISO strings. */
export function resolveRange(
  preset: string | null,
  from: string | null,
  to: string | null,
  now: number,
): { from: string; to: string; preset: string | null } {
  if (from && to) {
    const f = Date.parse(from);
    const t = Date.parse(to);
    if (Number.isFinite(f) && Number.isFinite(t) && f < t) {
      return { from: new Date(f).toISOString(), to: new Date(t).toISOString(), preset: null };
    }
  }
  const p = RANGE_PRESETS.find((r) => r.key === preset) ?? RANGE_PRESETS[2];
  return { from: new Date(now - p.seconds * 1000).toISOString(), to: new Date(now).toISOString(), preset: p.key };
}

/** A zoom selection shorter than 2 minutes is too short to chart: widen it around its middle. */
export function zoomRange(minSec: number, maxSec: number): { from: string; to: string } {
  let a = minSec;
  let b = maxSec;
  if (b - a < 120) {
    const mid = (a + b) / 2;
    a = mid - 60;
    b = mid + 60;
  }
  return { from: new Date(a * 1000).toISOString(), to: new Date(b * 1000).toISOString() };
}

/** Columns of an analysed series: one x per posted point, markers on the anomalous ones. */
export function analysisColumns(results: AnalysisResult[]): ChartColumns {
  const sorted = [...results].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  const markerInfo = new Map<number, Anomaly[]>();
  const marker: (number | null)[] = [];
  sorted.forEach((r, i) => {
    marker.push(r.anomalous ? r.value : null);
    if (r.anomalous) {
      markerInfo.set(i, [
        {
          id: `${r.timestamp}-${i}`,
          started_at: r.timestamp,
          severity: r.severity ?? null,
          score: r.score,
          value: r.value,
          expected_low: r.expected_low ?? null,
          expected_high: r.expected_high ?? null,
          message: r.explanation ?? null,
          explanation: r.explanation ?? null,
        } as Anomaly,
      ]);
    }
  });
  return {
    x: sorted.map((r) => Date.parse(r.timestamp) / 1000),
    value: sorted.map((r) => r.value),
    low: sorted.map((r) => r.expected_low ?? null),
    high: sorted.map((r) => r.expected_high ?? null),
    marker,
    markerInfo,
  };
}

/** Share of each severity in percent, rounded, in the order minor, major, critical, then others. */
export function severityShares(counts: Record<string, number>): { severity: string; count: number; percent: number }[] {
  const order = ['critical', 'major', 'minor'];
  const keys = [...order, ...Object.keys(counts).filter((k) => !order.includes(k))];
  const total = keys.reduce((n, k) => n + (counts[k] ?? 0), 0);
  return keys
    .filter((k) => k in counts)
    .map((k) => ({ severity: k, count: counts[k], percent: total ? Math.round((counts[k] / total) * 100) : 0 }));
}
