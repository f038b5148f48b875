/** The six monitor categories, in the order of precedence the backend applies. */
export const STATUSES = ['maintenance', 'down', 'errors', 'critical', 'trouble', 'up'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABEL: Record<Status, string> = {
  up: 'Up',
  down: 'Down',
  critical: 'Critical',
  trouble: 'Trouble',
  maintenance: 'Maintenance',
  errors: 'Errors',
};

/** A glyph beside the colour, so status never relies on colour alone. */
export const STATUS_GLYPH: Record<Status, string> = {
  up: '●',
  down: '▼',
  critical: '◆',
  trouble: '▲',
  maintenance: '◼',
  errors: '✖',
};

/** Tiles order on the overview: what needs attention first. */
export const TILE_ORDER: Status[] = ['down', 'critical', 'trouble', 'errors', 'maintenance', 'up'];

export function isStatus(s: string | null | undefined): s is Status {
  return !!s && (STATUSES as readonly string[]).includes(s);
}

export interface MonitorLike {
  id: number;
  name: string;
  status: string;
  tags?: string[];
}

/** Count of monitors per status; every status present, zero when none. */
export function countByStatus(monitors: MonitorLike[]): Record<Status, number> {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const m of monitors) {
    if (isStatus(m.status)) counts[m.status]++;
  }
  return counts;
}

/** Monitors matching a keyword (name or tag substring, case-insensitive, or the id) and an optional status. */
export function filterMonitors<T extends MonitorLike>(monitors: T[], query: string, status: Status | null): T[] {
  const q = query.trim().toLowerCase();
  return monitors.filter(
    (m) =>
      (status === null || m.status === status) &&
      (q === '' ||
        m.name.toLowerCase().includes(q) ||
        String(m.id) === q ||
        (m.tags ?? []).some((t) => t.toLowerCase().includes(q))),
  );
}

/** Worst first (by precedence), then by name. */
export function sortMonitors<T extends MonitorLike>(monitors: T[]): T[] {
  const rank = (s: string) => {
    const i = (STATUSES as readonly string[]).indexOf(s);
    return i < 0 ? STATUSES.length : i;
  };
  return [...monitors].sort((a, b) => rank(a.status) - rank(b.status) || a.name.localeCompare(b.name));
}

/** Per status, the earliest `status_since` among its monitors: how long the oldest of them has been so. */
export function oldestSince(monitors: (MonitorLike & { status_since?: string | null })[]): Partial<Record<Status, string>> {
  const out: Partial<Record<Status, string>> = {};
  for (const m of monitors) {
    if (!isStatus(m.status) || !m.status_since || Number.isNaN(Date.parse(m.status_since))) continue;
    const cur = out[m.status];
    if (!cur || Date.parse(m.status_since) < Date.parse(cur)) out[m.status] = m.status_since;
  }
  return out;
}
