package io.sentinel.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import io.sentinel.contract.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sentinel's own rules for a rendered overlay, beyond what the schemas say: every container has
 * probes on the service's health paths, requests and limits and a non-root read-only security
 * context; every environment variable a service's application.properties reads is set (and nothing
 * it cannot read); ports and paths match the services' configuration; the Ingress routes each path
 * to the service that serves it; topic names match {@link Topics} and the services' configuration;
 * replication, autoscaling and disruption budgets are consistent with the Kafka cluster and topics.
 * Each rule adds a sentence naming the object and what is wrong.
 */
final class ManifestRules {
  /** Agent protocols that the Ingress must send to the ingest-service (docs/architecture.md). */
  static final List<String> INGEST_PATHS =
      List.of(
          "/api/v1/samples",
          "/api/v1/write",
          "/write",
          "/api/v2/write",
          "/ping",
          "/query",
          "/v1/metrics",
          "/api/push");

  /**
   * Paths the query-service serves that are not REST resources: dashboard, API root, Swagger UI.
   */
  static final List<String> QUERY_PATHS =
      List.of("/", "/index.html", "/api", "/q/swagger-ui", "/q/openapi");

  /** Secrets the cluster operator creates by hand (deploy/README.md says how): never committed. */
  static final Set<String> OPERATOR_SECRETS = Set.of("sentinel-agent-tokens");

  static final String PART_OF = "app.kubernetes.io/part-of";
  static final String NAME = "app.kubernetes.io/name";

  private final List<ObjectNode> objects;
  private final List<String> problems = new ArrayList<>();
  private final Map<String, ServiceSource> sources = new HashMap<>();

  private ManifestRules(List<ObjectNode> objects) {
    this.objects = objects;
    for (String s : ServiceSource.SERVICES) {
      sources.put(s, ServiceSource.of(s));
    }
  }

  /** Every rule violation in the rendered overlay; empty when it follows all rules. */
  static List<String> check(List<ObjectNode> objects) {
    ManifestRules r = new ManifestRules(objects);
    r.checkWorkloads();
    r.ingress();
    r.topics();
    r.kafka();
    r.autoscalers();
    r.disruptionBudgets();
    r.networkPolicies();
    return r.problems;
  }

  // ---------------------------------------------------------------- workloads

  private void checkWorkloads() {
    for (String service : ServiceSource.SERVICES) {
      ServiceSource src = sources.get(service);
      Optional<ObjectNode> w = workload(service);
      if (w.isEmpty()) {
        problems.add(service + ": no Deployment or StatefulSet named " + service);
        continue;
      }
      String id = w.get().path("kind").asText() + "/" + service;
      JsonNode template = w.get().path("spec").path("template");
      JsonNode podSpec = template.path("spec");
      JsonNode labels = template.path("metadata").path("labels");
      if (!labels.path(PART_OF).asText().equals("sentinel")
          || !labels.path(NAME).asText().equals(service)) {
        problems.add(
            id
                + ": pod labels must include "
                + PART_OF
                + "=sentinel and "
                + NAME
                + "="
                + service
                + " (selectors, NetworkPolicies and budgets rely on them)");
      }
      if (!selects(w.get().path("spec").path("selector").path("matchLabels"), labels)) {
        problems.add(id + ": spec.selector does not select its own pod template");
      }
      JsonNode annotations = template.path("metadata").path("annotations");
      if (!annotations.path("prometheus.io/scrape").asText().equals("true")
          || !annotations.path("prometheus.io/path").asText().equals("/q/metrics")
          || !annotations
              .path("prometheus.io/port")
              .asText()
              .equals(String.valueOf(src.httpPort()))) {
        problems.add(
            id
                + ": Prometheus annotations must be scrape=true, path=/q/metrics, port="
                + src.httpPort()
                + " (quarkus.http.port)");
      }
      if (podSpec.path("containers").size() != 1) {
        problems.add(id + ": expected exactly one container");
      }
      for (JsonNode c : podSpec.path("containers")) {
        container(id, src, podSpec, w.get(), c);
      }
      service(service, src, labels);
    }
  }

