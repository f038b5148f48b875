package io.sentinel.query.sql;

import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The arguments of a set-based statement over {@code unnest($1::t[], $2::u[], ...)}: one array per
 * column, element i of each taken from row i, so one statement writes any number of rows. Arguments
 * are added in the order of the statement's placeholders.
 *
 * @param <R> the rows the columns are taken from
 */
public final class Unnest<R> {
  private final List<R> rows;
  private final Tuple tuple;

  private Unnest(List<R> rows, Tuple tuple) {
    this.rows = rows;
    this.tuple = tuple;
  }

  /** Arguments taken from these rows. */
  public static <R> Unnest<R> of(List<R> rows) {
    return new Unnest<>(rows, Tuple.tuple());
  }

  /** Adds the next argument: the array of {@code value} of every row. */
  public <T> Unnest<R> column(Function<? super R, T> value, IntFunction<T[]> array) {
    tuple.addValue(array(rows, value, array));
    return this;
  }

  /** Adds the next argument as it is (a value that is not a column of the rows). */
  public Unnest<R> arg(Object value) {
    tuple.addValue(value);
    return this;
  }

  /** Goes on with the columns of other rows, for a statement that unnests two sets of rows. */
  public <S> Unnest<S> then(List<S> others) {
    return new Unnest<>(others, tuple);
  }

  public Tuple tuple() {
    return tuple;
  }

  /** The array of {@code value} of every row, in order. */
  public static <R, T> T[] array(
      List<R> rows, Function<? super R, T> value, IntFunction<T[]> array) {
    T[] out = array.apply(rows.size());
    for (int i = 0; i < out.length; i++) {
      out[i] = value.apply(rows.get(i));
    }
    return out;
  }
}
