package io.sentinel.query.security;

import io.sentinel.query.sql.Rows;
import io.sentinel.query.sql.Where;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** Users, sessions and API keys in PostgreSQL (plain SQL over the reactive client). */
@ApplicationScoped
public class IdentityStore {
  @Inject Pool pool;

  /** A user as the admin API shows it (never its hash). */
  public record UserRow(
      long id,
      String username,
      Role role,
      List<String> tenants,
      boolean mustChangePassword,
      OffsetDateTime createdAt,
      String createdBy,
      OffsetDateTime disabledAt) {}

  /** An API key as the admin API shows it (never the key). */
  public record KeyRow(
      long id,
      String name,
      String prefix,
      Role role,
      String tenant,
      OffsetDateTime createdAt,
      String createdBy,
      OffsetDateTime expiresAt,
      OffsetDateTime lastUsedAt,
      OffsetDateTime revokedAt,
      String revokedBy) {}

  /** A user's password hash and state, for sign-in. */
  public record Credentials(long id, String username, String passwordHash, boolean disabled) {}

  /** The tenants of the user {@code u}, sorted. */
  private static final String TENANTS =
      "ARRAY(SELECT t.tenant_id FROM user_tenants t WHERE t.user_id = u.id ORDER BY t.tenant_id)"
          + " AS tenants";

  private static final String USER_COLUMNS =
      "u.id, u.username, u.role, u.must_change_password, u.created_at, u.created_by,"
          + " u.disabled_at, "
          + TENANTS;

  private static final String CREDENTIALS =
      "SELECT id, username, password_hash, disabled_at IS NOT NULL AS disabled FROM users WHERE ";

  private static UserRow user(Row r) {
    return new UserRow(
        r.getLong("id"),
        r.getString("username"),
        Role.parse(r.getString("role")),
        Arrays.asList(r.getArrayOfStrings("tenants")),
        r.getBoolean("must_change_password"),
        r.getOffsetDateTime("created_at"),
        r.getString("created_by"),
        r.getOffsetDateTime("disabled_at"));
  }

  /** API keys, listed and revoked as credentials are. */
  private static final CredentialTable<KeyRow> KEYS =
      new CredentialTable<>(
          "api_keys",
          "id, name, prefix, role, tenant_id, created_at, created_by, expires_at, last_used_at,"
              + " revoked_at, revoked_by",
          r ->
              new KeyRow(
                  r.getLong("id"),
                  r.getString("name"),
                  r.getString("prefix"),
                  Role.parse(r.getString("role")),
                  r.getString("tenant_id"),
                  r.getOffsetDateTime("created_at"),
                  r.getString("created_by"),
                  r.getOffsetDateTime("expires_at"),
                  r.getOffsetDateTime("last_used_at"),
                  r.getOffsetDateTime("revoked_at"),
                  r.getString("revoked_by")));

  /** What the database keeps of a secret (token, key, state): its digest. */
  private static Buffer digest(String secret) {
    return Buffer.buffer(Secrets.digest(secret));
  }

  // --- authentication

  /** The caller holding this session token, if the session is live; touches it once a minute. */
  public Uni<Caller> bySession(String token) {
    return caller(
        "WITH s AS (SELECT s.token_hash, s.last_seen_at, u.id, u.username, u.role,"
            + " u.must_change_password, "
            + TENANTS
            + " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1"
            + " AND s.expires_at > now() AND u.disabled_at IS NULL), touched AS (UPDATE sessions"
            + " SET last_seen_at = now() FROM s WHERE sessions.token_hash = s.token_hash AND"
            + " s.last_seen_at < now() - interval '60 seconds') SELECT id, username, role,"
            + " must_change_password, tenants FROM s",
        token,
        r ->
            new Caller(
                r.getString("username"),
                Role.parse(r.getString("role")),
                Arrays.asList(r.getArrayOfStrings("tenants")),
                r.getBoolean("must_change_password") ? "session-password-change" : "session",
                r.getLong("id")));
  }

  /** The caller holding this API key, if live; records its use (at most once a minute). */
  public Uni<Caller> byApiKey(String secret) {
    return caller(
        "WITH k AS (SELECT id, name, role, tenant_id, last_used_at FROM api_keys WHERE"
            + " key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at >"
            + " now())), touched AS (UPDATE api_keys SET last_used_at = now() FROM k WHERE"
            + " api_keys.id = k.id AND (k.last_used_at IS NULL OR k.last_used_at < now() -"
            + " interval '60 seconds')) SELECT id, name, role, tenant_id FROM k",
        secret,
        r ->
            new Caller(
                "api-key:" + r.getString("name"),
                Role.parse(r.getString("role")),
                List.of(r.getString("tenant_id")),
                "api-key",
                null));
  }

