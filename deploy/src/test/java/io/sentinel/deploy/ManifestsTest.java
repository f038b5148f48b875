package io.sentinel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentinel.contract.Topics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every overlay renders, every object fits its schema and the rendering follows our rules. */
class ManifestsTest {

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyObjectMatchesItsSchema(String overlay) {
    List<ObjectNode> objects = Overlays.render(overlay);
    assertThat(objects).hasSizeGreaterThan(20);
    List<String> problems = new ArrayList<>();
    for (ObjectNode o : objects) {
      problems.addAll(SchemaValidator.validate(o));
    }
    assertThat(problems).as("schema violations in overlay " + overlay).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void followsSentinelsRules(String overlay) {
    assertThat(ManifestRules.check(Overlays.render(overlay)))
        .as("rule violations in overlay " + overlay)
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyNamespacedObjectIsInTheOverlaysNamespace(String overlay) {
    List<ObjectNode> objects = Overlays.render(overlay);
    List<ObjectNode> namespaces = Overlays.ofKind(objects, "Namespace");
    assertThat(namespaces).hasSize(1);
    String ns = namespaces.get(0).path("metadata").path("name").asText();
    for (ObjectNode o : objects) {
      if (!o.path("kind").asText().equals("Namespace")) {
        assertThat(o.path("metadata").path("namespace").asText())
            .as(o.path("kind") + "/" + o.path("metadata").path("name"))
            .isEqualTo(ns);
      }
    }
  }

  @Test
  void devIsOneOfEverything() {
    List<ObjectNode> dev = Overlays.render("dev");
    assertThat(Overlays.get(dev, "KafkaNodePool", "dual-role").at("/spec/replicas").asInt())
        .isEqualTo(1);
    assertThat(Overlays.get(dev, "Cluster", "sentinel-db").at("/spec/instances").asInt())
        .isEqualTo(1);
    for (String w :
        List.of(
            "Deployment/ingest-service",
            "StatefulSet/detector-service",
            "Deployment/query-service")) {
      String[] kn = w.split("/");
      assertThat(Overlays.get(dev, kn[0], kn[1]).at("/spec/replicas").asInt()).as(w).isEqualTo(1);
    }
    assertThat(Overlays.ofKind(dev, "HorizontalPodAutoscaler")).isEmpty();
    assertThat(Overlays.ofKind(dev, "PodDisruptionBudget"))
        .as("a budget on one replica blocks node drains")
        .isEmpty();
  }

  @Test
  void prodIsReplicatedAndSpreadAcrossNodes() {
    List<ObjectNode> prod = Overlays.render("prod");
    assertThat(Overlays.get(prod, "KafkaNodePool", "dual-role").at("/spec/replicas").asInt())
        .isEqualTo(3);
    assertThat(Overlays.get(prod, "KafkaNodePool", "dual-role").at("/spec/roles").toString())
        .contains("controller", "broker");
    JsonNode config = Overlays.get(prod, "Kafka", "sentinel-kafka").at("/spec/kafka/config");
    assertThat(config.path("offsets.topic.replication.factor").asInt()).isEqualTo(3);
    assertThat(config.path("transaction.state.log.replication.factor").asInt()).isEqualTo(3);
    assertThat(config.path("transaction.state.log.min.isr").asInt()).isEqualTo(2);
    for (ObjectNode t : Overlays.ofKind(prod, "KafkaTopic")) {
      assertThat(t.at("/spec/replicas").asInt()).as(t.at("/spec/topicName").asText()).isEqualTo(3);
      assertThat(t.at("/spec/config/min.insync.replicas").asInt())
          .as(t.at("/spec/topicName").asText())
          .isEqualTo(2);
      assertThat(t.at("/spec/config/cleanup.policy").asText()).isIn("delete", "compact");
      assertThat(
              t.at("/spec/config").has("retention.ms")
                  || t.at("/spec/config/cleanup.policy").asText().equals("compact"))
          .isTrue();
    }
    assertThat(Overlays.get(prod, "KafkaTopic", "sentinel-samples").at("/spec/partitions").asInt())
        .isEqualTo(12);
    JsonNode db = Overlays.get(prod, "Cluster", "sentinel-db").at("/spec");
    assertThat(db.path("instances").asInt()).isEqualTo(3);
    assertThat(db.at("/affinity/podAntiAffinityType").asText()).isEqualTo("required");
    for (String w :
        List.of(
            "Deployment/ingest-service",
            "StatefulSet/detector-service",
            "Deployment/query-service")) {
      String[] kn = w.split("/");
      ObjectNode workload = Overlays.get(prod, kn[0], kn[1]);
      assertThat(workload.at("/spec/replicas").asInt()).as(w).isGreaterThan(1);
      assertThat(workload.at("/spec/template/spec/affinity/podAntiAffinity").isMissingNode())
          .as(w + " anti-affinity")
          .isFalse();
      assertThat(Overlays.get(prod, "PodDisruptionBudget", kn[1])).isNotNull();
    }
    assertThat(
            Overlays.get(prod, "HorizontalPodAutoscaler", "detector-service")
                .at("/spec/scaleTargetRef/kind")
                .asText())
        .isEqualTo("StatefulSet");
    assertThat(Overlays.get(prod, "HorizontalPodAutoscaler", "query-service")).isNotNull();
    // prod Kafka clients authenticate over TLS with their own KafkaUser
    assertThat(
            Overlays.get(prod, "ConfigMap", "sentinel-kafka")
                .at("/data/KAFKA_SECURITY_PROTOCOL")
                .asText())
        .isEqualTo("SASL_SSL");
    assertThat(Overlays.ofKind(prod, "KafkaUser")).hasSize(3);
  }

  /**
   * Production serves Swagger UI, the OpenAPI document, metrics and health to no one through the
   * public Ingress (issue 15): ingress-nginx answers 403 there; the dashboard and the API stay
   * open. The dev overlay keeps them reachable (ManifestRules checks /q/swagger-ui reaches the
   * service).
   */
  @Test
  void prodServesNoOperatorPathThroughTheIngress() {
    List<ObjectNode> prod = Overlays.render("prod");
    for (String path : List.of("/q/swagger-ui", "/q/openapi", "/q/metrics", "/q/health/ready")) {
      ObjectNode ingress = ManifestRules.ingressRouting(prod, path);
      assertThat(ingress).as(path + " is routed by an Ingress").isNotNull();
      assertThat(ManifestRules.deniesEveryone(ingress))
          .as(path + " is denied to every address by Ingress/" + ingress.at("/metadata/name"))
          .isTrue();
    }
    for (String path : List.of("/", "/index.html", "/api/monitors", "/api/stream")) {
      assertThat(ManifestRules.deniesEveryone(ManifestRules.ingressRouting(prod, path)))
          .as(path + " stays public")
          .isFalse();
    }
    List<ObjectNode> dev = Overlays.render("dev");
    assertThat(ManifestRules.deniesEveryone(ManifestRules.ingressRouting(dev, "/q/swagger-ui")))
        .as("dev keeps Swagger UI reachable")
        .isFalse();
  }

  @Test
  void contractTopicsAreDeclaredUnderTheirConstantNames() {
    for (String overlay : Overlays.NAMES) {
      List<String> names =
          Overlays.ofKind(Overlays.render(overlay), "KafkaTopic").stream()
              .map(t -> t.at("/spec/topicName").asText())
              .toList();
      assertThat(names)
          .contains(
              Topics.SAMPLES,
              Topics.EVENTS,
              Topics.ROLLUPS,
              Topics.dlq(Topics.SAMPLES),
              Topics.dlq(Topics.EVENTS),
              Topics.dlq(Topics.ROLLUPS),
              Topics.AGENT_TOKENS,
              Topics.AGENT_TOKEN_USAGE);
    }
  }

  @Test
  void theReadmeTellsTheOperatorToCreateEverySecretWeDoNotShip() throws java.io.IOException {
    String readme =
        java.nio.file.Files.readString(ServiceSource.root().resolve("deploy/README.md"));
    for (String secret : ManifestRules.OPERATOR_SECRETS) {
      assertThat(readme)
          .as("deploy/README.md must say how to create " + secret)
          .contains("create secret generic " + secret);
    }
  }
}
