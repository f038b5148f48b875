package io.sentinel.query.config;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates the application's PostgreSQL pool as Quarkus would, with TLS set the libpq way ({@link
 * DatabaseTls}) from {@code SENTINEL_DB_SSL_MODE} and {@code SENTINEL_DB_SSL_ROOT_CERT}, and keeps
 * its settings for the read pool ({@link ReadPool}).
 */
@Singleton
public class SentinelPgPoolCreator implements PgPoolCreator {
  @ConfigProperty(
      name = "quarkus.datasource.reactive.postgresql.ssl-mode",
      defaultValue = "disable")
  String sslMode;

  @Inject QueryConfig queryConfig;

  /** What the application's pool was built with; {@link ReadPool} builds the read pool alike. */
  record Settings(
      io.vertx.core.Vertx vertx, PoolOptions poolOptions, List<PgConnectOptions> connectOptions) {}

  private volatile Settings settings;

  @Override
  public Pool create(Input input) {
    for (PgConnectOptions options : input.pgConnectOptionsList()) {
      DatabaseTls.apply(options, sslMode, queryConfig.database().sslRootCert());
    }
    settings =
        new Settings(input.vertx(), input.poolOptions(), List.copyOf(input.pgConnectOptionsList()));
    return PgBuilder.pool()
        .with(input.poolOptions())
        .connectingTo(new ArrayList<SqlConnectOptions>(input.pgConnectOptionsList()))
        .using(input.vertx())
        .build();
  }

  /** The settings of the application's pool; it must have been created. */
  Settings settings() {
    if (settings == null) {
      throw new IllegalStateException("the application's PostgreSQL pool is not created yet");
    }
    return settings;
  }
}