  private void container(
      String workloadId, ServiceSource src, JsonNode podSpec, JsonNode workload, JsonNode c) {
    String id = workloadId + " container " + c.path("name").asText();
    String image = c.path("image").asText();
    if (image.isEmpty() || !image.contains(":") || image.endsWith(":latest")) {
      problems.add(id + ": image must have an explicit tag other than latest, got '" + image + "'");
    }
    Integer http = null;
    for (JsonNode p : c.path("ports")) {
      if (p.path("name").asText().equals("http")) {
        http = p.path("containerPort").asInt();
      }
    }
    if (http == null || http != src.httpPort()) {
      problems.add(
          id
              + ": port 'http' must be "
              + src.httpPort()
              + " (quarkus.http.port in "
              + src.name()
              + "), got "
              + http);
    }
    probe(id, c, "startupProbe", "/q/health/started", src);
    probe(id, c, "livenessProbe", "/q/health/live", src);
    probe(id, c, "readinessProbe", "/q/health/ready", src);

    JsonNode res = c.path("resources");
    for (String kind : List.of("requests", "limits")) {
      for (String r : List.of("cpu", "memory")) {
        if (res.path(kind).path(r).isMissingNode()) {
          problems.add(id + ": resources." + kind + "." + r + " is not set");
        }
      }
    }
    if (res.path("requests").has("memory")
        && res.path("limits").has("memory")
        && bytes(res.path("requests").path("memory"))
                .compareTo(bytes(res.path("limits").path("memory")))
            > 0) {
      problems.add(id + ": memory request above its limit");
    }

    JsonNode pod = podSpec.path("securityContext");
    JsonNode sec = c.path("securityContext");
    boolean nonRoot = sec.path("runAsNonRoot").asBoolean(pod.path("runAsNonRoot").asBoolean(false));
    int user = sec.path("runAsUser").asInt(pod.path("runAsUser").asInt(-1));
    if (!nonRoot || user == 0) {
      problems.add(id + ": must run as non-root (runAsNonRoot: true, runAsUser not 0)");
    }
    if (!sec.path("readOnlyRootFilesystem").asBoolean(false)) {
      problems.add(id + ": securityContext.readOnlyRootFilesystem must be true");
    }
    if (!sec.has("allowPrivilegeEscalation")
        || sec.path("allowPrivilegeEscalation").asBoolean(true)) {
      problems.add(id + ": securityContext.allowPrivilegeEscalation must be false");
    }
    if (sec.path("privileged").asBoolean(false)) {
      problems.add(id + ": must not be privileged");
    }
    boolean dropsAll = false;
    for (JsonNode cap : sec.path("capabilities").path("drop")) {
      dropsAll |= cap.asText().equals("ALL");
    }
    if (!dropsAll || sec.path("capabilities").path("add").size() > 0) {
      problems.add(id + ": securityContext.capabilities must drop ALL and add none");
    }

    // volumes: every mount has a volume; java.io.tmpdir is writable
    Set<String> volumes = new TreeSet<>();
    podSpec.path("volumes").forEach(v -> volumes.add(v.path("name").asText()));
    workload
        .path("spec")
        .path("volumeClaimTemplates")
        .forEach(v -> volumes.add(v.path("metadata").path("name").asText()));
    for (JsonNode v : podSpec.path("volumes")) {
      JsonNode secret = v.path("secret");
      if (!secret.isMissingNode()
          && !secret.path("optional").asBoolean(false)
          && !secretProvided(secret.path("secretName").asText())) {
        problems.add(
            id
                + ": volume "
                + v.path("name").asText()
                + " needs Secret "
                + secret.path("secretName").asText()
                + ", which nothing in this overlay creates and "
                + "which is not one of the Secrets the README has the operator create "
                + OPERATOR_SECRETS);
      }
    }
    Set<String> mountPaths = new TreeSet<>();
    for (JsonNode m : c.path("volumeMounts")) {
      mountPaths.add(m.path("mountPath").asText());
      if (!volumes.contains(m.path("name").asText())) {
        problems.add(id + ": volumeMount " + m.path("name").asText() + " has no volume");
      }
    }
    if (!mountPaths.contains("/tmp")) {
      problems.add(
          id + ": the root filesystem is read-only, so /tmp (java.io.tmpdir) must be a volume");
    }

    env(id, src, c, mountPaths);
  }

