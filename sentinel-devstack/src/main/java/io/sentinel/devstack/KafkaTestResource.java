package io.sentinel.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Quarkus test resource: the embedded Kafka broker, shared by every test class in the JVM. */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
  @Override
  public Map<String, String> start() {
    return DevStack.kafkaConfig();
  }

  @Override
  public void stop() {
    // shared across test classes; stopped by a JVM shutdown hook
  }
}
