import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Anomaly } from '../api';
import { num, stamp } from '../format';
import type { ChartColumns } from './chartData';

interface Props {
  title: string;
  columns: ChartColumns;
  /** called with the selected [from, to] in epoch seconds after a drag-to-zoom */
  onZoom?: (fromSec: number, toSec: number) => void;
  height?: number;
  /** label of the value line in the legend */
  valueLabel?: string;
  testId?: string;
}

interface MarkerPos {
  /** the columns the position was computed for: stale positions of older data are ignored */
  columns: ChartColumns;
  i: number;
  left: number;
  top: number;
}

const css = (name: string, fallback: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

function anomalyText(a: Anomaly | { severity?: string | null; score?: number | null }) {
  const sev = a.severity ?? 'anomaly';
  return `${sev[0].toUpperCase()}${sev.slice(1)} · score ${num(a.score ?? null)}`;
}

/**
 * A metric over time with uPlot: observed value, expected band, anomaly markers. Markers are also
 * buttons over the canvas, so the pointer and the keyboard (Tab) both reach their explanation.
 * Drag across the chart to zoom; the parent refetches the finer data.
 */
/**
 * A number that changes whenever the page's colours may have: the theme attribute set by the
 * theme picker, or the system's light/dark preference (the "system" theme follows it).
 */
function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    const observer = new MutationObserver(bump);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const media = window.matchMedia?.('(prefers-color-scheme: dark)');
    media?.addEventListener?.('change', bump);
    return () => {
      observer.disconnect();
      media?.removeEventListener?.('change', bump);
    };
  }, []);
  return version;
}

export function TimeChart({ title, columns, onZoom, height = 220, valueLabel = 'value', testId }: Props) {
  const wrap = useRef<HTMLDivElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const zoomRef = useRef(onZoom);
  zoomRef.current = onZoom;
  const [markers, setMarkers] = useState<MarkerPos[]>([]);
  const [active, setActive] = useState<number | null>(null);
  const theme = useThemeVersion();

  useEffect(() => {
    const el = host.current!;
    const line = css('--link', '#6cb6ff');
    const band = css('--band', 'rgba(46,160,67,0.18)');
    const bandEdge = css('--band-edge', '#2ea043');
    const mark = css('--critical', '#db61a2');
    const axis = css('--muted', '#8b98a5');
    const grid = css('--border', '#2a3441');
    const axisOpts = { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
    const placeMarkers = (u: uPlot) => {
      if (!wrap.current) return;
      const over = u.over.getBoundingClientRect();
      const base = wrap.current.getBoundingClientRect();
      const out: MarkerPos[] = [];
      const [xs, , , , ms] = u.data as unknown as number[][];
      for (let i = 0; i < ms.length; i++) {
        if (ms[i] === null || ms[i] === undefined) continue;
        const x = u.valToPos(xs[i], 'x');
        const y = u.valToPos(ms[i], 'y');
        if (x < 0 || x > over.width || y < 0 || y > over.height) continue;
        out.push({ columns, i, left: over.left - base.left + x, top: over.top - base.top + y });
      }
      setMarkers(out);
    };
    const opts: uPlot.Options = {
      width: Math.max(300, el.clientWidth),
      height,
      scales: { x: { time: true } },
      axes: [axisOpts, { ...axisOpts, size: 60 }],
      series: [
        { value: (_u, v) => (v === null ? '–' : stamp(new Date(v * 1000).toISOString())) },
        { label: 'expected low', stroke: bandEdge, width: 1, dash: [4, 4], value: (_u, v) => num(v) },
        { label: 'expected high', stroke: bandEdge, width: 1, dash: [4, 4], value: (_u, v) => num(v) },
        { label: valueLabel, stroke: line, width: 1.5, value: (_u, v) => num(v) },
        {
          label: '◆ anomaly',
          stroke: mark,
          fill: mark,
          paths: () => null,
          points: { show: true, size: 11, stroke: mark, fill: mark, width: 2 },
          value: (_u, v) => (v === null ? '–' : num(v)),
        },
      ],
      bands: [{ series: [2, 1], fill: band }],
      cursor: { drag: { x: true, y: false, setScale: false } },
      legend: { live: true },
      hooks: {
        draw: [placeMarkers],
        setSelect: [
          (u) => {
            if (u.select.width > 4 && zoomRef.current) {
              const a = u.posToVal(u.select.left, 'x');
              const b = u.posToVal(u.select.left + u.select.width, 'x');
              zoomRef.current(a, b);
            }
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          },
        ],
        setCursor: [
          (u) => {
            const i = u.cursor.idx;
            // a null index is the pointer leaving for a marker button: that button takes over
            if (i !== null && i !== undefined) setActive(columns.markerInfo.has(i) ? i : null);
          },
        ],
      },
    };
    const data = [columns.x, columns.low, columns.high, columns.value, columns.marker] as uPlot.AlignedData;
    const u = new uPlot(opts, data, el);
    plot.current = u;
    const ro = new ResizeObserver(() => {
      const w = Math.max(300, el.clientWidth);
      if (Math.abs(w - u.width) > 2) u.setSize({ width: w, height });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
    // theme: the colours are read from the CSS variables when the plot is built
  }, [columns, height, valueLabel, theme]);

  const shown = active !== null ? (columns.markerInfo.get(active) ?? []) : [];
  const current = markers.filter((m) => m.columns === columns && columns.markerInfo.has(m.i));
  const pos = current.find((m) => m.i === active);
  return (
    <figure
      className="chart"
      ref={wrap}
      data-testid={testId ?? 'chart'}
      data-points={columns.x.length}
      data-markers={columns.markerInfo.size}
      onMouseLeave={() => setActive(null)}
    >
      <figcaption>{title}</figcaption>
      <div ref={host} className="chart-canvas" />
      {current.map((m) => {
        const list = columns.markerInfo.get(m.i)!;
        return (
          <button
            key={m.i}
            type="button"
            className="marker"
            data-testid="anomaly-marker"
            style={{ left: m.left, top: m.top }}
            aria-label={`${anomalyText(list[0])} at ${stamp(list[0].started_at)}: ${list[0].message ?? ''}`}
            onMouseEnter={() => setActive(m.i)}
            onMouseLeave={() => setActive(null)}
            onFocus={() => setActive(m.i)}
            onBlur={() => setActive(null)}
          />
        );
      })}
      {shown.length > 0 && pos && (
        <div
          className="tooltip"
          role="tooltip"
          data-testid="chart-tooltip"
          style={
            // right of the marker in the chart's left half, left of it in the right half, never squeezed
            pos.left > (wrap.current?.clientWidth ?? 0) / 2
              ? { right: (wrap.current?.clientWidth ?? 0) - pos.left + 12, top: pos.top }
              : { left: pos.left + 12, top: pos.top }
          }
        >
          {shown.slice(0, 3).map((a) => (
            <div key={a.id} className="tooltip-item">
              <strong className={`severity-${a.severity}`}>{anomalyText(a)}</strong>
              <div>
                value {num(a.value)}
                {a.expected_low !== null && a.expected_high !== null
                  ? `, expected ${num(a.expected_low)} – ${num(a.expected_high)}`
                  : ''}
              </div>
              <div>{stamp(a.started_at)}</div>
              <div className="why">{a.explanation ?? a.message ?? ''}</div>
            </div>
          ))}
          {shown.length > 3 && <div>and {shown.length - 3} more</div>}
        </div>
      )}
    </figure>
  );
}