  private void probe(String id, JsonNode c, String probe, String path, ServiceSource src) {
    JsonNode get = c.path(probe).path("httpGet");
    if (get.isMissingNode()) {
      problems.add(id + ": " + probe + " with httpGet " + path + " is missing");
      return;
    }
    if (!get.path("path").asText().equals(path)) {
      problems.add(id + ": " + probe + " must GET " + path + ", got " + get.path("path").asText());
    }
    JsonNode port = get.path("port");
    int resolved = port.isInt() ? port.asInt() : -1;
    for (JsonNode p : c.path("ports")) {
      if (p.path("name").asText().equals(port.asText())) {
        resolved = p.path("containerPort").asInt();
      }
    }
    if (resolved != src.httpPort()) {
      problems.add(id + ": " + probe + " port " + port + " is not the HTTP port " + src.httpPort());
    }
  }

  private void env(String id, ServiceSource src, JsonNode c, Set<String> mountPaths) {
    Map<String, String> values = new HashMap<>();
    Set<String> set = new LinkedHashSet<>();
    for (JsonNode e : c.path("env")) {
      String name = e.path("name").asText();
      set.add(name);
      values.put(name, e.path("value").asText(null));
      JsonNode ref = e.path("valueFrom").path("secretKeyRef");
      if (!ref.isMissingNode()
          && !ref.path("optional").asBoolean(false)
          && !secretProvided(ref.path("name").asText())) {
        problems.add(
            id
                + ": "
                + name
                + " reads Secret "
                + ref.path("name").asText()
                + ", which nothing in this overlay creates");
      }
      JsonNode cm = e.path("valueFrom").path("configMapKeyRef");
      if (!cm.isMissingNode()
          && configMapData(cm.path("name").asText())
              .path(cm.path("key").asText())
              .isMissingNode()) {
        problems.add(id + ": " + name + " reads a ConfigMap key that does not exist: " + cm);
      }
    }
    for (JsonNode from : c.path("envFrom")) {
      JsonNode ref = from.path("configMapRef");
      if (ref.isMissingNode()) {
        problems.add(
            id + ": envFrom only from ConfigMaps (credentials go in env with secretKeyRef)");
        continue;
      }
      JsonNode data = configMapData(ref.path("name").asText());
      if (data.isMissingNode()) {
        problems.add(id + ": envFrom ConfigMap " + ref.path("name").asText() + " does not exist");
      }
      data.fields()
          .forEachRemaining(
              f -> {
                set.add(f.getKey());
                values.putIfAbsent(f.getKey(), f.getValue().asText());
              });
    }
    for (String read : src.envVars()) {
      if (!set.contains(read)) {
        problems.add(
            id
                + ": "
                + src.name()
                + "'s application.properties reads ${"
                + read
                + "} but the container does not set it");
      }
    }
    for (String name : set) {
      boolean known =
          src.envVars().contains(name)
              || name.startsWith("KAFKA_")
              || name.startsWith("QUARKUS_")
              || name.equals("JAVA_TOOL_OPTIONS")
              || name.equals("JAVA_MAX_MEM_RATIO")
              || name.equals("JAVA_OPTS_APPEND")
              || src.mappingEnvPrefixes().stream().anyMatch(name::startsWith);
      if (!known) {
        problems.add(id + ": sets " + name + ", which " + src.name() + " does not read (typo?)");
      }
    }
    // a file or directory named by the configuration must be on a volume: the root filesystem is
    // read-only
    for (Map.Entry<String, String> e : values.entrySet()) {
      String v = e.getValue();
      if (v != null
          && v.startsWith("/")
          && e.getKey().matches(".*_(FILE|DIR|LOCATION)$")
          && mountPaths.stream().noneMatch(m -> v.equals(m) || v.startsWith(m + "/"))) {
        problems.add(id + ": " + e.getKey() + "=" + v + " is not on a mounted volume");
      }
    }
    kafkaClient(id, values, c);
  }

