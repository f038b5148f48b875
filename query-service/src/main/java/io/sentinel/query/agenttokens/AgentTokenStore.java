package io.sentinel.query.agenttokens;

import io.sentinel.query.security.CredentialTable;
import io.sentinel.query.security.Secrets;
import io.sentinel.query.security.TenantScope;
import io.sentinel.query.sql.Rows;
import io.sentinel.query.sql.Where;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Agent tokens in PostgreSQL (plain SQL over the reactive client); only digests are stored. */
@ApplicationScoped
public class AgentTokenStore {
  private final Pool pool;

  public AgentTokenStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * An agent token as the admin API shows it (never the token).
   *
   * @param hash lowercase hex SHA-256 of the token: its key on the Kafka topic
   */
  public record AgentTokenRow(
      long id,
      String name,
      String prefix,
      String tenant,
      String monitor,
      OffsetDateTime createdAt,
      String createdBy,
      OffsetDateTime lastUsedAt,
      OffsetDateTime revokedAt,
      String revokedBy,
      String hash) {}

  /** Agent tokens, listed and revoked as credentials are. */
  private static final CredentialTable<AgentTokenRow> TOKENS =
      new CredentialTable<>(
          "agent_tokens",
          "id, name, prefix, tenant_id, monitor, created_at, created_by, last_used_at, revoked_at,"
              + " revoked_by, token_hash",
          r ->
              new AgentTokenRow(
                  r.getLong("id"),
                  r.getString("name"),
                  r.getString("prefix"),
                  r.getString("tenant_id"),
                  r.getString("monitor"),
                  r.getOffsetDateTime("created_at"),
                  r.getString("created_by"),
                  r.getOffsetDateTime("last_used_at"),
                  r.getOffsetDateTime("revoked_at"),
                  r.getString("revoked_by"),
                  HexFormat.of().formatHex(r.getBuffer("token_hash").getBytes())));

  private static final String COLUMNS = TOKENS.columns();

  /** The tokens of these tenants (null: every tenant), oldest first. */
  public Uni<List<AgentTokenRow>> list(String[] tenants) {
    return TOKENS.list(pool, tenants);
  }

  /** Creates a token of {@code tenant} (created if new); the token itself is the caller's. */
  public Uni<AgentTokenRow> create(
      String name, String token, String tenant, String monitor, String createdBy) {
    return pool.preparedQuery(
            "WITH t AS (INSERT INTO tenants (id, name) VALUES ($4, $4) ON CONFLICT (id) DO"
                + " NOTHING) INSERT INTO agent_tokens (name, token_hash, prefix, tenant_id,"
                + " monitor, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING "
                + COLUMNS)
        .execute(
            Tuple.from(
                Arrays.asList(
                    name,
                    Buffer.buffer(Secrets.digest(token)),
                    token.substring(0, 12),
                    tenant,
                    monitor,
                    createdBy)))
        .map(rows -> Rows.first(rows, TOKENS.row()));
  }

  /** Revokes the token (kept for the record); null when no token of these tenants has the id. */
  public Uni<AgentTokenRow> revoke(long id, String by, String[] tenants) {
    return TOKENS.revoke(pool, id, by, tenants);
  }

  /** The token of these tenants with this id, null if none. */
  public Uni<AgentTokenRow> get(long id, String[] tenants) {
    Where where = TenantScope.restrict(new Where().and("id = ?", id), "tenant_id", tenants);
    return TOKENS.first(pool, "SELECT " + COLUMNS + " FROM agent_tokens" + where.sql(), where.args);
  }

  /** Binds the (not revoked) token to {@code monitor} (null: unbinds); null if no such token. */
  public Uni<AgentTokenRow> bind(long id, String monitor, String[] tenants) {
    Where where = new Where();
    String set = "UPDATE agent_tokens SET monitor = " + where.arg(monitor);
    where.and("id = ?", id).and("revoked_at IS NULL");
    TenantScope.restrict(where, "tenant_id", tenants);
    return TOKENS.first(pool, set + where.sql() + " RETURNING " + COLUMNS, where.args);
  }

  /** Every token, for publishing them all again. */
  public Uni<List<AgentTokenRow>> all() {
    return list(null);
  }

  /** Records that the token of {@code hash} was used in the minute starting at {@code minute}. */
  public Uni<Integer> used(String hash, long minute) {
    return pool.preparedQuery(
            "UPDATE agent_tokens SET last_used_at = $2 WHERE token_hash = $1 AND (last_used_at IS"
                + " NULL OR last_used_at < $2)")
        .execute(
            Tuple.of(
                Buffer.buffer(HexFormat.of().parseHex(hash)),
                Instant.ofEpochMilli(minute).atOffset(ZoneOffset.UTC)))
        .map(RowSet::rowCount);
  }
}
