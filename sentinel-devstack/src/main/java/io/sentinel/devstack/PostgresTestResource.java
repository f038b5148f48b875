package io.sentinel.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Quarkus test resource: the embedded PostgreSQL server, shared by every test class in the JVM. */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {
  @Override
  public Map<String, String> start() {
    return DevStack.postgresConfig();
  }

  @Override
  public void stop() {
    // shared across test classes; stopped by a JVM shutdown hook
  }
}