  /** The Kafka client settings agree with the Kafka cluster's listener. */
  private void kafkaClient(String id, Map<String, String> env, JsonNode c) {
    String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
    if (bootstrap == null) {
      return;
    }
    String protocol = env.getOrDefault("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");
    String[] hostPort = bootstrap.split(",")[0].split(":");
    Optional<ObjectNode> kafka =
        objects.stream()
            .filter(
                o ->
                    o.path("kind").asText().equals("Kafka")
                        && hostPort[0].equals(
                            o.path("metadata").path("name").asText() + "-kafka-bootstrap"))
            .findFirst();
    if (kafka.isEmpty()) {
      problems.add(
          id
              + ": KAFKA_BOOTSTRAP_SERVERS "
              + bootstrap
              + " is not the bootstrap Service of a Kafka here");
      return;
    }
    JsonNode listener = null;
    for (JsonNode l : kafka.get().path("spec").path("kafka").path("listeners")) {
      if (hostPort.length > 1 && l.path("port").asText().equals(hostPort[1])) {
        listener = l;
      }
    }
    if (listener == null) {
      problems.add(id + ": no Kafka listener on port of " + bootstrap);
      return;
    }
    boolean tls = listener.path("tls").asBoolean(false);
    String auth = listener.path("authentication").path("type").asText("");
    if (tls != protocol.endsWith("SSL")) {
      problems.add(
          id
              + ": KAFKA_SECURITY_PROTOCOL "
              + protocol
              + " does not match listener "
              + listener.path("name").asText()
              + " (tls: "
              + tls
              + ")");
    }
    if (auth.equals("scram-sha-512")) {
      if (!protocol.startsWith("SASL")
          || !"SCRAM-SHA-512".equals(env.get("KAFKA_SASL_MECHANISM"))) {
        problems.add(
            id
                + ": the listener wants SCRAM-SHA-512: set KAFKA_SECURITY_PROTOCOL SASL_* and"
                + " KAFKA_SASL_MECHANISM");
      }
      JsonNode jaas = null;
      for (JsonNode e : c.path("env")) {
        if (e.path("name").asText().equals("KAFKA_SASL_JAAS_CONFIG")) {
          jaas = e.path("valueFrom").path("secretKeyRef");
        }
      }
      if (jaas == null || !kafkaUserExists(jaas.path("name").asText())) {
        problems.add(
            id
                + ": KAFKA_SASL_JAAS_CONFIG must come from the Secret of a KafkaUser in this"
                + " overlay");
      }
    } else if (!auth.isEmpty()) {
      problems.add(id + ": listener authentication " + auth + " is not one the rules know");
    }
    if (tls
        && (env.get("KAFKA_SSL_TRUSTSTORE_LOCATION") == null
            || !env.getOrDefault("KAFKA_SSL_TRUSTSTORE_TYPE", "").equals("PEM"))) {
      problems.add(
          id
              + ": a TLS listener needs KAFKA_SSL_TRUSTSTORE_TYPE=PEM and"
              + " KAFKA_SSL_TRUSTSTORE_LOCATION (the cluster CA)");
    }
  }

  private void service(String service, ServiceSource src, JsonNode podLabels) {
    Optional<ObjectNode> svc = named("Service", service);
    if (svc.isEmpty()) {
      problems.add(service + ": no Service named " + service);
      return;
    }
    if (!selects(svc.get().path("spec").path("selector"), podLabels)) {
      problems.add("Service/" + service + ": selector does not select the " + service + " pods");
    }
    boolean ok = false;
    for (JsonNode p : svc.get().path("spec").path("ports")) {
      JsonNode target = p.path("targetPort");
      ok |=
          p.path("name").asText().equals("http")
              && (target.asText().equals("http") || target.asInt() == src.httpPort());
    }
    if (!ok) {
      problems.add(
          "Service/" + service + ": needs a port named http targeting the container's http port");
    }
  }

