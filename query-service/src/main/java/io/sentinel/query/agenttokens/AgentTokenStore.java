package io.sentinel.query.agenttokens;

import io.sentinel.query.security.Secrets;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
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

  private static final String COLUMNS =
      "id, name, prefix, tenant_id, monitor, created_at, created_by, last_used_at, revoked_at,"
          + " revoked_by, token_hash";

  /** {@code tenant_id = ANY($n)} unless every tenant is visible (null). */
  private static String within(String[] tenants, int n) {
    return tenants == null ? "true" : "tenant_id = ANY($" + n + ")";
  }

  private static AgentTokenRow row(Row r) {
    return new AgentTokenRow(
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
        HexFormat.of().formatHex(r.getBuffer("token_hash").getBytes()));
  }

  private static List<AgentTokenRow> rows(RowSet<Row> rows) {
    List<AgentTokenRow> out = new ArrayList<>();
    rows.forEach(r -> out.add(row(r)));
    return out;
  }

  private static AgentTokenRow first(RowSet<Row> rows) {
    return rows.iterator().hasNext() ? row(rows.iterator().next()) : null;
  }

  /** The tokens of these tenants (null: every tenant), oldest first. */
  public Uni<List<AgentTokenRow>> list(String[] tenants) {
    String sql = "SELECT " + COLUMNS + " FROM agent_tokens WHERE " + within(tenants, 1);
    return (tenants == null
            ? pool.query(sql + " ORDER BY id").execute()
            : pool.preparedQuery(sql + " ORDER BY id").execute(Tuple.of(tenants)))
        .map(AgentTokenStore::rows);
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
        .map(AgentTokenStore::first);
  }

  /** Revokes the token (kept for the record); null when no token of these tenants has the id. */
  public Uni<AgentTokenRow> revoke(long id, String by, String[] tenants) {
    return pool.preparedQuery(
            "UPDATE agent_tokens SET revoked_at = coalesce(revoked_at, now()), revoked_by ="
                + " coalesce(revoked_by, $2) WHERE id = $1 AND "
                + within(tenants, 3)
                + " RETURNING "
                + COLUMNS)
        .execute(tenants == null ? Tuple.of(id, by) : Tuple.of(id, by, tenants))
        .map(AgentTokenStore::first);
  }

  /** The token of these tenants with this id, null if none. */
  public Uni<AgentTokenRow> get(long id, String[] tenants) {
    return pool.preparedQuery(
            "SELECT " + COLUMNS + " FROM agent_tokens WHERE id = $1 AND " + within(tenants, 2))
        .execute(tenants == null ? Tuple.of(id) : Tuple.of(id, tenants))
        .map(AgentTokenStore::first);
  }

  /** Binds the (not revoked) token to {@code monitor} (null: unbinds); null if no such token. */
  public Uni<AgentTokenRow> bind(long id, String monitor, String[] tenants) {
    return pool.preparedQuery(
            "UPDATE agent_tokens SET monitor = $2 WHERE id = $1 AND revoked_at IS NULL AND "
                + within(tenants, 3)
                + " RETURNING "
                + COLUMNS)
        .execute(tenants == null ? Tuple.of(id, monitor) : Tuple.of(id, monitor, tenants))
        .map(AgentTokenStore::first);
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
