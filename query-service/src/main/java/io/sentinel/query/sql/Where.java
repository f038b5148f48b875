package io.sentinel.query.sql;

import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a WHERE clause with numbered PostgreSQL parameters ($1, $2 ...) for the reactive client.
 */
public final class Where {
  private final List<String> conditions = new ArrayList<>();
  public final Tuple args = Tuple.tuple();

  /** Adds a parameter and returns its placeholder. */
  public String arg(Object value) {
    if (value instanceof Instant i) {
      value = OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
    args.addValue(value);
    return "$" + args.size();
  }

  /** {@code " LIMIT $n OFFSET $m"} for one page, the two as arguments. */
  public String page(int limit, int offset) {
    return " LIMIT " + arg(limit) + " OFFSET " + arg(offset);
  }

  /** Adds a condition; {@code ?} in it is replaced by the placeholder of {@code value}. */
  public Where and(String condition, Object value) {
    conditions.add(condition.replace("?", arg(value)));
    return this;
  }

  public Where and(String condition) {
    conditions.add(condition);
    return this;
  }

  public static OffsetDateTime utc(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  public String sql() {
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  /** A copy with the same conditions and arguments, to run a count beside a page. */
  public Where copy() {
    Where w = new Where();
    w.conditions.addAll(conditions);
    for (int i = 0; i < args.size(); i++) {
      w.args.addValue(args.getValue(i));
    }
    return w;
  }
}
