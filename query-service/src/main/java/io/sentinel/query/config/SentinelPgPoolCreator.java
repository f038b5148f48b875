package io.sentinel.query.config;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates the application's PostgreSQL pool as Quarkus would, with TLS set the libpq way ({@link
 * DatabaseTls}) from {@code SENTINEL_DB_SSL_MODE} and {@code SENTINEL_DB_SSL_ROOT_CERT}.
 */
@Singleton
public class SentinelPgPoolCreator implements PgPoolCreator {
  @ConfigProperty(
      name = "quarkus.datasource.reactive.postgresql.ssl-mode",
      defaultValue = "disable")
  String sslMode;

  @Inject QueryConfig queryConfig;

  @Override
  public Pool create(Input input) {
    for (PgConnectOptions options : input.pgConnectOptionsList()) {
      DatabaseTls.apply(options, sslMode, queryConfig.database().sslRootCert());
    }
    return PgBuilder.pool()
        .with(input.poolOptions())
        .connectingTo(new ArrayList<SqlConnectOptions>(input.pgConnectOptionsList()))
        .using(input.vertx())
        .build();
  }
}
