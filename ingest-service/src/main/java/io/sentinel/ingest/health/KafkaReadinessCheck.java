package io.sentinel.ingest.health;

import io.sentinel.ingest.config.IngestConfig;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the Kafka cluster answers a describe-cluster call. Asynchronous: the admin client's
 * future completes on its own thread, so the check never blocks the event loop (the extension's own
 * check waits on the future synchronously).
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements AsyncHealthCheck {
  static final String NAME = "Kafka connection";

  private final Admin admin;
  private final Duration timeout;

  public KafkaReadinessCheck(
      @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, IngestConfig config) {
    Map<String, Object> props = new HashMap<>();
    // only the keys an admin client knows, so it does not warn about producer settings
    kafkaConfig.forEach(
        (k, v) -> {
          if (AdminClientConfig.configNames().contains(k)) {
            props.put(k, v);
          }
        });
    props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "sentinel-ingest-health");
    this.admin = Admin.create(props);
    this.timeout = config.kafkaHealthTimeout();
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
    return Uni.createFrom()
        .completionStage(
            () ->
                admin
                    .describeCluster(
                        new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes()
                    .toCompletionStage())
        .map(
            nodes ->
                response
                    .up()
                    .withData(
                        "nodes",
                        nodes.stream()
                            .map(n -> n.host() + ":" + n.port())
                            .collect(Collectors.joining(",")))
                    .build())
        .onFailure()
        .recoverWithItem(
            e -> response.down().withData("reason", String.valueOf(e.getMessage())).build());
  }

  @PreDestroy
  void close() {
    admin.close(Duration.ofSeconds(2));
  }
}
