import { useState } from 'react';
import { api, type Anomaly } from '../api';
import { stamp } from '../format';

/** Acknowledge an anomaly (as the signed-in user) with an optional comment; shows who acked once done. */
export function AckButton({ anomaly, onDone }: { anomaly: Anomaly; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (anomaly.acknowledged) {
    return (
      <span className="acked" title={anomaly.ack_comment ?? ''}>
        ✔ acked by {anomaly.acknowledged_by} {stamp(anomaly.acknowledged_at)}
      </span>
    );
  }
  if (!open) {
    return (
      <button type="button" className="small" data-testid="ack" onClick={() => setOpen(true)}>
        Acknowledge
      </button>
    );
  }
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await api.ack(anomaly.id, comment.trim());
      setOpen(false);
      onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Acknowledge anomaly">
      <input aria-label="Comment" placeholder="comment (optional)" value={comment} onChange={(e) => setComment(e.target.value)} />
      <button type="submit" className="small" disabled={busy}>
        {busy ? 'Saving…' : 'Save'}
      </button>
      <button type="button" className="small secondary" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
