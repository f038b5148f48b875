import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { stamp } from '../format';
import { useAction } from './useAction';
import { useData } from './useData';

/** The secret fields each channel type asks for (write-only: the API never returns them). */
const SECRET_FIELDS: Record<string, string[]> = {
  webhook: ['url', 'signing_key'],
  slack: ['url'],
  teams: ['url'],
  pagerduty: ['routing_key'],
  opsgenie: ['api_key'],
  alertmanager: [],
  email: ['password'],
  log: [],
};

const STATUSES = ['down', 'errors', 'critical', 'trouble'];

/** An email channel's SMTP settings as the form holds them. */
interface EmailForm {
  host: string;
  port: string;
  tls: string;
  username: string;
  from: string;
  to: string;
}

const NO_EMAIL: EmailForm = { host: '', port: '587', tls: 'starttls', username: '', from: '', to: '' };

/** The settings the API expects for an email channel: `to` a list, port a number. */
export function emailSettings(f: EmailForm): Record<string, unknown> {
  const settings: Record<string, unknown> = {
    host: f.host.trim(),
    port: Number(f.port),
    tls: f.tls,
    from: f.from.trim(),
    to: f.to
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x.length > 0),
  };
  if (f.username.trim()) settings.username = f.username.trim();
  return settings;
}

