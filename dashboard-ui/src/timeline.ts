/** Layout of the outages timeline: one lane per monitor, one bar per outage. Pure, unit-tested. */
import type { Outage } from './api';

export interface Bar {
  outage: Outage;
  /** left edge and width as a percentage of the range */
  left: number;
  width: number;
}

export interface Lane {
  monitor: string;
  monitorId: number;
  bars: Bar[];
}

/** Lanes of the outages overlapping [from, to], monitors with an open outage first, then by name. */
export function timelineLanes(outages: Outage[], from: number, to: number, now: number): Lane[] {
  const span = to - from;
  const lanes = new Map<number, Lane & { open: boolean }>();
  for (const o of outages) {
    const start = Date.parse(o.started_at);
    const end = o.ended_at ? Date.parse(o.ended_at) : now;
    if (!(end >= from && start <= to) || span <= 0) continue;
    const a = Math.max(start, from);
    const b = Math.min(end, to);
    const lane = lanes.get(o.monitor_id) ?? { monitor: o.monitor, monitorId: o.monitor_id, bars: [], open: false };
    // at least 0.3 % wide, so a short outage stays visible
    lane.bars.push({ outage: o, left: ((a - from) / span) * 100, width: Math.max(0.3, ((b - a) / span) * 100) });
    lane.open ||= o.open;
    lanes.set(o.monitor_id, lane);
  }
  return [...lanes.values()]
    .sort((x, y) => Number(y.open) - Number(x.open) || x.monitor.localeCompare(y.monitor))
    .map(({ monitor, monitorId, bars }) => ({ monitor, monitorId, bars }));
}
