package io.sentinel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the rules read from the services' sources is what the services actually configure. */
class ServiceSourceTest {

  @Test
  void readsPortsFromApplicationProperties() {
    assertThat(ServiceSource.of("query-service").httpPort()).isEqualTo(8080);
    assertThat(ServiceSource.of("ingest-service").httpPort()).isEqualTo(8081);
    assertThat(ServiceSource.of("detector-service").httpPort()).isEqualTo(8082);
  }

  @Test
  void readsEnvironmentVariableReferencesButNotPropertyReferencesOrTestProfiles() {
    ServiceSource detector = ServiceSource.of("detector-service");
    assertThat(detector.envVars())
        .contains("KAFKA_BOOTSTRAP_SERVERS", "SENTINEL_STATE_DIR", "SENTINEL_DETECTOR_APP_ID");
    assertThat(detector.envVars()).allSatisfy(v -> assertThat(v).matches("[A-Z][A-Z0-9_]*"));
    assertThat(ServiceSource.of("query-service").envVars())
        .contains("SENTINEL_DB_JDBC_URL", "SENTINEL_DB_PASSWORD");
  }

  @Test
  void resolvesRestPathsThroughConstantsAndMethodPaths() {
    ServiceSource ingest = ServiceSource.of("ingest-service");
    assertThat(ingest.restRoots()).contains("/api/v1/samples").doesNotContain("/");
    assertThat(ServiceSource.of("query-service").restRoots())
        .contains("/api/monitors", "/api/stream");
  }

  @Test
  void derivesConfigMappingEnvironmentPrefixes() {
    assertThat(ServiceSource.of("ingest-service").mappingEnvPrefixes())
        .contains("SENTINEL_INGEST_");
  }
}
