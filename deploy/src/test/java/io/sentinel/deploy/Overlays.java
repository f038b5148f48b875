package io.sentinel.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The overlays in deploy/k8s/overlays and helpers to find objects in their rendering. */
final class Overlays {
  static final List<String> NAMES = List.of("dev", "prod");

  private Overlays() {}

  static Path dir(String overlay) {
    return ServiceSource.root().resolve("deploy/k8s/overlays").resolve(overlay);
  }

  static List<ObjectNode> render(String overlay) {
    return Kustomize.render(dir(overlay));
  }

  static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
  }

  static ObjectNode get(List<ObjectNode> objects, String kind, String name) {
    Optional<ObjectNode> o =
        ofKind(objects, kind).stream()
            .filter(x -> x.path("metadata").path("name").asText().equals(name))
            .findFirst();
    return o.orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
  }
}
