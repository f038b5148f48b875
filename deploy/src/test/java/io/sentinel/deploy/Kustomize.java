package io.sentinel.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the subset of kustomize our
 * manifests use, so that the build needs no kubectl: {@code resources} (files and directories),
 * {@code namespace}, {@code images} and {@code patches} in JSON 6902 form with a kind/name target.
 * Any other field fails the render, so a manifest can never silently depend on a feature this
 * renderer ignores; {@code KustomizeTest} compares it with kubectl wherever kubectl is installed.
 */
final class Kustomize {
  static final YAMLMapper YAML = new YAMLMapper();

  private static final Set<String> SUPPORTED =
      Set.of("apiVersion", "kind", "resources", "namespace", "images", "patches");
  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "Namespace",
          "ClusterRole",
          "ClusterRoleBinding",
          "CustomResourceDefinition",
          "StorageClass",
          "PersistentVolume",
          "PriorityClass",
          "IngressClass");

  private Kustomize() {}

  /** The objects that the kustomization in {@code dir} renders to, in resource order. */
  static List<ObjectNode> render(Path dir) {
    Path file = dir.resolve("kustomization.yaml");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no kustomization.yaml in " + dir);
    }
    JsonNode k = readOne(file);
    k.fieldNames()
        .forEachRemaining(
            f -> {
              if (!SUPPORTED.contains(f)) {
                throw new IllegalArgumentException(
                    file
                        + ": kustomization field '"
                        + f
                        + "' is not supported by the build's renderer "
                        + "(supported: "
                        + SUPPORTED
                        + ")");
              }
            });
    List<ObjectNode> objects = new ArrayList<>();
    for (JsonNode r : k.path("resources")) {
      Path p = dir.resolve(r.asText()).normalize();
      if (Files.isDirectory(p)) {
        objects.addAll(render(p));
      } else {
        objects.addAll(readAll(p));
      }
    }
    for (JsonNode patch : k.path("patches")) {
      applyPatch(dir, file, patch, objects);
    }
    for (JsonNode image : k.path("images")) {
      applyImage(image, objects);
    }
    if (k.hasNonNull("namespace")) {
      String ns = k.get("namespace").asText();
      for (ObjectNode o : objects) {
        if (!CLUSTER_SCOPED.contains(o.path("kind").asText())) {
          ((ObjectNode) o.get("metadata")).put("namespace", ns);
        }
      }
    }
    return objects;
  }

  static JsonNode readOne(Path file) {
    List<ObjectNode> all = readAll(file);
    if (all.size() != 1) {
      throw new IllegalArgumentException(
          file + ": expected one YAML document, found " + all.size());
    }
    return all.get(0);
  }

  static List<ObjectNode> readAll(Path file) {
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      List<ObjectNode> docs = new ArrayList<>();
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc == null || doc.isMissingNode() || doc.isNull()) {
          continue;
        }
        if (!doc.isObject()) {
          throw new IllegalArgumentException(file + ": a document is not a mapping: " + doc);
        }
        docs.add((ObjectNode) doc);
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }

  private static void applyPatch(Path dir, Path file, JsonNode patch, List<ObjectNode> objects) {
    Set<String> fields = Set.of("path", "target");
    patch
        .fieldNames()
        .forEachRemaining(
            f -> {
              if (!fields.contains(f)) {
                throw new IllegalArgumentException(
                    file + ": patch field '" + f + "' is not supported");
              }
            });
    JsonNode target = patch.path("target");
    target
        .fieldNames()
        .forEachRemaining(
            f -> {
              if (!Set.of("kind", "name").contains(f)) {
                throw new IllegalArgumentException(
                    file + ": patch target field '" + f + "' is not supported");
              }
            });
    if (!target.hasNonNull("kind")) {
      throw new IllegalArgumentException(file + ": a patch needs a target kind");
    }
    Path patchFile = dir.resolve(patch.path("path").asText());
    List<Map<String, Object>> ops;
    try {
      ops = YAML.readValue(patchFile.toFile(), new TypeReference<>() {});
    } catch (IOException e) {
      throw new IllegalArgumentException(
          patchFile
              + ": not a JSON 6902 patch (a list of operations); strategic merge patches are "
              + "not supported by the build's renderer",
          e);
    }
    int matched = 0;
    for (ObjectNode o : objects) {
      if (o.path("kind").asText().equals(target.get("kind").asText())
          && (!target.hasNonNull("name")
              || o.path("metadata").path("name").asText().equals(target.get("name").asText()))) {
        matched++;
        for (Map<String, Object> op : ops) {
          JsonPatch.apply(o, YAML.valueToTree(op), patchFile);
        }
      }
    }
    if (matched == 0) {
      throw new IllegalArgumentException(
          file
              + ": patch "
              + patchFile.getFileName()
              + " matches no object (target "
              + target
              + ")");
    }
  }

  private static void applyImage(JsonNode image, List<ObjectNode> objects) {
    String name = image.path("name").asText();
    for (ObjectNode o : objects) {
      JsonNode spec = o.path("spec").path("template").path("spec");
      for (String list : List.of("initContainers", "containers")) {
        for (JsonNode c : spec.path(list)) {
          String current = c.path("image").asText();
          String repo = imageName(current);
          if (!repo.equals(name)) {
            continue;
          }
          String tag = current.substring(repo.length());
          String newName = image.hasNonNull("newName") ? image.get("newName").asText() : repo;
          if (image.hasNonNull("digest")) {
            tag = "@" + image.get("digest").asText();
          } else if (image.hasNonNull("newTag")) {
            tag = ":" + image.get("newTag").asText();
          }
          ((ObjectNode) c).set("image", new TextNode(newName + tag));
        }
      }
    }
  }

  /** The image reference without its tag or digest. */
  private static String imageName(String ref) {
    int at = ref.indexOf('@');
    if (at >= 0) {
      return ref.substring(0, at);
    }
    int colon = ref.lastIndexOf(':');
    return colon > ref.lastIndexOf('/') ? ref.substring(0, colon) : ref;
  }

  /** JSON Patch (RFC 6902) operations add, replace, remove and test. */
  static final class JsonPatch {
    private JsonPatch() {}

    static void apply(ObjectNode doc, JsonNode op, Path source) {
      String kind = op.path("op").asText();
      String path = op.path("path").asText();
      List<String> tokens = pointer(path);
      if (tokens.isEmpty()) {
        throw new IllegalArgumentException(
            source + ": patching the whole document is not supported");
      }
      JsonNode parent = doc;
      for (String t : tokens.subList(0, tokens.size() - 1)) {
        parent = child(parent, t);
        if (parent == null) {
          throw new IllegalArgumentException(
              source
                  + ": "
                  + kind
                  + " "
                  + path
                  + ": no such path in "
                  + doc.path("kind").asText()
                  + "/"
                  + doc.path("metadata").path("name").asText());
        }
      }
      String last = tokens.get(tokens.size() - 1);
      JsonNode value = op.get("value");
      switch (kind) {
        case "add" -> {
          if (parent instanceof ObjectNode obj) {
            obj.set(last, value.deepCopy());
          } else if (parent instanceof ArrayNode arr) {
            if (last.equals("-")) {
              arr.add(value.deepCopy());
            } else {
              arr.insert(index(arr, last, true, source, path), value.deepCopy());
            }
          } else {
            throw new IllegalArgumentException(source + ": add " + path + ": parent is a scalar");
          }
        }
        case "replace", "remove", "test" -> {
          if (child(parent, last) == null) {
            throw new IllegalArgumentException(
                source
                    + ": "
                    + kind
                    + " "
                    + path
                    + ": no such path in "
                    + doc.path("kind").asText()
                    + "/"
                    + doc.path("metadata").path("name").asText());
          }
          if (kind.equals("test")) {
            if (!child(parent, last).equals(value)) {
              throw new IllegalArgumentException(source + ": test " + path + " failed");
            }
          } else if (parent instanceof ObjectNode obj) {
            if (kind.equals("replace")) {
              obj.set(last, value.deepCopy());
            } else {
              obj.remove(last);
            }
          } else {
            ArrayNode arr = (ArrayNode) parent;
            int i = index(arr, last, false, source, path);
            if (kind.equals("replace")) {
              arr.set(i, value.deepCopy());
            } else {
              arr.remove(i);
            }
          }
        }
        default ->
            throw new IllegalArgumentException(
                source
                    + ": JSON patch op '"
                    + kind
                    + "' is not supported (add, replace, remove, test)");
      }
    }

    private static JsonNode child(JsonNode node, String token) {
      if (node instanceof ObjectNode) {
        return node.get(token);
      }
      if (node instanceof ArrayNode arr && token.matches("\\d+")) {
        int i = Integer.parseInt(token);
        return i < arr.size() ? arr.get(i) : null;
      }
      return null;
    }

    private static int index(ArrayNode arr, String token, boolean add, Path source, String path) {
      if (!token.matches("\\d+")) {
        throw new IllegalArgumentException(source + ": " + path + ": not an array index");
      }
      int i = Integer.parseInt(token);
      if (i > arr.size() || (!add && i == arr.size())) {
        throw new IllegalArgumentException(source + ": " + path + ": index out of bounds");
      }
      return i;
    }

    static List<String> pointer(String path) {
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("JSON pointer must start with /: " + path);
      }
      List<String> tokens = new ArrayList<>();
      for (String t : path.substring(1).split("/", -1)) {
        tokens.add(t.replace("~1", "/").replace("~0", "~"));
      }
      return tokens;
    }
  }
}