export function Notifications({ tick }: { tick: number }) {
  const { changed, error, info, run } = useAction();
  const channels = useData((s) => api.channels(s), [tick, changed]);
  const policies = useData((s) => api.policies(s), [tick, changed]);
  const log = useData((s) => api.notificationLog({ limit: 100 }, s), [tick, changed]);

  const [name, setName] = useState('');
  const [type, setType] = useState('webhook');
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [amUrl, setAmUrl] = useState('');
  const [email, setEmail] = useState<EmailForm>(NO_EMAIL);

  const [policyName, setPolicyName] = useState('');
  const [policyChannel, setPolicyChannel] = useState('');
  const [statuses, setStatuses] = useState<string[]>([]);
  const [pattern, setPattern] = useState('');

  const createChannel = (e: FormEvent) => {
    e.preventDefault();
    const given = Object.fromEntries(Object.entries(secrets).filter(([k, v]) => v && SECRET_FIELDS[type].includes(k)));
    void run(
      () =>
        api.createChannel({
          name,
          type,
          secrets: given,
          settings: type === 'alertmanager' ? { url: amUrl } : type === 'email' ? emailSettings(email) : {},
        }),
      `Channel "${name}" created.`,
    ).then(() => setSecrets({}));
  };

  const createPolicy = (e: FormEvent) => {
    e.preventDefault();
    void run(
      () =>
        api.createPolicy({
          name: policyName,
          channel_ids: policyChannel ? [Number(policyChannel)] : [],
          statuses: statuses.length > 0 ? statuses : undefined,
          monitor_pattern: pattern || undefined,
        }),
      `Policy "${policyName}" created.`,
    );
  };

  return (
    <section>
      <h1>Notifications</h1>
      <p className="muted">
        Channels are where notifications go; policies choose which status changes go to which channels. Secrets are write-only.
      </p>
      {error && (
        <div className="notice error" role="alert">
          {error}
        </div>
      )}
      {info && <div className="notice">{info}</div>}

      <h2>Channels</h2>
      {channels.error && !channels.data && <div className="notice error">Cannot load channels: {channels.error}</div>}
      {channels.data && channels.data.length === 0 && <div className="notice">No channel yet. Create one below.</div>}
      {channels.data && channels.data.length > 0 && (
        <table data-testid="notification-channels">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Secrets set</th>
              <th scope="col">Rate/min</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {channels.data.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>{c.type}</td>
                <td>{c.secrets_set.join(', ') || '—'}</td>
                <td>{c.rate_per_minute}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => void run(() => api.testChannel(c.id), `Test notification queued to "${c.name}".`)}
                  >
                    Send test
                  </button>{' '}
                  <button type="button" onClick={() => void run(() => api.deleteChannel(c.id), `Channel "${c.name}" deleted.`)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={createChannel} className="form">
        <label>
          Name <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Type{' '}
          <select value={type} onChange={(e) => setType(e.target.value)}>
            {Object.keys(SECRET_FIELDS).map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        {SECRET_FIELDS[type].map((f) => (
          <label key={f}>
            {f}{' '}
            <input
              type="password"
              autoComplete="off"
              value={secrets[f] ?? ''}
              onChange={(e) => setSecrets((s) => ({ ...s, [f]: e.target.value }))}
            />
          </label>
        ))}
        {type === 'alertmanager' && (
          <label>
            Alertmanager URL{' '}
            <input value={amUrl} onChange={(e) => setAmUrl(e.target.value)} placeholder="http://alertmanager:9093" />
          </label>
        )}
        {type === 'email' && (
          <>
            <label>
              SMTP host{' '}
              <input
                value={email.host}
                onChange={(e) => setEmail((f) => ({ ...f, host: e.target.value }))}
                placeholder="smtp.example.com"
                required
              />
            </label>
            <label>
              Port{' '}
              <input
                type="number"
                min={1}
                max={65535}
                value={email.port}
                onChange={(e) => setEmail((f) => ({ ...f, port: e.target.value }))}
              />
            </label>
            <label>
              TLS{' '}
              <select value={email.tls} onChange={(e) => setEmail((f) => ({ ...f, tls: e.target.value }))}>
                <option value="starttls">STARTTLS</option>
                <option value="tls">TLS (implicit)</option>
                <option value="none">none</option>
              </select>
            </label>
            <label>
              Username{' '}
              <input
                value={email.username}
                autoComplete="off"
                onChange={(e) => setEmail((f) => ({ ...f, username: e.target.value }))}
              />
            </label>
            <label>
              From{' '}
              <input
                type="email"
                value={email.from}
                onChange={(e) => setEmail((f) => ({ ...f, from: e.target.value }))}
                placeholder="sentinel@example.com"
                required
              />
            </label>
            <label>
              To{' '}
              <input
                value={email.to}
                onChange={(e) => setEmail((f) => ({ ...f, to: e.target.value }))}
                placeholder="oncall@example.com, sre@example.com"
                required
              />
            </label>
          </>
        )}
        <button type="submit">Create channel</button>
      </form>

      <h2>Policies</h2>
      {policies.data && policies.data.length === 0 && <div className="notice">No policy: nothing is sent.</div>}
      {policies.data && policies.data.length > 0 && (
        <table data-testid="notification-policies">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Channels</th>
              <th scope="col">Statuses</th>
              <th scope="col">Monitors</th>
              <th scope="col">Group by</th>
              <th scope="col">Wait / interval / repeat / resolve hold</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {policies.data.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{p.channel_ids.map((id) => channels.data?.find((c) => c.id === id)?.name ?? `#${id}`).join(', ')}</td>
                <td>{p.statuses?.join(', ') || 'any'}</td>
                <td>{p.monitor_pattern || 'any'}</td>
                <td>{p.group_by}</td>
                <td>
                  {p.group_wait_seconds}s / {p.group_interval_seconds}s / {p.repeat_interval_seconds}s / {p.resolve_hold_seconds}s
                </td>
                <td>
                  <button type="button" onClick={() => void run(() => api.deletePolicy(p.id), `Policy "${p.name}" deleted.`)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={createPolicy} className="form">
        <label>
          Name <input value={policyName} onChange={(e) => setPolicyName(e.target.value)} required />
        </label>
        <label>
          Channel{' '}
          <select value={policyChannel} onChange={(e) => setPolicyChannel(e.target.value)} required>
            <option value="">choose…</option>
            {(channels.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        {STATUSES.map((s) => (
          <label key={s} className="check">
            <input
              type="checkbox"
              checked={statuses.includes(s)}
              onChange={(e) => setStatuses((all) => (e.target.checked ? [...all, s] : all.filter((x) => x !== s)))}
            />{' '}
            {s}
          </label>
        ))}
        <label>
          Monitors <input value={pattern} onChange={(e) => setPattern(e.target.value)} placeholder="web-* (all when empty)" />
        </label>
        <button type="submit">Create policy</button>
      </form>

      <h2>Delivery log</h2>
      {log.data && log.data.length === 0 && <div className="notice">Nothing sent yet.</div>}
      {log.data && log.data.length > 0 && (
        <table data-testid="notification-log">
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Channel</th>
              <th scope="col">Notification</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last answer</th>
            </tr>
          </thead>
          <tbody>
            {log.data.map((n) => (
              <tr key={n.id}>
                <td>{stamp(n.created_at)}</td>
                <td>{n.channel}</td>
                <td>{n.title}</td>
                <td>{n.status}</td>
                <td title={n.attempt_log.map((a) => `#${a.attempt} ${a.status_code ?? '-'} ${a.error ?? ''}`).join('\n')}>
                  {n.attempts}
                </td>
                <td>{n.last_error ?? (n.last_status_code ? `HTTP ${n.last_status_code}` : '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
