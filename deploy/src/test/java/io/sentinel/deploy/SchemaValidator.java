package io.sentinel.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a rendered object against its schema. Kubernetes core types and Strimzi's custom resources
 * are read into their published Java models (fabric8 kubernetes-model, io.strimzi:api) with scalar
 * coercion off, then every model object in the result is searched for fields its class does not
 * know: those models keep unknown fields in {@code additionalProperties} rather than failing, so
 * that search is what makes a misspelt or misplaced field an error. CloudNativePG's Cluster, which
 * has no published Java model, is checked against a JSON schema (schemas/cnpg-cluster-v1.json).
 */
final class SchemaValidator {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build();

  private static final Map<String, Class<?>> MODELS =
      Map.ofEntries(
          Map.entry("v1/Namespace", Namespace.class),
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("v1/Secret", Secret.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("apps/v1/StatefulSet", StatefulSet.class),
          Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
          Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
          Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
          Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
          Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
          Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
          Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class));

  private static final Map<String, String> JSON_SCHEMAS =
      Map.of("postgresql.cnpg.io/v1/Cluster", "/schemas/cnpg-cluster-v1.json");

  private SchemaValidator() {}

  /** The schema violations of {@code object}; empty when it is valid. */
  static List<String> validate(JsonNode object) {
    String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    String id = type + " " + object.path("metadata").path("name").asText();
    List<String> problems = new ArrayList<>();
    if (object.path("metadata").path("name").asText().isEmpty()) {
      problems.add(id + ": metadata.name is missing");
    }
    Class<?> model = MODELS.get(type);
    String schema = JSON_SCHEMAS.get(type);
    if (model != null) {
      try {
        Object typed = MAPPER.treeToValue(object, model);
        unknownFields(typed, "", problems, Collections.newSetFromMap(new IdentityHashMap<>()));
      } catch (JsonMappingException e) {
        problems.add("wrong type at " + e.getPathReference() + ": " + e.getOriginalMessage());
      } catch (IOException e) {
        problems.add(e.getMessage());
      }
    } else if (schema != null) {
      for (ValidationMessage m : jsonSchema(schema).validate(object)) {
        problems.add(m.getMessage());
      }
    } else {
      problems.add(
          "no schema known for " + type + " (add its model or JSON schema to SchemaValidator)");
    }
    return problems.stream().map(p -> p.startsWith(id) ? p : id + ": " + p).toList();
  }

  private static JsonSchema jsonSchema(String resource) {
    try (InputStream in = SchemaValidator.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing " + resource);
      }
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isModel(Class<?> c) {
    String n = c.getName();
    return n.startsWith("io.fabric8.kubernetes.api.model.") || n.startsWith("io.strimzi.api.");
  }

  /** Reports every non-empty additionalProperties map in the object graph below {@code bean}. */
  private static void unknownFields(
      Object bean, String path, List<String> problems, Set<Object> seen) {
    if (bean == null || !seen.add(bean)) {
      return;
    }
    if (bean instanceof Collection<?> list) {
      int i = 0;
      for (Object item : list) {
        unknownFields(item, path + "[" + i++ + "]", problems, seen);
      }
      return;
    }
    if (bean instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        unknownFields(e.getValue(), path + "." + e.getKey(), problems, seen);
      }
      return;
    }
    if (!isModel(bean.getClass())) {
      return;
    }
    for (Method m : bean.getClass().getMethods()) {
      if (m.getParameterCount() != 0
          || Modifier.isStatic(m.getModifiers())
          || m.getReturnType().isPrimitive()
          || !m.getName().startsWith("get")
          || m.getName().equals("getClass")) {
        continue;
      }
      Object value;
      try {
        value = m.invoke(bean);
      } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
        continue;
      }
      if (m.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          problems.add(
              "unknown field(s) " + extra.keySet() + " at " + (path.isEmpty() ? "." : path));
        }
        continue;
      }
      String name = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
      unknownFields(value, path + "." + name, problems, seen);
    }
  }
}
