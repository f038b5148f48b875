package io.sentinel.query.sql;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a filtered list and the number of rows matching the filter in all pages.
 *
 * @param items the rows of this page
 * @param total rows matching the filter, or the count limit when there are more
 * @param exact false when counting stopped at the count limit
 */
public record Page<T>(List<T> items, long total, boolean exact) {
  /** The column in which a page statement carries the total. */
  static final String TOTAL = "total";

  public Page(List<T> items, long total) {
    this(items, total, true);
  }

  /**
   * SQL counting the rows of {@code fromWhere} (a FROM ... WHERE clause), up to {@code cap + 1} if
   * set.
   */
  public static String count(String fromWhere, Long cap) {
    return cap == null
        ? "SELECT count(*) AS n FROM " + fromWhere
        : "SELECT count(*) AS n FROM (SELECT 1 FROM "
            + fromWhere
            + " LIMIT "
            + (cap + 1)
            + ") AS c";
  }

  /**
   * A page statement that also carries the total in the column {@value #TOTAL}: the count is an
   * uncorrelated subquery, which PostgreSQL evaluates once (an InitPlan), so a page is one
   * statement and one round trip.
   *
   * @param columns the columns of a row
   * @param fromWhere the FROM ... WHERE clause, also counted
   * @param orderLimit the ORDER BY ... LIMIT ... OFFSET ... clause
   * @param cap count at most this many (plus one), or null to count all
   */
  public static String withTotal(String columns, String fromWhere, String orderLimit, Long cap) {
    return "SELECT "
        + columns
        + ", ("
        + count(fromWhere, cap)
        + ") AS "
        + TOTAL
        + " FROM "
        + fromWhere
        + " ORDER BY "
        + orderLimit;
  }

  /**
   * A page statement that counts all matching rows in the same scan, {@code count(*) OVER ()}
   * before the LIMIT: for filters that match few rows (monitors), where the scan is the cost and an
   * InitPlan count would repeat it. Not for large tables: the window reads every match.
   */
  public static String withWindowTotal(String columns, String fromWhere, String orderLimit) {
    return "SELECT "
        + columns
        + ", count(*) OVER () AS "
        + TOTAL
        + " FROM "
        + fromWhere
        + " ORDER BY "
        + orderLimit;
  }

  /**
   * Runs a {@link #withTotal} or {@link #withWindowTotal} statement. A page past the end has no row
   * to carry the total; then (and only then) {@code count} runs on its own.
   */
  public static <T> Uni<Page<T>> run(
      Pool pool, SqlQuery page, SqlQuery count, int offset, Long cap, Function<Row, T> map) {
    return pool.preparedQuery(page.sql())
        .execute(page.args())
        .chain(
            rows -> {
              List<T> items = new ArrayList<>(rows.size());
              long total = 0;
              for (Row r : rows) {
                items.add(map.apply(r));
                total = r.getLong(TOTAL);
              }
              if (!items.isEmpty() || offset == 0) {
                return Uni.createFrom().item(of(items, total, cap));
              }
              return pool.preparedQuery(count.sql())
                  .execute(count.args())
                  .map(RowSet::iterator)
                  .map(it -> of(items, it.next().getLong("n"), cap));
            });
  }

  /**
   * What a list reads: these columns of this table, in this order.
   *
   * @param columns the columns a row's view reads
   * @param table the table
   * @param order the ORDER BY clause, without LIMIT and OFFSET
   */
  public record Listing(String columns, String table, String order) {}

  /**
   * Reads one page of a listing filtered by {@code where}, with its total (a {@link #withTotal}
   * statement; the count runs on its own only past the end), counting at most {@code cap} (plus
   * one) rows, or all if null.
   */
  public static <T> Uni<Page<T>> read(
      Pool pool, Listing list, Where where, int limit, int offset, Long cap, Function<Row, T> map) {
    Where count = where.copy();
    String order = list.order() + where.page(limit, offset);
    return run(
        pool,
        new SqlQuery(withTotal(list.columns(), list.table() + where.sql(), order, cap), where.args),
        new SqlQuery(count(list.table() + count.sql(), cap), count.args),
        offset,
        cap,
        map);
  }

  private static <T> Page<T> of(List<T> items, long counted, Long cap) {
    return cap != null && counted > cap
        ? new Page<>(items, cap, false)
        : new Page<>(items, counted, true);
  }
}
