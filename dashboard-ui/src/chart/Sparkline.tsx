import type { SparkLine } from '../api';
import { sparkPath } from './sparkline';

/** A small inline SVG line (cheap enough for a thousand rows); red dots where a bucket scored high. */
export function Sparkline({ line, width = 120, height = 24 }: { line: SparkLine | undefined; width?: number; height?: number }) {
  if (!line) return <span className="muted">–</span>;
  const d = sparkPath(line.values, width, height, 2);
  if (!d) return <span className="muted">no recent data</span>;
  const n = line.values.length;
  const hot = line.max_scores.map((s, i) => (s !== null && s >= 0.5 ? i : -1)).filter((i) => i >= 0);
  const last = [...line.values].reverse().find((v) => v !== null);
  return (
    <svg
      className="spark"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${line.metric}, last hour, latest ${last ?? '–'}${hot.length ? `, ${hot.length} high-score buckets` : ''}`}
    >
      <path d={d} fill="none" stroke="currentColor" strokeWidth="1.3" />
      {hot.map((i) => (
        <rect key={i} className="spark-hot" x={2 + (i * (width - 4)) / Math.max(1, n - 1) - 2} y={0} width={4} height={3} />
      ))}
    </svg>
  );
}
