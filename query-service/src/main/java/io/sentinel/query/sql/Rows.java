package io.sentinel.query.sql;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** Column helpers for the views read with the reactive client. */
public final class Rows {
  private Rows() {}

  /** The first row mapped, or null when there is none. */
  public static <T> T first(RowSet<Row> rows, Function<Row, T> map) {
    return rows.iterator().hasNext() ? map.apply(rows.iterator().next()) : null;
  }

  /** Every row mapped, in order. */
  public static <T> List<T> all(RowSet<Row> rows, Function<Row, T> map) {
    List<T> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add(map.apply(r)));
    return out;
  }

  public static Instant instant(Row r, String column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  public static List<String> strings(Row r, String column) {
    String[] values = r.getArrayOfStrings(column);
    return values == null ? List.of() : Arrays.asList(values);
  }

  /** A jsonb object column as a map (the client gives an object, or its text for some drivers). */
  public static java.util.Map<String, Object> labels(Row r, String column) {
    Object v = r.getJson(column);
    if (v instanceof io.vertx.core.json.JsonObject o) {
      return o.getMap();
    }
    if (v instanceof String s && s.trim().startsWith("{")) {
      return new io.vertx.core.json.JsonObject(s).getMap();
    }
    return java.util.Map.of();
  }

  public static boolean flag(Row r, String column) {
    Boolean b = r.getBoolean(column);
    return b != null && b;
  }
}
