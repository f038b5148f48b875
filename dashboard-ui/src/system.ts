import type { Detection } from './api';

/** "40 s", "3 min 20 s", "2 h 5 min": how long detection has been behind. */
export function formatDelay(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `${s} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const rest = s % 60;
    return rest ? `${m} min ${rest} s` : `${m} min`;
  }
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** "14:56", local time of the browser. */
export function clock(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/**
 * What the banner on every page says while detection is delayed or stopped ("detection delayed by
 * 40 s", "detection stopped at 14:56"); null while it keeps up (or nothing is known yet).
 */
export function bannerText(d: Detection | null | undefined): string | null {
  if (!d) return null;
  if (d.state === 'stopped') {
    return d.stopped_at ? `Detection stopped at ${clock(d.stopped_at)}` : 'Detection stopped';
  }
  if (d.state === 'delayed') {
    return d.delay_seconds != null ? `Detection delayed by ${formatDelay(d.delay_seconds)}` : 'Detection delayed';
  }
  return null;
}