  // ---------------------------------------------------------------- ingress

  private void ingress() {
    Map<String, String> routes = new HashMap<>();
    for (ObjectNode ing : of("Ingress")) {
      String id = "Ingress/" + ing.path("metadata").path("name").asText();
      for (JsonNode rule : ing.path("spec").path("rules")) {
        for (JsonNode p : rule.path("http").path("paths")) {
          String path = p.path("path").asText();
          String backend = p.path("backend").path("service").path("name").asText();
          if (!p.path("pathType").asText().equals("Prefix")) {
            problems.add(id + ": path " + path + " must be pathType Prefix");
          }
          String previous = routes.put(path, backend);
          if (previous != null && !previous.equals(backend)) {
            problems.add(
                id + ": path " + path + " is routed to both " + previous + " and " + backend);
          }
          Optional<ObjectNode> svc = named("Service", backend);
          String portName = p.path("backend").path("service").path("port").path("name").asText();
          if (svc.isEmpty()) {
            problems.add(id + ": backend Service " + backend + " does not exist");
          } else if (svc.get().path("spec").findValues("name").stream()
              .noneMatch(n -> n.asText().equals(portName))) {
            problems.add(id + ": Service " + backend + " has no port named " + portName);
          }
        }
      }
    }
    Set<String> ingestPaths = new TreeSet<>(INGEST_PATHS);
    ingestPaths.addAll(sources.get("ingest-service").restRoots());
    for (String path : ingestPaths) {
      expectRoute(routes, path, "ingest-service");
    }
    Set<String> queryPaths = new TreeSet<>(QUERY_PATHS);
    queryPaths.addAll(sources.get("query-service").restRoots());
    for (String path : queryPaths) {
      expectRoute(routes, path, "query-service");
    }
  }

  /**
   * The Ingress whose path routes {@code path} (the longest matching Prefix, as ingress-nginx
   * chooses), or null when none does.
   */
  static ObjectNode ingressRouting(List<ObjectNode> objects, String path) {
    ObjectNode best = null;
    int bestLength = -1;
    for (ObjectNode ing : objects) {
      if (!ing.path("kind").asText().equals("Ingress")) {
        continue;
      }
      for (JsonNode rule : ing.path("spec").path("rules")) {
        for (JsonNode p : rule.path("http").path("paths")) {
          String prefix = p.path("path").asText();
          boolean matches =
              prefix.equals("/") || path.equals(prefix) || path.startsWith(prefix + "/");
          if (matches && prefix.length() > bestLength) {
            best = ing;
            bestLength = prefix.length();
          }
        }
      }
    }
    return best;
  }

  /** Whether ingress-nginx refuses every client address on this Ingress's paths (403). */
  static boolean deniesEveryone(ObjectNode ingress) {
    String ranges =
        ingress
            .path("metadata")
            .path("annotations")
            .path("nginx.ingress.kubernetes.io/denylist-source-range")
            .asText();
    Set<String> denied = new TreeSet<>();
    for (String r : ranges.split(",")) {
      denied.add(r.trim());
    }
    return denied.containsAll(List.of("0.0.0.0/0", "::/0"));
  }

  private void expectRoute(Map<String, String> routes, String path, String service) {
    String best = null;
    for (String prefix : routes.keySet()) {
      boolean matches = prefix.equals("/") || path.equals(prefix) || path.startsWith(prefix + "/");
      if (matches && (best == null || prefix.length() > best.length())) {
        best = prefix;
      }
    }
    String actual = best == null ? null : routes.get(best);
    if (!service.equals(actual)) {
      problems.add("Ingress: " + path + " must reach " + service + " but reaches " + actual);
    }
  }

  // ---------------------------------------------------------------- topics

