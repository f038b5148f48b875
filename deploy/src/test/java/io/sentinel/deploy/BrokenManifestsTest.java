package io.sentinel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The validation fails on the mistakes it exists to catch: each test breaks one thing. */
class BrokenManifestsTest {

  private static List<String> rulesAfter(String kind, String name, Consumer<ObjectNode> breakIt) {
    List<ObjectNode> objects = Overlays.render("prod");
    breakIt.accept(Overlays.get(objects, kind, name));
    return ManifestRules.check(objects);
  }

  private static List<String> schemaAfter(String kind, String name, Consumer<ObjectNode> breakIt) {
    ObjectNode o = Overlays.get(Overlays.render("prod"), kind, name);
    breakIt.accept(o);
    return SchemaValidator.validate(o);
  }

  private static ObjectNode container(ObjectNode workload) {
    return (ObjectNode) workload.at("/spec/template/spec/containers/0");
  }

  @Test
  void aMisspeltFieldOfACoreObjectFails() {
    assertThat(
            schemaAfter(
                "Deployment",
                "ingest-service",
                d -> container(d).set("readinesProbe", container(d).get("readinessProbe"))))
        .anySatisfy(p -> assertThat(p).contains("unknown field(s) [readinesProbe]"));
  }

  @Test
  void aWronglyTypedFieldFails() {
    assertThat(
            schemaAfter(
                "StatefulSet", "detector-service", s -> s.with("spec").put("replicas", "three")))
        .anySatisfy(p -> assertThat(p).contains("wrong type"));
  }

  @Test
  void aMisplacedFieldOfAStrimziResourceFails() {
    assertThat(
            schemaAfter(
                "KafkaTopic", "sentinel-samples", t -> t.with("spec").put("replication", 3)))
        .anySatisfy(p -> assertThat(p).contains("unknown field(s) [replication]"));
    assertThat(
            schemaAfter(
                "Kafka",
                "sentinel-kafka",
                k -> ((ObjectNode) k.at("/spec/kafka/listeners/0")).put("tlss", true)))
        .anySatisfy(p -> assertThat(p).contains("tlss"));
  }

  @Test
  void aMisspeltFieldOfTheCloudNativePgClusterFails() {
    assertThat(schemaAfter("Cluster", "sentinel-db", c -> c.with("spec").put("instance", 3)))
        .anySatisfy(p -> assertThat(p).contains("instance"));
    assertThat(
            schemaAfter(
                "Cluster",
                "sentinel-db",
                c -> ((ObjectNode) c.at("/spec/affinity")).put("podAntiAffinityType", "always")))
        .isNotEmpty();
  }

  @Test
  void anUnknownKindFails() {
    ObjectNode o = Overlays.get(Overlays.render("dev"), "ConfigMap", "sentinel-kafka");
    o.put("kind", "ServiceMonitor");
    assertThat(SchemaValidator.validate(o))
        .anySatisfy(p -> assertThat(p).contains("no schema known"));
  }

  @Test
  void aMissingProbeFails() {
    assertThat(rulesAfter("Deployment", "query-service", d -> container(d).remove("livenessProbe")))
        .anySatisfy(p -> assertThat(p).contains("livenessProbe"));
  }

  @Test
  void aProbeOnTheWrongPathFails() {
    assertThat(
            rulesAfter(
                "Deployment",
                "ingest-service",
                d ->
                    ((ObjectNode) container(d).at("/readinessProbe/httpGet"))
                        .put("path", "/health")))
        .anySatisfy(p -> assertThat(p).contains("must GET /q/health/ready"));
  }

  @Test
  void aMissingLimitFails() {
    assertThat(
            rulesAfter(
                "StatefulSet",
                "detector-service",
                s -> ((ObjectNode) container(s).at("/resources/limits")).remove("memory")))
        .anySatisfy(p -> assertThat(p).contains("resources.limits.memory"));
  }

  @Test
  void aRootOrWritableContainerFails() {
    assertThat(
            rulesAfter(
                "Deployment",
                "ingest-service",
                d -> {
                  ((ObjectNode) d.at("/spec/template/spec/securityContext")).put("runAsUser", 0);
                  ((ObjectNode) container(d).get("securityContext"))
                      .put("readOnlyRootFilesystem", false);
                }))
        .anySatisfy(p -> assertThat(p).contains("non-root"))
        .anySatisfy(p -> assertThat(p).contains("readOnlyRootFilesystem"));
  }

