package io.sentinel.query.sql;

import io.vertx.mutiny.sqlclient.Tuple;

/**
 * One statement with its arguments ({@code $1}, {@code $2} ...), as a reader runs it. Public so the
 * benchmark can run the very same SQL bare, beside the HTTP request that runs it here.
 *
 * @param sql the statement
 * @param args its arguments, in order
 */
public record SqlQuery(String sql, Tuple args) {}
