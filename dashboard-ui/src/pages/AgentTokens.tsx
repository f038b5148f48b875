import { useState, type FormEvent } from 'react';
import { api, type AgentToken, type CreatedAgentToken } from '../api';
import { ago, stamp } from '../format';
import { useAction } from './useAction';
import { useData } from './useData';

/** What a token's row says about it: revoked, bound to a monitor, or any monitor of its tenant. */
export function tokenScope(t: AgentToken): string {
  if (t.revoked_at) return `revoked ${stamp(t.revoked_at)}${t.revoked_by ? ` by ${t.revoked_by}` : ''}`;
  return t.monitor ? `monitor ${t.monitor}` : `any monitor of ${t.tenant}`;
}

/** "never" for a token no agent used yet, else how long ago (ingest reports it to the minute). */
export function lastUse(t: AgentToken, now: number): string {
  return t.last_used_at ? ago(t.last_used_at, now) : 'never';
}

/** How an agent sends a token just created, for the one time it is shown. */
export function usageHints(created: CreatedAgentToken): string[] {
  const hints = [`Authorization: Bearer ${created.token}`];
  if (created.agent_token.monitor) hints.push(`Heartbeat push URL: /api/push/${created.token}`);
  return hints;
}

/** The tokens, with revoke and bind for those not revoked. */
export function AgentTokenTable({
  tokens,
  now,
  onRevoke,
  onBind,
}: {
  tokens: AgentToken[];
  now: number;
  onRevoke: (t: AgentToken) => void;
  onBind: (t: AgentToken, monitor: string | null) => void;
}) {
  return (
    <table data-testid="agent-tokens">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Token</th>
          <th scope="col">Tenant</th>
          <th scope="col">Writes</th>
          <th scope="col">Last use</th>
          <th scope="col">Created</th>
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {tokens.map((t) => (
          <tr key={t.id} data-state={t.revoked_at ? 'revoked' : 'active'}>
            <td>{t.name}</td>
            <td>
              <code>{t.prefix}…</code>
            </td>
            <td>{t.tenant}</td>
            <td>{tokenScope(t)}</td>
            <td title={stamp(t.last_used_at)}>{lastUse(t, now)}</td>
            <td>
              {stamp(t.created_at)} <span className="muted">by {t.created_by}</span>
            </td>
            <td>
              {!t.revoked_at && (
                <>
                  <button
                    type="button"
                    className="small secondary"
                    onClick={() => {
                      const monitor = window.prompt(`Bind "${t.name}" to monitor (empty: any monitor)`, t.monitor ?? '');
                      if (monitor !== null) onBind(t, monitor.trim() || null);
                    }}
                  >
                    Bind
                  </button>{' '}
                  <button type="button" className="small" onClick={() => onRevoke(t)}>
                    Revoke
                  </button>
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Agent tokens of the admin's tenants: create (shown once), list with last use, bind, revoke. */
export function AgentTokens({ tick }: { tick: number }) {
  const { changed, error, info, run } = useAction();
  const [created, setCreated] = useState<CreatedAgentToken | null>(null);
  const tokens = useData((s) => api.agentTokens(s), [tick, changed]);
  const [name, setName] = useState('');
  const [tenant, setTenant] = useState('');
  const [monitor, setMonitor] = useState('');

  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const c = await api.createAgentToken({ name, tenant: tenant.trim() || undefined, monitor: monitor.trim() || undefined });
      setCreated(c);
      setName('');
      setMonitor('');
    }, `Agent token "${name}" created.`);
  };

  return (
    <section>
      <h1>Agent tokens</h1>
      <p className="muted">
        Agents send a token with every sample; its tenant is the tenant of their data. Ingest accepts a new token and refuses a
        revoked one within seconds. A token bound to a monitor writes that monitor only. The tokens file of ingest keeps working
        beside these.
      </p>
      {error && (
        <div className="notice error" role="alert">
          {error}
        </div>
      )}
      {info && <div className="notice">{info}</div>}
      {created && (
        <div className="notice" role="status" data-testid="created-agent-token">
          <strong>Copy this token now: it is not shown again.</strong>
          {usageHints(created).map((h) => (
            <div key={h}>
              <code>{h}</code>
            </div>
          ))}
          <button type="button" className="small secondary" onClick={() => setCreated(null)}>
            Done
          </button>
        </div>
      )}
      {tokens.error && !tokens.data && <div className="notice error">Cannot load agent tokens: {tokens.error}</div>}
      {tokens.data && tokens.data.length === 0 && <div className="notice">No agent token yet. Create one below.</div>}
      {tokens.data && tokens.data.length > 0 && (
        <AgentTokenTable
          tokens={tokens.data}
          now={Date.now()}
          onRevoke={(t) => void run(() => api.revokeAgentToken(t.id), `Agent token "${t.name}" revoked.`)}
          onBind={(t, m) =>
            void run(
              () => api.bindAgentToken(t.id, m),
              m ? `Agent token "${t.name}" bound to ${m}.` : `Agent token "${t.name}" unbound.`,
            )
          }
        />
      )}
      <h2>New token</h2>
      <form onSubmit={create} data-testid="new-agent-token">
        <label>
          Name <input value={name} onChange={(e) => setName(e.target.value)} placeholder="web servers" required maxLength={200} />
        </label>
        <label>
          Tenant <input value={tenant} onChange={(e) => setTenant(e.target.value)} placeholder="yours when you have one" />
        </label>
        <label>
          Monitor <input value={monitor} onChange={(e) => setMonitor(e.target.value)} placeholder="any" maxLength={256} />
        </label>
        <button type="submit">Create token</button>
      </form>
    </section>
  );
}
