package io.sentinel.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import org.junit.jupiter.api.Test;

/**
 * The query-service works on any PostgreSQL from 13 on: its tests run twice, on the dev stack's
 * PostgreSQL and on the oldest supported one (see the pom). This test pins which server a run is
 * on, so the second run cannot quietly use the first one's binaries.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class PostgresVersionTest {
  @Test
  void testsRunOnThePostgresMajorVersionTheBuildAskedFor() {
    int expected = Integer.parseInt(System.getProperty("sentinel.test.postgres-major", "17"));
    long version = TestDb.queryLong("SELECT current_setting('server_version_num')::int");
    assertThat(version / 10_000).as("server_version_num %d", version).isEqualTo(expected);
  }
}
