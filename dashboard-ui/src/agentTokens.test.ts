import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AgentToken } from './api';
import { AgentTokenTable, lastUse, tokenScope, usageHints } from './pages/AgentTokens';

const NOW = Date.parse('2026-03-01T12:00:00Z');

const token = (over: Partial<AgentToken> = {}): AgentToken => ({
  id: 1,
  name: 'web servers',
  prefix: 'sat_AbCdEfGh',
  tenant: 'acme',
  monitor: null,
  created_at: '2026-03-01T10:00:00Z',
  created_by: 'admin',
  last_used_at: null,
  revoked_at: null,
  revoked_by: null,
  hash: 'ab'.repeat(32),
  ...over,
});

describe('agent tokens page', () => {
  it('says what a token may write', () => {
    expect(tokenScope(token())).toBe('any monitor of acme');
    expect(tokenScope(token({ monitor: 'web-1' }))).toBe('monitor web-1');
    expect(tokenScope(token({ revoked_at: '2026-03-01T11:00:00Z', revoked_by: 'admin' }))).toMatch(/^revoked .* by admin$/);
  });

  it('shows the last use as ingest reported it, never for an unused token', () => {
    expect(lastUse(token(), NOW)).toBe('never');
    expect(lastUse(token({ last_used_at: '2026-03-01T11:55:00Z' }), NOW)).toBe('5 min ago');
  });

  it('tells how to send a token just created, with the push URL when bound', () => {
    const created = { token: 'sat_secret', agent_token: token({ monitor: 'web-1' }) };
    expect(usageHints(created)).toEqual(['Authorization: Bearer sat_secret', 'Heartbeat push URL: /api/push/sat_secret']);
    expect(usageHints({ ...created, agent_token: token() })).toEqual(['Authorization: Bearer sat_secret']);
  });

  it('lists tokens by prefix only, with actions only for those not revoked', () => {
    const html = renderToStaticMarkup(
      createElement(AgentTokenTable, {
        tokens: [token(), token({ id: 2, name: 'old', revoked_at: '2026-03-01T11:00:00Z' })],
        now: NOW,
        onRevoke: () => {},
        onBind: () => {},
      }),
    );
    expect(html).toContain('sat_AbCdEfGh…');
    expect(html).not.toContain('ab'.repeat(32));
    expect(html.match(/data-state="active"/g)).toHaveLength(1);
    expect(html.match(/data-state="revoked"/g)).toHaveLength(1);
    expect(html.match(/>Revoke</g)).toHaveLength(1);
  });
});
