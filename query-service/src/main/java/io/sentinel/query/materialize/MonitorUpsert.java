package io.sentinel.query.materialize;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The SQL both consumers keep monitors current with. The known monitors are row-locked in (tenant,
 * name) order, the same order in every transaction, so the two consumers and several replicas
 * cannot deadlock; only the monitors not there yet are inserted, so only they take an id from the
 * sequence and ids stay dense.
 */
final class MonitorUpsert {
  private MonitorUpsert() {}

  /**
   * The CTEs {@code l} (the known monitors, locked), {@code u} (them updated) and {@code i} (the
   * new ones inserted, a conflict left to a monitor another transaction created meanwhile, then
   * updated as a known one), over a CTE {@code n} holding one row per monitor of the batch: {@code
   * tenant, name, first_seen, last_updated} and, with {@code tagLabels}, {@code tags}.
   *
   * @param returning the columns {@code u} and {@code i} return, unqualified
   * @param tagLabels the placeholder of the labels that are monitor tags (the tags of the batch are
   *     merged into the monitor's, keeping those labels only), or null to leave tags alone
   */
  static String ctes(String returning, String tagLabels) {
    boolean tags = tagLabels != null;
    String returningMo =
        Arrays.stream(returning.split(",\\s*"))
            .map(c -> "mo." + c)
            .collect(Collectors.joining(", "));
    return """
        l AS MATERIALIZED (
          SELECT id FROM monitors WHERE (tenant, name) IN (SELECT tenant, name FROM n)
           ORDER BY tenant, name FOR UPDATE
        ), u AS (
          UPDATE monitors mo
             SET last_updated = GREATEST(mo.last_updated, n.last_updated),
                 first_seen = LEAST(mo.first_seen, n.first_seen)%s
            FROM l, n
           WHERE mo.id = l.id AND mo.tenant = n.tenant AND mo.name = n.name
          RETURNING %s
        ), i AS (
          INSERT INTO monitors (tenant, name, status, first_seen, last_updated, status_since%s)
          SELECT tenant, name, 'up', first_seen, last_updated, first_seen%s FROM n
           WHERE NOT EXISTS (SELECT 1 FROM monitors mo WHERE mo.tenant = n.tenant AND mo.name = n.name)
           ORDER BY tenant, name
          ON CONFLICT (tenant, name) DO UPDATE
             SET last_updated = GREATEST(monitors.last_updated, EXCLUDED.last_updated),
                 first_seen = LEAST(monitors.first_seen, EXCLUDED.first_seen)%s
          RETURNING %s
        )"""
        .formatted(
            tags ? ",\n       tags = " + mergedTags("mo.tags", "n.tags", tagLabels) : "",
            returningMo,
            tags ? ", tags" : "",
            tags ? ", tags" : "",
            tags
                ? ",\n       tags = " + mergedTags("monitors.tags", "EXCLUDED.tags", tagLabels)
                : "",
            returning);
  }

  /** The union of two tag arrays, sorted, without the tags whose label is not a tag label. */
  private static String mergedTags(String old, String added, String tagLabels) {
    return "ARRAY(SELECT DISTINCT t FROM unnest(%s || %s) AS t".formatted(old, added)
        + " WHERE split_part(t, '=', 1) = ANY(%s) ORDER BY t)".formatted(tagLabels);
  }

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
