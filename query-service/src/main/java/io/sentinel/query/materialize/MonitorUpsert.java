package io.sentinel.query.materialize;

/**
 * The SQL both consumers keep monitors current with, as parts of a statement whose CTE {@code n}
 * holds one row per monitor of the batch ({@code tenant, name, first_seen, last_updated}). The
 * known monitors are row-locked in (tenant, name) order, the same order in every transaction, so
 * the two consumers and several replicas cannot deadlock; only the monitors not there yet are
 * inserted, so only they take an id from the sequence and ids stay dense.
 */
final class MonitorUpsert {
  private MonitorUpsert() {}

  /** CTE {@code l}: the known monitors of {@code n}, row-locked in (tenant, name) order. */
  static final String LOCK_KNOWN =
      """
      l AS MATERIALIZED (
        SELECT id FROM monitors WHERE (tenant, name) IN (SELECT tenant, name FROM n)
         ORDER BY tenant, name FOR UPDATE
      )
      """;

  /** The SET of a known monitor {@code mo} locked in {@code l}: seen from, seen until. */
  static final String SET_SEEN =
      """
         SET last_updated = GREATEST(mo.last_updated, n.last_updated),
             first_seen = LEAST(mo.first_seen, n.first_seen)
      """;

  /**
   * The end of {@code INSERT INTO monitors ... SELECT ... FROM n}: only the monitors not there yet;
   * a conflict is left to a monitor another transaction created meanwhile, which is then updated as
   * a known one would be.
   */
  static final String INSERT_NEW_ONLY =
      """
         WHERE NOT EXISTS (SELECT 1 FROM monitors mo WHERE mo.tenant = n.tenant AND mo.name = n.name)
         ORDER BY tenant, name
        ON CONFLICT (tenant, name) DO UPDATE
           SET last_updated = GREATEST(monitors.last_updated, EXCLUDED.last_updated),
               first_seen = LEAST(monitors.first_seen, EXCLUDED.first_seen)
      """;

  /**
   * Closes rows of {@code table} (anomalies or outages) by id, {@code $1} the ids and {@code $2}
   * their ends; an end before the start is taken as the start, and a closed row stays as it is.
   */
  static String close(String table) {
    return """
        UPDATE %s t SET ended_at = GREATEST(t.started_at, u.ended_at)
          FROM unnest($1::text[], $2::timestamptz[]) AS u(id, ended_at)
         WHERE t.id = u.id AND t.ended_at IS NULL
        """
        .formatted(table);
  }
}
