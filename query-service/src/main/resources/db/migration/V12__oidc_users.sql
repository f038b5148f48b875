-- OpenID Connect sign-in (issue 15, decision 017). A user signed in through a provider is keyed by
-- (issuer, subject), has no password, and a user name qualified with the issuer
-- (preferred_username@issuer-host/path), so it never collides with a local user nor with the same
-- name at another provider; such names are longer than local ones.
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_username_check;
ALTER TABLE users ADD CONSTRAINT users_username_check CHECK (length(username) BETWEEN 1 AND 300);
ALTER TABLE users ADD COLUMN oidc_issuer text;
ALTER TABLE users ADD COLUMN oidc_subject text;
ALTER TABLE users ADD CONSTRAINT users_oidc_identity UNIQUE (oidc_issuer, oidc_subject);
ALTER TABLE users ADD CONSTRAINT users_password_or_oidc
  CHECK (password_hash IS NOT NULL OR (oidc_issuer IS NOT NULL AND oidc_subject IS NOT NULL));

-- A sign-in under way: the browser holds the state in a cookie, the database the nonce and the PKCE
-- verifier that go with it. One use (deleted by the callback), ten minutes at most.
CREATE TABLE oidc_sign_ins (
  state_hash bytea PRIMARY KEY,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX oidc_sign_ins_expiry ON oidc_sign_ins (expires_at);
