package io.sentinel.query.security;

import io.sentinel.query.sql.Rows;
import io.sentinel.query.sql.Where;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;
import java.util.function.Function;

/**
 * A table of credentials (API keys, agent tokens): each row of one tenant ({@code tenant_id}) and
 * revoked, not deleted, so that it stays for the record with when and by whom ({@code revoked_at},
 * {@code revoked_by}); listed and revoked the same way for both.
 *
 * @param table the table
 * @param columns the columns {@code row} reads
 * @param row a row as the admin API shows it
 * @param <T> what a row is shown as
 */
public record CredentialTable<T>(String table, String columns, Function<Row, T> row) {

  /** The rows of these tenants (null: every tenant), oldest first. */
  public Uni<List<T>> list(SqlClient client, String[] tenants) {
    Where where = TenantScope.restrict(new Where(), "tenant_id", tenants);
    return client
        .preparedQuery("SELECT " + columns + " FROM " + table + where.sql() + " ORDER BY id")
        .execute(where.args)
        .map(rows -> Rows.all(rows, row));
  }

  /**
   * Revokes the row {@code id} if it is of one of {@code tenants} (null: any); revoking again
   * changes nothing. Null when no such row.
   */
  public Uni<T> revoke(SqlClient client, long id, String by, String[] tenants) {
    Where where = new Where();
    String revokedBy = where.arg(by);
    TenantScope.restrict(where.and("id = ?", id), "tenant_id", tenants);
    return first(
        client,
        "UPDATE "
            + table
            + " SET revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, "
            + revokedBy
            + ")"
            + where.sql()
            + " RETURNING "
            + columns,
        where.args);
  }

  /** The first row {@code sql} (returning {@link #columns}) answers, or null. */
  public Uni<T> first(SqlClient client, String sql, Tuple args) {
    return client.preparedQuery(sql).execute(args).map(rows -> Rows.first(rows, row));
  }
}
