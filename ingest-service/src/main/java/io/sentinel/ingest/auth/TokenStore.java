package io.sentinel.ingest.auth;

import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.sentinel.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The agent tokens, read from {@code sentinel.ingest.auth.tokens-file} (lines {@code token tenant
 * [monitor]}). Only SHA-256 hashes of the tokens are kept, and a presented token is compared with
 * every one of them with {@link MessageDigest#isEqual}, so neither the answer time nor a heap dump
 * tells a token. Tokens are never logged.
 *
 * <p>The file is read again when its content changes (checked every {@code
 * sentinel.ingest.auth.reload-interval}), so tokens rotate without a restart, e.g. when Kubernetes
 * updates a mounted Secret. A file that has become unreadable or invalid keeps the tokens read last
 * and is reported in the log, rather than locking every agent out over an editing mistake.
 */
// @Startup: a missing or broken tokens file stops the service at start-up, not at the first request
@Startup
@ApplicationScoped
public class TokenStore {
  private static final Logger LOG = Logger.getLogger(TokenStore.class);

  /** Shortest token accepted in the file: a guessable token is a configuration error. */
  public static final int MIN_TOKEN_LENGTH = 16;

  private record Entry(byte[] hash, AgentToken grant) {}

  private final boolean enabled;
  private final Optional<Path> file;
  private volatile List<Entry> entries;

  /** SHA-256 of the file's bytes as last read, to notice a change whatever its timestamps say. */
  private volatile byte[] fileDigest;

  public TokenStore(IngestConfig config) {
    this.enabled = config.auth().enabled();
    this.file = config.auth().tokensFile();
    if (!enabled) {
      LOG.warn(
          "Agent authentication is OFF (sentinel.ingest.auth.enabled=false): anyone who can reach"
              + " this service can push samples. Every sample gets tenant '"
              + Tenants.DEFAULT
              + "'.");
      entries = List.of();
    } else if (file.isEmpty()) {
      throw new IllegalStateException(
          "Agent authentication is on but no tokens are configured: set"
              + " SENTINEL_INGEST_TOKENS_FILE (sentinel.ingest.auth.tokens-file) to a file of"
              + " 'token tenant' lines, or SENTINEL_INGEST_AUTH_ENABLED=false on a closed local"
              + " machine.");
    } else {
      byte[] content = bytes(file.get());
      entries = parse(file.get(), content);
      fileDigest = sha256(content);
      LOG.infof("Agent authentication on: %d token(s) from %s", entries.size(), file.get());
    }
  }

  @Scheduled(
      every = "${sentinel.ingest.auth.reload-interval:30s}",
      delayed = "${sentinel.ingest.auth.reload-interval:30s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void reloadPeriodically() {
    reload();
  }

  /**
   * Reads the tokens file again if its content changed. Emits whether new tokens took effect.
   * Invalid content is logged and ignored: the tokens read last stay.
   */
  public boolean reload() {
    if (!enabled || file.isEmpty()) {
      return false;
    }
    Path path = file.get();
    try {
      byte[] content = bytes(path);
      byte[] digest = sha256(content);
      if (MessageDigest.isEqual(digest, fileDigest)) {
        return false;
      }
      List<Entry> fresh = parse(path, content);
      entries = fresh;
      fileDigest = digest;
      LOG.infof("Agent tokens reloaded: %d token(s) from %s", fresh.size(), path);
      return true;
    } catch (RuntimeException e) {
      LOG.errorf(
          "Agent tokens file changed but cannot be used, keeping the %d token(s) read before: %s",
          entries.size(), e.getMessage());
      return false;
    }
  }

  /** Whether requests must carry a token. */
  public boolean enabled() {
    return enabled;
  }

  /** The grant of {@code token}, empty when it is not a known token. Constant time per entry. */
  public Optional<AgentToken> check(String token) {
    if (!enabled) {
      return Optional.of(new AgentToken(Tenants.DEFAULT, null));
    }
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    byte[] hash = sha256(token);
    AgentToken found = null;
    // no early exit: every entry is compared, whatever matches
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.hash, hash) && found == null) {
        found = e.grant;
      }
    }
    return Optional.ofNullable(found);
  }

  private static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read the agent tokens file " + file + " (sentinel.ingest.auth.tokens-file)", e);
    }
  }

  static List<Entry> parse(Path file, byte[] content) {
    List<String> lines = new String(content, StandardCharsets.UTF_8).lines().toList();
    List<Entry> result = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      // the token itself never appears in a message
      if (parts.length < 2 || parts.length > 3) {
        throw new IllegalStateException(
            file
                + " line "
                + (i + 1)
                + ": expected 'token tenant [monitor]', got "
                + parts.length
                + " fields");
      }
      if (parts[0].length() < MIN_TOKEN_LENGTH) {
        throw new IllegalStateException(
            file
                + " line "
                + (i + 1)
                + ": the token is shorter than "
                + MIN_TOKEN_LENGTH
                + " characters");
      }
      if (!Tenants.valid(parts[1])) {
        throw new IllegalStateException(
            file + " line " + (i + 1) + ": tenant must match " + Tenants.PATTERN);
      }
      result.add(
          new Entry(
              sha256(parts[0]), new AgentToken(parts[1], parts.length == 3 ? parts[2] : null)));
    }
    if (result.isEmpty()) {
      throw new IllegalStateException(file + " holds no token: every agent would be refused");
    }
    return List.copyOf(result);
  }

  static byte[] sha256(String token) {
    return sha256(token.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