  @Test
  void anEnvironmentVariableTheServiceReadsButNobodySetsFails() {
    assertThat(
            rulesAfter(
                "ConfigMap",
                "sentinel-query-service",
                cm -> cm.with("data").remove("SENTINEL_DB_JDBC_URL")))
        .anySatisfy(p -> assertThat(p).contains("${SENTINEL_DB_JDBC_URL}"));
  }

  @Test
  void aMisspeltEnvironmentVariableFails() {
    assertThat(
            rulesAfter(
                "ConfigMap",
                "sentinel-detector-service",
                cm -> cm.with("data").put("SENTINEL_STAT_DIR", "/x")))
        .anySatisfy(p -> assertThat(p).contains("SENTINEL_STAT_DIR"));
  }

  @Test
  void aWrongPortFails() {
    assertThat(
            rulesAfter(
                "Deployment",
                "query-service",
                d -> ((ObjectNode) container(d).at("/ports/0")).put("containerPort", 8081)))
        .anySatisfy(p -> assertThat(p).contains("quarkus.http.port"));
  }

  @Test
  void anIngestPathRoutedToTheQueryServiceFails() {
    assertThat(
            rulesAfter(
                "Ingress",
                "sentinel-ingest",
                i -> ((ArrayNode) i.at("/spec/rules/0/http/paths")).remove(1)))
        .anySatisfy(p -> assertThat(p).contains("/api/v1/write must reach ingest-service"));
  }

  @Test
  void aTopicNameThatIsNotTheContractsFails() {
    assertThat(
            rulesAfter(
                "KafkaTopic",
                "sentinel-events",
                t -> t.with("spec").put("topicName", "sentinel-events")))
        .anySatisfy(p -> assertThat(p).contains("sentinel.events is not declared"))
        .anySatisfy(p -> assertThat(p).contains("sentinel-events is neither"));
  }

  @Test
  void aChangelogWithOtherPartitionsThanItsSourceFails() {
    assertThat(
            rulesAfter(
                "KafkaTopic",
                "sentinel-detector-series-state-changelog",
                t -> t.with("spec").put("partitions", 6)))
        .anySatisfy(p -> assertThat(p).contains("partitions must equal"));
  }

  @Test
  void moreDetectorsThanPartitionsFails() {
    assertThat(
            rulesAfter(
                "HorizontalPodAutoscaler",
                "detector-service",
                h -> h.with("spec").put("maxReplicas", 13)))
        .anySatisfy(p -> assertThat(p).contains("exceeds the 12 partitions"));
  }

  @Test
  void moreTopicReplicasThanBrokersFails() {
    assertThat(rulesAfter("KafkaNodePool", "dual-role", n -> n.with("spec").put("replicas", 2)))
        .anySatisfy(p -> assertThat(p).contains("but 2 broker(s)"));
  }

  @Test
  void aSaslClientWithoutItsKafkaUserFails() {
    List<ObjectNode> objects = Overlays.render("prod");
    objects.removeIf(
        o ->
            o.path("kind").asText().equals("KafkaUser")
                && o.at("/metadata/name").asText().equals("sentinel-ingest-service-kafka"));
    assertThat(ManifestRules.check(objects)).anySatisfy(p -> assertThat(p).contains("KafkaUser"));
  }

  @Test
  void aConfiguredFileOutsideEveryVolumeFails() {
    assertThat(
            rulesAfter(
                "ConfigMap",
                "sentinel-ingest-service",
                cm -> cm.with("data").put("SENTINEL_INGEST_TOKENS_FILE", "/etc/tokens")))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(
                        "SENTINEL_INGEST_TOKENS_FILE=/etc/tokens is not on a mounted volume"));
  }

  @Test
  void aSecretNobodyCreatesFails() {
    assertThat(
            rulesAfter(
                "Deployment",
                "ingest-service",
                d ->
                    ((ObjectNode) d.at("/spec/template/spec/volumes/2/secret"))
                        .put("secretName", "agent-tokens")))
        .anySatisfy(p -> assertThat(p).contains("needs Secret agent-tokens"));
  }
}
