package io.sentinel.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged Sentinel service running as a process of its own, as in production. */
final class ServiceProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String name;
  private final Path jar;
  private final Map<String, String> env;
  private final int port;
  private final Path log;
  private Process process;

  ServiceProcess(String module, Map<String, String> env) throws IOException {
    this(module, env, module);
  }

  /** A service whose log is {@code target/e2e-logs/logName.log} (a second instance of a module). */
  ServiceProcess(String module, Map<String, String> env, String logName) throws IOException {
    this.name = logName;
    this.jar = root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          jar + " is missing: package the services first (./mvnw verify does)");
    }
    this.env = env;
    this.port = freePort();
    this.log = Files.createDirectories(Path.of("target/e2e-logs")).resolve(logName + ".log");
  }

  static Path root() {
    String root = System.getProperty("sentinel.root");
    return root == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(root);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  ServiceProcess start() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx384m", "-jar", jar.toString()));
    pb.environment().putAll(env);
    pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = pb.start();
    return this;
  }

  /** Waits until the service reports ready on /q/health/ready. */
  ServiceProcess awaitReady() {
    await(name + " ready (log: " + log.toAbsolutePath() + ")")
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    name + " exited with " + process.exitValue() + ", see " + log);
              }
              try {
                return HTTP.send(
                            HttpRequest.newBuilder(url("/q/health/ready"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200;
              } catch (IOException e) {
                return false;
              }
            });
    return this;
  }

  /** CPU time the process has used so far, in clock ticks (1/100 s), from /proc; -1 if unknown. */
  long cpuTicks() {
    return cpuTicks(process.pid());
  }

  /** CPU time process {@code pid} has used so far, in clock ticks (1/100 s); -1 if unknown. */
  static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  URI url(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  /** Stops the service the way Kubernetes does: SIGTERM, then a grace period. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /**
   * Kills the process with SIGKILL ({@code kill -9}): no shutdown hook, no flush, no commit. {@link
   * #start()} starts it again on the same port with the same environment.
   */
  void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor();
    }
  }

  /** A variable of the environment it runs with. */
  String env(String name) {
    return env.get(name);
  }

  String name() {
    return name;
  }

  /** Pid of the running process (for figures such as open files), -1 when not running. */
  long pid() {
    return process != null && process.isAlive() ? process.pid() : -1;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
