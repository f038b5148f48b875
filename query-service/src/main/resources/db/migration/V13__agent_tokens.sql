-- Agent tokens managed by administrators (issue 15 item 4, decision 018). Only the SHA-256 of the
-- token is stored; the query-service publishes every change to the compacted Kafka topic
-- sentinel.agent-tokens, which ingest reads (ingest has no database). last_used_at is what ingest
-- reported on sentinel.agent-token-usage (to the minute).
CREATE TABLE agent_tokens (
  id bigserial PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  token_hash bytea NOT NULL UNIQUE,
  -- the first characters of the token, to recognise it in a list
  prefix text NOT NULL,
  tenant_id text NOT NULL REFERENCES tenants (id),
  -- the only monitor the token may write; null: any monitor of its tenant
  monitor text,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by text
);
CREATE INDEX agent_tokens_tenant ON agent_tokens (tenant_id, id);
