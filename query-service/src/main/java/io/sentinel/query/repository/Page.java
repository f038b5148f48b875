package io.sentinel.query.repository;

import java.util.List;

/**
 * One page of a filtered list and the number of rows matching the filter in all pages.
 *
 * @param items the rows of this page
 * @param total rows matching the filter, or the count limit when there are more
 * @param exact false when counting stopped at the count limit
 */
public record Page<T>(List<T> items, long total, boolean exact) {
  public Page(List<T> items, long total) {
    this(items, total, true);
  }

  /** SQL counting the rows of {@code from} (a FROM ... WHERE clause) up to {@code cap + 1}. */
  static String cappedCount(String fromWhere, long cap) {
    return "SELECT count(*) AS n FROM (SELECT 1 FROM " + fromWhere + " LIMIT " + (cap + 1) + ") AS c";
  }

  static <T> Page<T> capped(List<T> items, long counted, long cap) {
    return counted > cap ? new Page<>(items, cap, false) : new Page<>(items, counted, true);
  }
}