  private void topics() {
    Map<String, JsonNode> declared = new HashMap<>();
    for (ObjectNode t : of("KafkaTopic")) {
      String name =
          t.path("spec").path("topicName").asText(t.path("metadata").path("name").asText());
      if (declared.put(name, t) != null) {
        problems.add("KafkaTopic: " + name + " is declared twice");
      }
      String cluster = t.path("metadata").path("labels").path("strimzi.io/cluster").asText();
      if (named("Kafka", cluster).isEmpty()) {
        problems.add(
            "KafkaTopic/"
                + t.path("metadata").path("name").asText()
                + ": label strimzi.io/cluster="
                + cluster
                + " names no Kafka here");
      }
    }
    Set<String> contract = new TreeSet<>();
    for (String topic : List.of(Topics.SAMPLES, Topics.EVENTS, Topics.ROLLUPS)) {
      contract.add(topic);
      contract.add(Topics.dlq(topic));
    }
    contract.add(Topics.AGENT_TOKENS);
    contract.add(Topics.AGENT_TOKEN_USAGE);
    JsonNode tokens = declared.get(Topics.AGENT_TOKENS);
    if (tokens != null
        && !tokens.path("spec").path("config").path("cleanup.policy").asText().equals("compact")) {
      problems.add(
          "KafkaTopic "
              + Topics.AGENT_TOKENS
              + ": must be compacted (ingest reads the latest record of every token)");
    }
    ServiceSource detector = sources.get("detector-service");
    String appId =
        configMapData("sentinel-detector-service")
            .path("SENTINEL_DETECTOR_APP_ID")
            .asText(detector.properties().getProperty("quarkus.kafka-streams.application-id"));
    Set<String> changelogs = new TreeSet<>();
    for (String store : List.of("SERIES_STORE", "SNAPSHOT_STORE", "MONITOR_STORE")) {
      changelogs.add(
          appId
              + "-"
              + detector.constantIn("io/sentinel/detector/topology/Names.java", store)
              + "-changelog");
    }
    Set<String> expected = new TreeSet<>(contract);
    expected.addAll(changelogs);
    for (String topic : expected) {
      if (!declared.containsKey(topic)) {
        problems.add("KafkaTopic: " + topic + " is not declared");
      }
    }
    for (String topic : declared.keySet()) {
      if (!expected.contains(topic)) {
        problems.add(
            "KafkaTopic: "
                + topic
                + " is neither a topic of io.sentinel.contract.Topics nor a detector changelog");
      }
    }
    // the services' own configuration names only declared topics
    Set<String> used = new TreeSet<>();
    for (String t :
        detector.properties().getProperty("quarkus.kafka-streams.topics", "").split(",")) {
      used.add(t.trim());
    }
    used.add(
        detector
            .properties()
            .getProperty(
                "kafka-streams.errors.dead.letter.queue.topic.name", Topics.dlq(Topics.SAMPLES)));
    sources
        .get("query-service")
        .properties()
        .forEach(
            (k, v) -> {
              if (k.toString().endsWith(".topic") && k.toString().startsWith("mp.messaging.")) {
                used.add(v.toString().trim());
              }
            });
    used.remove("");
    for (String t : used) {
      if (!declared.containsKey(t)) {
        problems.add(
            "KafkaTopic: the services' configuration uses " + t + ", which is not declared");
      }
    }
    JsonNode samples = declared.get(Topics.SAMPLES);
    for (String changelog : changelogs) {
      JsonNode t = declared.get(changelog);
      if (t == null || samples == null) {
        continue;
      }
      if (t.path("spec").path("partitions").asInt()
          != samples.path("spec").path("partitions").asInt()) {
        problems.add(
            "KafkaTopic "
                + changelog
                + ": partitions must equal "
                + Topics.SAMPLES
                + "'s (Kafka Streams refuses a changelog with another count)");
      }
      if (!t.path("spec").path("config").path("cleanup.policy").asText().equals("compact")) {
        problems.add("KafkaTopic " + changelog + ": a changelog must be compacted");
      }
    }
    int brokers = brokers();
    for (Map.Entry<String, JsonNode> e : declared.entrySet()) {
      int replicas = e.getValue().path("spec").path("replicas").asInt();
      int minIsr =
          e.getValue()
              .path("spec")
              .path("config")
              .path("min.insync.replicas")
              .asInt(kafkaConfig("min.insync.replicas").asInt(1));
      if (replicas < 1 || replicas > brokers) {
        problems.add(
            "KafkaTopic "
                + e.getKey()
                + ": replicas "
                + replicas
                + " but "
                + brokers
                + " broker(s)");
      }
      if (replicas > 1 && minIsr >= replicas) {
        problems.add(
            "KafkaTopic "
                + e.getKey()
                + ": min.insync.replicas "
                + minIsr
                + " leaves no broker to lose with "
                + replicas
                + " replicas");
      }
      if (e.getValue().path("spec").path("partitions").asInt() < 1) {
        problems.add("KafkaTopic " + e.getKey() + ": partitions must be set");
      }
    }
  }

