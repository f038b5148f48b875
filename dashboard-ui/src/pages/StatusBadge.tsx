import { STATUS_GLYPH, STATUS_LABEL, isStatus } from '../status';

/**
 * Status as colour, glyph and word: readable without colour. A stale status (detection delayed or
 * stopped) is not shown as what it was: it says Stale, with the last known status beside it.
 */
export function StatusBadge({ status, stale = false }: { status: string; stale?: boolean }) {
  if (stale) {
    const last = isStatus(status) ? STATUS_LABEL[status] : status;
    return (
      <span className="badge status-stale" title={`detection is delayed: last known status ${last}`} data-stale="true">
        <span aria-hidden="true">◌</span> Stale (was {last})
      </span>
    );
  }
  if (!isStatus(status)) return <span className="badge">{status}</span>;
  return (
    <span className={`badge status-${status}`}>
      <span aria-hidden="true">{STATUS_GLYPH[status]}</span> {STATUS_LABEL[status]}
    </span>
  );
}