  /** The caller {@code sql} finds by the digest of {@code secret} ($1), or null. */
  private Uni<Caller> caller(String sql, String secret, Function<Row, Caller> caller) {
    return pool.preparedQuery(sql)
        .execute(Tuple.of(digest(secret)))
        .map(rows -> Rows.first(rows, caller));
  }

  public Uni<Credentials> credentials(String username) {
    return pool.preparedQuery(CREDENTIALS + "username = $1")
        .execute(Tuple.of(username))
        .map(rows -> Rows.first(rows, IdentityStore::credentials));
  }

  public Uni<Credentials> credentials(long userId) {
    return pool.preparedQuery(CREDENTIALS + "id = $1")
        .execute(Tuple.of(userId))
        .map(rows -> Rows.first(rows, IdentityStore::credentials));
  }

  private static Credentials credentials(Row r) {
    return new Credentials(
        r.getLong("id"),
        r.getString("username"),
        r.getString("password_hash"),
        r.getBoolean("disabled"));
  }

  /** Opens a session for the user; answers its token (the database keeps only its digest). */
  public Uni<String> openSession(long userId, Duration maxAge) {
    String token = Secrets.token("ses_");
    return pool.preparedQuery(
            "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() +"
                + " make_interval(secs => $3))")
        .execute(Tuple.of(digest(token), userId, (double) maxAge.toSeconds()))
        .map(x -> token);
  }

  public Uni<Void> closeSession(String token) {
    return pool.preparedQuery("DELETE FROM sessions WHERE token_hash = $1")
        .execute(Tuple.of(digest(token)))
        .replaceWithVoid();
  }

  /** Sets a new password chosen by the user; ends the user's other sessions. */
  public Uni<Void> changePassword(long userId, String hash, String keepSessionToken) {
    return pool.withTransaction(
        c ->
            c.preparedQuery(
                    "UPDATE users SET password_hash = $2, must_change_password = false WHERE id ="
                        + " $1")
                .execute(Tuple.of(userId, hash))
                .chain(
                    () ->
                        c.preparedQuery(
                                "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
                            .execute(
                                Tuple.of(
                                    userId,
                                    digest(keepSessionToken == null ? "" : keepSessionToken))))
                .replaceWithVoid());
  }

  /** Deletes sessions past their expiry; answers how many. */
  public Uni<Integer> purgeExpiredSessions() {
    return pool.query(
            "WITH sign_ins AS (DELETE FROM oidc_sign_ins WHERE expires_at <= now()) DELETE FROM"
                + " sessions WHERE expires_at <= now()")
        .execute()
        .map(RowSet::rowCount);
  }

  // --- OpenID Connect (decision 017)

  /** A sign-in under way at a provider: what the callback checks the answer against. */
  public record OidcSignIn(String nonce, String codeVerifier) {}

  /** Keeps the nonce and PKCE verifier of a sign-in that starts, under the digest of its state. */
  public Uni<Void> startOidcSignIn(String state, String nonce, String verifier, Duration maxAge) {
    return pool.preparedQuery(
            "INSERT INTO oidc_sign_ins (state_hash, nonce, code_verifier, expires_at) VALUES ($1,"
                + " $2, $3, now() + make_interval(secs => $4))")
        .execute(Tuple.of(digest(state), nonce, verifier, (double) maxAge.toSeconds()))
        .replaceWithVoid();
  }

  /** Takes (deletes) the sign-in of this state; null if unknown, used or expired. */
  public Uni<OidcSignIn> takeOidcSignIn(String state) {
    return pool.preparedQuery(
            "DELETE FROM oidc_sign_ins WHERE state_hash = $1 RETURNING nonce, code_verifier,"
                + " expires_at > now() AS live")
        .execute(Tuple.of(digest(state)))
        .map(
            rows ->
                Rows.first(
                    rows,
                    r ->
                        r.getBoolean("live")
                            ? new OidcSignIn(r.getString("nonce"), r.getString("code_verifier"))
                            : null));
  }

  /** A user signed in through a provider: its id, and whether an admin disabled it. */
  public record OidcUser(long id, boolean disabled) {}

  /**
   * Creates or updates the user of (issuer, subject): name, role and tenants as the provider's
   * token says now (tenants it names that do not exist yet are created). Null when the name is
   * taken by another user.
   */
  public Uni<OidcUser> upsertOidcUser(
      String issuer, String subject, String username, Role role, List<String> tenants) {
    String[] ids = tenants.toArray(String[]::new);
    return pool.withTransaction(
        c ->
            c.preparedQuery(
                    "INSERT INTO users (username, password_hash, role, must_change_password,"
                        + " created_by, oidc_issuer, oidc_subject) SELECT $1, NULL, $2, false,"
                        + " 'oidc', $3, $4 WHERE NOT EXISTS (SELECT 1 FROM users WHERE username ="
                        + " $1 AND (oidc_issuer IS DISTINCT FROM $3 OR oidc_subject IS DISTINCT"
                        + " FROM $4)) ON CONFLICT (oidc_issuer, oidc_subject) DO UPDATE SET"
                        + " username = EXCLUDED.username, role = EXCLUDED.role RETURNING id,"
                        + " disabled_at IS NOT NULL AS disabled")
                .execute(Tuple.of(username, role.wire(), issuer, subject))
                .chain(
                    rows -> {
                      if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().nullItem();
                      }
                      Row r = rows.iterator().next();
                      OidcUser user = new OidcUser(r.getLong("id"), r.getBoolean("disabled"));
                      return setTenants(c, user.id(), ids).replaceWith(user);
                    }));
  }

