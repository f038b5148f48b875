import { STATUS_GLYPH, STATUS_LABEL, isStatus } from '../status';

/** Status as colour, glyph and word: readable without colour. */
export function StatusBadge({ status }: { status: string }) {
  if (!isStatus(status)) return <span className="badge">{status}</span>;
  return (
    <span className={`badge status-${status}`}>
      <span aria-hidden="true">{STATUS_GLYPH[status]}</span> {STATUS_LABEL[status]}
    </span>
  );
}
