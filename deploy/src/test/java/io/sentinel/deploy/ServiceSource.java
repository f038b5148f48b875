package io.sentinel.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a service's own sources say about how it must be deployed, read from the working tree at
 * test time so that the manifests are checked against the services as they are now: the environment
 * variables its application.properties reads, its HTTP port, its {@code @ConfigMapping} prefixes
 * and the root paths of its REST resources.
 */
record ServiceSource(
    String name,
    int httpPort,
    Set<String> envVars,
    Set<String> configPrefixes,
    Set<String> restRoots,
    Properties properties,
    Path dir) {

  private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
  private static final Pattern MAPPING =
      Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");

  /** A class-level (unindented) {@code @Path(...)}: a literal or a constant. */
  private static final Pattern CLASS_PATH =
      Pattern.compile("^@Path\\(([^)]+)\\)", Pattern.MULTILINE);

  private static final Pattern TERM =
      Pattern.compile("\\s*(\"[^\"]*\"|[A-Za-z_][\\w.]*)\\s*(?:\\+|$)");

  /** A method-level (indented) {@code @Path(...)}. */
  private static final Pattern METHOD_PATH =
      Pattern.compile("^\\s+@Path\\(([^)]+)\\)", Pattern.MULTILINE);

  private static final Pattern CONSTANT =
      Pattern.compile("static\\s+final\\s+String\\s+(\\w+)\\s*=\\s*([^;]+);");

  static final List<String> SERVICES =
      List.of("ingest-service", "detector-service", "query-service");

  static Path root() {
    return Path.of(System.getProperty("sentinel.root", "..")).toAbsolutePath().normalize();
  }

  static ServiceSource of(String name) {
    Path dir = root().resolve(name);
    Path file = dir.resolve("src/main/resources/application.properties");
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      props.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
    Set<String> env = new TreeSet<>();
    for (String key : props.stringPropertyNames()) {
      // %test. and %dev. values never run in a cluster (the prod profile does)
      if (key.startsWith("%") && !key.startsWith("%prod.")) {
        continue;
      }
      Matcher m = ENV_REF.matcher(props.getProperty(key));
      while (m.find()) {
        env.add(m.group(1));
      }
    }
    String port = props.getProperty("quarkus.http.port");
    if (port == null) {
      throw new IllegalStateException(file + " sets no quarkus.http.port");
    }
    Set<String> prefixes = new TreeSet<>();
    Set<String> roots = new TreeSet<>();
    Map<String, String> constants = new HashMap<>();
    Map<Path, String> sources = new HashMap<>();
    try (Stream<Path> files = Files.walk(dir.resolve("src/main/java"))) {
      for (Path java :
          files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
        String src = Files.readString(java);
        sources.put(java, src);
        String cls = java.getFileName().toString().replace(".java", "");
        Matcher c = CONSTANT.matcher(src);
        while (c.find()) {
          constants.put(cls + "." + c.group(1), c.group(2).trim());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(dir.toString(), e);
    }
    for (Map.Entry<Path, String> e : sources.entrySet()) {
      String cls = e.getKey().getFileName().toString().replace(".java", "");
      Matcher m = MAPPING.matcher(e.getValue());
      while (m.find()) {
        prefixes.add(m.group(1));
      }
      Matcher p = CLASS_PATH.matcher(e.getValue());
      if (!p.find()) {
        continue;
      }
      String base;
      List<String> methods = new ArrayList<>();
      try {
        base = resolve(p.group(1), cls, constants, e.getKey());
        Matcher mp = METHOD_PATH.matcher(e.getValue());
        while (mp.find()) {
          methods.add(resolve(mp.group(1), cls, constants, e.getKey()));
        }
      } catch (IllegalStateException unreadable) {
        // a @Path this reader cannot evaluate is not a broken manifest: say so, check the rest
        System.err.println(
            "[deploy] WARNING: route check skips a resource: " + unreadable.getMessage());
        continue;
      }
      // a resource at "/" serves only its methods' paths (e.g. the Influx /write and /api/v2/write)
      if (methods.isEmpty() || !base.equals("/")) {
        roots.add(base);
      }
      for (String method : methods) {
        roots.add(join(base, method));
      }
    }
    return new ServiceSource(name, Integer.parseInt(port.trim()), env, prefixes, roots, props, dir);
  }

  /**
   * The value of a {@code @Path} argument: string literals and {@code static final String}
   * constants of this service ({@code NAME} or {@code Class.NAME}, themselves resolved the same
   * way), joined by {@code +}.
   */
  private static String resolve(String expr, String cls, Map<String, String> constants, Path file) {
    return resolve(expr, cls, constants, file, 0);
  }

  private static String resolve(
      String expr, String cls, Map<String, String> constants, Path file, int depth) {
    if (depth > 10) {
      throw new IllegalStateException(file + ": @Path constants nest too deep");
    }
    StringBuilder out = new StringBuilder();
    for (String term : terms(expr)) {
      if (term.startsWith("\"")) {
        out.append(term, 1, term.length() - 1);
        continue;
      }
      String key = term.contains(".") ? term : cls + "." + term;
      String value = constants.get(key);
      if (value == null) {
        throw new IllegalStateException(
            file + ": cannot resolve " + term + " in @Path(" + expr + ") to a string constant");
      }
      out.append(resolve(value, key.substring(0, key.indexOf('.')), constants, file, depth + 1));
    }
    return out.toString();
  }

  /** The operands of a {@code +} concatenation of string literals (without escapes) and names. */
  private static List<String> terms(String expr) {
    List<String> terms = new ArrayList<>();
    Matcher m = TERM.matcher(expr);
    int at = 0;
    while (m.find() && m.start() == at) {
      terms.add(m.group(1));
      at = m.end();
    }
    if (at != expr.length() || terms.isEmpty()) {
      throw new IllegalStateException(
          "not a concatenation of string literals and constants: " + expr);
    }
    return terms;
  }

  private static String join(String base, String path) {
    String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    return b + (path.startsWith("/") ? path : "/" + path);
  }

  /**
   * Environment variable prefixes of this service's {@code @ConfigMapping}s, e.g. SENTINEL_INGEST_.
   */
  Set<String> mappingEnvPrefixes() {
    Set<String> out = new LinkedHashSet<>();
    for (String p : configPrefixes) {
      out.add(p.toUpperCase().replaceAll("[^A-Z0-9]", "_") + "_");
    }
    return out;
  }

  /** A {@code static final String} constant of a source file of this service, e.g. a store name. */
  String constantIn(String relativeSource, String name) {
    Path file = dir.resolve("src/main/java").resolve(relativeSource);
    try {
      Matcher m = CONSTANT.matcher(Files.readString(file));
      while (m.find()) {
        if (m.group(1).equals(name)) {
          return resolve(
              m.group(2), file.getFileName().toString().replace(".java", ""), Map.of(), file);
        }
      }
      throw new IllegalStateException(file + ": no constant " + name);
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }
}