  // --- users

  public Uni<Long> userCount() {
    return pool.query("SELECT count(*) FROM users")
        .execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * Adds to {@code where}: {@code u} (a user) has at least one tenant and each is in {@code
   * tenants}, the users an admin of these tenants manages (decision 025); nothing for null (every
   * tenant).
   */
  private static Where managedBy(Where where, String[] tenants) {
    return tenants == null
        ? where
        : where.and(
            "EXISTS (SELECT 1 FROM user_tenants ut WHERE ut.user_id = u.id) AND NOT EXISTS (SELECT"
                + " 1 FROM user_tenants ut WHERE ut.user_id = u.id AND NOT (ut.tenant_id ="
                + " ANY(?)))",
            tenants);
  }

  /** The user of this id among those whose tenants are all in {@code tenants} (null: any). */
  private static Where managedUser(long id, String[] tenants) {
    return managedBy(new Where().and("u.id = ?", id), tenants);
  }

  /** The users whose tenants are all in {@code tenants} (null: every user), by name. */
  public Uni<List<UserRow>> users(String[] tenants) {
    Where where = managedBy(new Where(), tenants);
    return pool.preparedQuery(
            "SELECT " + USER_COLUMNS + " FROM users u" + where.sql() + " ORDER BY u.username")
        .execute(where.args)
        .map(rows -> Rows.all(rows, IdentityStore::user));
  }

  /** The user with this id whose tenants are all in {@code tenants} (null: any), else null. */
  public Uni<UserRow> user(long id, String[] tenants) {
    Where where = managedUser(id, tenants);
    return pool.preparedQuery("SELECT " + USER_COLUMNS + " FROM users u" + where.sql())
        .execute(where.args)
        .map(rows -> Rows.first(rows, IdentityStore::user));
  }

  private static Uni<UserRow> user(SqlClient c, long id) {
    return c.preparedQuery("SELECT " + USER_COLUMNS + " FROM users u WHERE u.id = $1")
        .execute(Tuple.of(id))
        .map(rows -> Rows.first(rows, IdentityStore::user));
  }

  /**
   * Creates a user in these tenants (created if new); null if the name is taken. {@code ifNoUser}:
   * only if no user exists at all (the first administrator, safe with several replicas).
   */
  public Uni<UserRow> createUser(
      String username,
      String hash,
      Role role,
      boolean mustChange,
      String createdBy,
      boolean ifNoUser,
      List<String> tenants) {
    String[] ids = tenants.toArray(String[]::new);
    return pool.withTransaction(
        c ->
            lockUsers(c, ifNoUser)
                .chain(
                    () ->
                        c.preparedQuery(
                                "INSERT INTO users (username, password_hash, role,"
                                    + " must_change_password, created_by) SELECT $1, $2, $3, $4, $5"
                                    + (ifNoUser
                                        ? " WHERE NOT EXISTS (SELECT 1 FROM users)"
                                        : " WHERE NOT EXISTS (SELECT 1 FROM users WHERE"
                                            + " username = $1)")
                                    + " RETURNING id")
                            .execute(Tuple.of(username, hash, role.wire(), mustChange, createdBy)))
                .chain(
                    rows -> {
                      if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().nullItem();
                      }
                      long id = rows.iterator().next().getLong(0);
                      return setTenants(c, id, ids).chain(() -> user(c, id));
                    }));
  }

