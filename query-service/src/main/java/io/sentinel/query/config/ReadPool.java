package io.sentinel.query.config;

import io.sentinel.query.limits.LimitsConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * The pool of API reads (decision 019): the same database, TLS and options as the application's
 * pool ({@link SentinelPgPoolCreator}), its own connections ({@code
 * sentinel.limits.reads.pool-size}), each opened with PostgreSQL's {@code statement_timeout} set to
 * {@code sentinel.limits.reads.statement-timeout} as a startup parameter. A heavy read is cancelled
 * there (SQLSTATE 57014, answered 503) and can never take the connections the consumers write with.
 */
@Singleton
public class ReadPool {
  /** Name of the pool, distinct from Quarkus' own so that the two are never shared. */
  static final String NAME = "sentinel-api-reads";

  @Inject SentinelPgPoolCreator creator;
  @Inject LimitsConfig limits;

  @Produces
  @Singleton
  @ApiReads
  Pool reads(Pool writers) {
    // the writers' pool is created first: its creator has seen Quarkus' settings
    writers.getDelegate();
    SentinelPgPoolCreator.Settings settings = creator.settings();
    long timeoutMs = Math.max(0, limits.reads().statementTimeout().toMillis());
    List<SqlConnectOptions> options = new ArrayList<>();
    for (PgConnectOptions o : settings.connectOptions()) {
      options.add(
          new PgConnectOptions(o).addProperty("statement_timeout", Long.toString(timeoutMs)));
    }
    PoolOptions pool =
        new PoolOptions(settings.poolOptions())
            .setName(NAME)
            .setShared(false)
            .setMaxSize(Math.max(1, limits.reads().poolSize()));
    return Pool.newInstance(
        PgBuilder.pool().with(pool).connectingTo(options).using(settings.vertx()).build());
  }

  void close(@Disposes @ApiReads Pool reads) {
    reads.closeAndAwait();
  }
}
