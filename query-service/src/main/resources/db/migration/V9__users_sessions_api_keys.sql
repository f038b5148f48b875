-- Identity (issue 15, decision 013): tenants, users with bcrypt password hashes and their tenant
-- memberships, browser sessions and API keys. Secrets (session tokens, API keys) are stored only as
-- SHA-256 digests: they are long random values, so a fast digest is enough and a leaked table does
-- not yield a usable credential. Every existing user and key belongs to the tenant `default`;
-- monitor data is not split by tenant yet (see decision 013).
CREATE TABLE tenants (
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO tenants (id, name) VALUES ('default', 'Default');

CREATE TABLE users (
  id bigserial PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 100),
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  -- a password an admin (or the first start) set: the user must choose a new one
  must_change_password boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text,
  disabled_at timestamptz
);

CREATE TABLE user_tenants (
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  tenant_id text NOT NULL REFERENCES tenants (id),
  PRIMARY KEY (user_id, tenant_id)
);

CREATE TABLE sessions (
  token_hash bytea PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE api_keys (
  id bigserial PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  key_hash bytea NOT NULL UNIQUE,
  -- the first characters of the key, to recognise it in a list
  prefix text NOT NULL,
  role text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  tenant_id text NOT NULL REFERENCES tenants (id) DEFAULT 'default',
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by text
);
