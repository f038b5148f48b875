import { useState } from 'react';
import { ApiError, api, type Monitor } from '../api';

const DURATIONS = ['15m', '30m', '1h', '2h', '4h', '8h', '24h'];

/** "2026-01-02T13:04" for a datetime-local input, in local time. */
function localInput(d: Date) {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * Schedules a maintenance window: for one monitor (fixed) or for monitors picked from the list.
 * The server's problem+json names each invalid field; the form shows them beside the fields.
 */
export function MaintenanceForm({
  monitors,
  fixed,
  onDone,
}: {
  monitors: Monitor[] | null;
  /** the monitor this form is for, when it is on a monitor's page */
  fixed?: Monitor;
  onDone: () => void;
}) {
  const [title, setTitle] = useState(fixed ? `Maintenance of ${fixed.name}` : '');
  const [picked, setPicked] = useState<number[]>(fixed ? [fixed.id] : []);
  const [start, setStart] = useState(localInput(new Date()));
  const [dur, setDur] = useState('1h');
  const [rrule, setRrule] = useState('');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [filter, setFilter] = useState('');

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const problems: string[] = [];
    if (!title.trim()) problems.push('Give the window a title.');
    if (picked.length === 0) problems.push('Pick at least one monitor.');
    const startDate = new Date(start);
    if (Number.isNaN(startDate.getTime())) problems.push('Start must be a date and time.');
    if (problems.length) {
      setErrors(problems);
      return;
    }
    setBusy(true);
    try {
      await api.schedule({
        title: title.trim(),
        monitor_ids: picked,
        starts_at: startDate.toISOString(),
        duration: dur,
        rrule: rrule.trim() || undefined,
        time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        comment: comment.trim() || undefined,
      });
      setErrors([]);
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) setErrors(err.errors.map((x) => `${x.name}: ${x.detail}`));
      else setErrors([err instanceof Error ? err.message : String(err)]);
    } finally {
      setBusy(false);
    }
  };

  const candidates = (monitors ?? []).filter((m) => !filter || m.name.toLowerCase().includes(filter.toLowerCase()));
  return (
    <form className="panel form" onSubmit={submit} aria-label="Schedule maintenance" data-testid="maintenance-form">
      <label>
        Title <input value={title} onChange={(e) => setTitle(e.target.value)} required />
      </label>
      {!fixed && (
        <fieldset>
          <legend>Monitors ({picked.length} picked)</legend>
          <input
            type="search"
            placeholder="filter monitors"
            aria-label="Filter monitors"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          <div className="picklist">
            {candidates.slice(0, 200).map((m) => (
              <label key={m.id} className="check">
                <input
                  type="checkbox"
                  checked={picked.includes(m.id)}
                  onChange={(e) => setPicked(e.target.checked ? [...picked, m.id] : picked.filter((x) => x !== m.id))}
                />
                {m.name}
              </label>
            ))}
            {candidates.length > 200 && <span className="muted">{candidates.length - 200} more: narrow the filter</span>}
          </div>
        </fieldset>
      )}
      <label>
        Starts <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required />
      </label>
      <label>
        Lasts{' '}
        <select value={dur} onChange={(e) => setDur(e.target.value)}>
          {DURATIONS.map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
      </label>
      <label>
        Repeats (RRULE, optional){' '}
        <input placeholder="FREQ=WEEKLY;BYDAY=MO" value={rrule} onChange={(e) => setRrule(e.target.value)} />
      </label>
      <label>
        Comment <input value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      <div>
        <button type="submit" disabled={busy}>
          {busy ? 'Scheduling…' : 'Schedule maintenance'}
        </button>
      </div>
      {errors.length > 0 && (
        <ul className="form-error" role="alert">
          {errors.map((x) => (
            <li key={x}>{x}</li>
          ))}
        </ul>
      )}
    </form>
  );
}