  // ---------------------------------------------------------------- kafka

  private void kafka() {
    List<ObjectNode> kafkas = of("Kafka");
    if (kafkas.size() != 1) {
      problems.add("Kafka: expected one Kafka, found " + kafkas.size());
      return;
    }
    String name = kafkas.get(0).path("metadata").path("name").asText();
    boolean controller = false;
    for (ObjectNode pool : of("KafkaNodePool")) {
      if (!pool.path("metadata").path("labels").path("strimzi.io/cluster").asText().equals(name)) {
        problems.add(
            "KafkaNodePool/"
                + pool.path("metadata").path("name").asText()
                + ": not labelled for Kafka "
                + name);
      }
      for (JsonNode role : pool.path("spec").path("roles")) {
        controller |= role.asText().equals("controller");
      }
    }
    if (!controller || brokers() == 0) {
      problems.add(
          "Kafka " + name + ": KRaft needs node pools with the controller and broker roles");
    }
    for (String key :
        List.of(
            "offsets.topic.replication.factor",
            "transaction.state.log.replication.factor",
            "default.replication.factor")) {
      if (kafkaConfig(key).isMissingNode() || kafkaConfig(key).asInt() > brokers()) {
        problems.add(
            "Kafka "
                + name
                + ": "
                + key
                + " must be set and at most the "
                + brokers()
                + " broker(s)");
      }
    }
  }

  private int brokers() {
    int n = 0;
    for (ObjectNode pool : of("KafkaNodePool")) {
      for (JsonNode role : pool.path("spec").path("roles")) {
        if (role.asText().equals("broker")) {
          n += pool.path("spec").path("replicas").asInt();
        }
      }
    }
    return n;
  }

  private JsonNode kafkaConfig(String key) {
    return of("Kafka").stream()
        .findFirst()
        .map(k -> k.path("spec").path("kafka").path("config").path(key))
        .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
  }

  // ---------------------------------------------------------------- scaling and disruption

  private void autoscalers() {
    for (ObjectNode hpa : of("HorizontalPodAutoscaler")) {
      String id = "HorizontalPodAutoscaler/" + hpa.path("metadata").path("name").asText();
      JsonNode ref = hpa.path("spec").path("scaleTargetRef");
      Optional<ObjectNode> target = named(ref.path("kind").asText(), ref.path("name").asText());
      if (target.isEmpty()) {
        problems.add(id + ": scale target " + ref + " does not exist");
        continue;
      }
      int min = hpa.path("spec").path("minReplicas").asInt(1);
      int max = hpa.path("spec").path("maxReplicas").asInt();
      if (min > max) {
        problems.add(id + ": minReplicas above maxReplicas");
      }
      if (ref.path("name").asText().equals("detector-service")) {
        int threads =
            configMapData("sentinel-detector-service").path("SENTINEL_STREAM_THREADS").asInt(1);
        int partitions =
            of("KafkaTopic").stream()
                .filter(t -> t.path("spec").path("topicName").asText().equals(Topics.SAMPLES))
                .mapToInt(t -> t.path("spec").path("partitions").asInt())
                .findFirst()
                .orElse(0);
        if ((long) max * threads > partitions) {
          problems.add(
              id
                  + ": maxReplicas "
                  + max
                  + " x "
                  + threads
                  + " stream thread(s) exceeds the "
                  + partitions
                  + " partitions of "
                  + Topics.SAMPLES
                  + ": the extra pods would idle");
        }
      }
      for (JsonNode c :
          target.get().path("spec").path("template").path("spec").path("containers")) {
        if (c.path("resources").path("requests").path("cpu").isMissingNode()) {
          problems.add(id + ": CPU utilization needs a CPU request on " + c.path("name").asText());
        }
      }
    }
  }