  /** Creates the tenants that do not exist yet and makes them the user's only tenants. */
  private static Uni<Void> setTenants(SqlClient c, long userId, String[] ids) {
    return c.preparedQuery(
            "INSERT INTO tenants (id, name) SELECT t, t FROM unnest($1::text[]) t ON CONFLICT (id)"
                + " DO NOTHING")
        .execute(Tuple.of(ids))
        .chain(
            () ->
                c.preparedQuery(
                        "DELETE FROM user_tenants WHERE user_id = $1 AND NOT (tenant_id = ANY"
                            + " ($2::text[]))")
                    .execute(Tuple.of(userId, ids)))
        .chain(
            () ->
                c.preparedQuery(
                        "INSERT INTO user_tenants (user_id, tenant_id) SELECT $1, t FROM"
                            + " unnest($2::text[]) t ON CONFLICT DO NOTHING")
                    .execute(Tuple.of(userId, ids)))
        .replaceWithVoid();
  }

  /**
   * Replaces the user's tenants (tenants new to the installation are created); the user's sessions
   * see them at their next request. Null if no such user among those whose tenants are all in
   * {@code scope} (null: any user).
   */
  public Uni<UserRow> replaceTenants(long userId, List<String> tenants, String[] scope) {
    String[] ids = tenants.toArray(String[]::new);
    Where where = managedUser(userId, scope);
    return pool.withTransaction(
            c ->
                c.preparedQuery("SELECT u.id FROM users u" + where.sql() + " FOR UPDATE")
                    .execute(where.args)
                    .chain(
                        rows ->
                            rows.iterator().hasNext()
                                ? setTenants(c, userId, ids).replaceWith(true)
                                : Uni.createFrom().item(false)))
        .chain(found -> found ? user(pool, userId) : Uni.createFrom().nullItem());
  }

  private static Uni<Void> lockUsers(SqlClient c, boolean lock) {
    return lock
        ? c.query("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE").execute().replaceWithVoid()
        : Uni.createFrom().voidItem();
  }

  /**
   * Disables the user and ends its sessions; null if no such user among those whose tenants are all
   * in {@code scope} (null: any user).
   */
  public Uni<UserRow> disableUser(long id, String[] scope) {
    Where where = managedUser(id, scope);
    return pool.withTransaction(
            c ->
                c.preparedQuery(
                        "UPDATE users u SET disabled_at = coalesce(disabled_at, now())"
                            + where.sql()
                            + " RETURNING u.id")
                    .execute(where.args)
                    .call(
                        () ->
                            c.preparedQuery("DELETE FROM sessions WHERE user_id = $1")
                                .execute(Tuple.of(id))))
        .chain(rows -> rows.iterator().hasNext() ? user(pool, id) : Uni.createFrom().nullItem());
  }

  /** How many enabled administrators there are besides this user. */
  public Uni<Long> otherAdmins(long id) {
    return pool.preparedQuery(
            "SELECT count(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id <> $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  // --- API keys

  /** The keys of these tenants (null: every key), oldest first. */
  public Uni<List<KeyRow>> keys(String[] tenants) {
    return KEYS.list(pool, tenants);
  }

  /** Creates a key; answers its row (the key itself is the caller's to show once). */
  public Uni<KeyRow> createKey(
      String name,
      String secret,
      Role role,
      String tenant,
      OffsetDateTime expiresAt,
      String createdBy) {
    return pool.preparedQuery(
            "WITH t AS (INSERT INTO tenants (id, name) VALUES ($7, $7) ON CONFLICT (id) DO"
                + " NOTHING) INSERT INTO api_keys (name, key_hash, prefix, role, expires_at,"
                + " created_by, tenant_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING "
                + KEYS.columns())
        .execute(
            Tuple.from(
                Arrays.asList(
                    name,
                    digest(secret),
                    secret.substring(0, 12),
                    role.wire(),
                    expiresAt,
                    createdBy,
                    tenant)))
        .map(rows -> KEYS.row().apply(rows.iterator().next()));
  }

  /** Revokes the key (kept for the record); null if no key of these tenants (null: any). */
  public Uni<KeyRow> revokeKey(long id, String by, String[] tenants) {
    return KEYS.revoke(pool, id, by, tenants);
  }
}