  private void disruptionBudgets() {
    for (ObjectNode pdb : of("PodDisruptionBudget")) {
      JsonNode selector = pdb.path("spec").path("selector").path("matchLabels");
      boolean matches =
          workloads().stream()
              .anyMatch(
                  w ->
                      selects(
                          selector,
                          w.path("spec").path("template").path("metadata").path("labels")));
      if (!matches) {
        problems.add(
            "PodDisruptionBudget/"
                + pdb.path("metadata").path("name").asText()
                + ": selects no workload's pods");
      }
    }
  }

  private void networkPolicies() {
    for (ObjectNode w : workloads()) {
      JsonNode labels = w.path("spec").path("template").path("metadata").path("labels");
      boolean denied =
          of("NetworkPolicy").stream()
              .anyMatch(
                  np -> {
                    JsonNode spec = np.path("spec");
                    List<String> types = new ArrayList<>();
                    spec.path("policyTypes").forEach(t -> types.add(t.asText()));
                    return selects(spec.path("podSelector").path("matchLabels"), labels)
                        && spec.path("podSelector").path("matchExpressions").isMissingNode()
                        && types.containsAll(List.of("Ingress", "Egress"))
                        && spec.path("ingress").size() == 0
                        && spec.path("egress").size() == 0;
                  });
      if (!denied) {
        problems.add(
            w.path("kind").asText()
                + "/"
                + w.path("metadata").path("name").asText()
                + ": no default-deny NetworkPolicy (Ingress and Egress) selects its pods");
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private List<ObjectNode> of(String kind) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
  }

  private Optional<ObjectNode> named(String kind, String name) {
    return of(kind).stream()
        .filter(o -> o.path("metadata").path("name").asText().equals(name))
        .findFirst();
  }

  private List<ObjectNode> workloads() {
    List<ObjectNode> out = new ArrayList<>(of("Deployment"));
    out.addAll(of("StatefulSet"));
    return out;
  }

  private Optional<ObjectNode> workload(String name) {
    return workloads().stream()
        .filter(o -> o.path("metadata").path("name").asText().equals(name))
        .findFirst();
  }

  private JsonNode configMapData(String name) {
    return named("ConfigMap", name)
        .map(cm -> cm.path("data"))
        .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
  }

  private boolean secretProvided(String name) {
    return named("Secret", name).isPresent()
        || kafkaUserExists(name)
        || OPERATOR_SECRETS.contains(name)
        || of("Cluster").stream()
            .anyMatch(c -> name.equals(c.path("metadata").path("name").asText() + "-app"))
        || of("Kafka").stream()
            .anyMatch(
                k -> name.equals(k.path("metadata").path("name").asText() + "-cluster-ca-cert"));
  }

  private boolean kafkaUserExists(String name) {
    return named("KafkaUser", name).isPresent();
  }

  /** Whether a label selector (matchLabels) selects pods with {@code labels}. */
  private static boolean selects(JsonNode matchLabels, JsonNode labels) {
    if (matchLabels.isMissingNode() || matchLabels.size() == 0) {
      return false;
    }
    var it = matchLabels.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (!labels.path(e.getKey()).asText().equals(e.getValue().asText())) {
        return false;
      }
    }
    return true;
  }

  private static java.math.BigDecimal bytes(JsonNode q) {
    return Quantity.getAmountInBytes(new Quantity(q.asText()));
  }
}
