package io.sentinel.ingest.auth;

import io.sentinel.ingest.config.IngestConfig;
import io.quarkus.runtime.Startup;
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
  private final List<Entry> entries;

  public TokenStore(IngestConfig config) {
    this.enabled = config.auth().enabled();
    Optional<Path> file = config.auth().tokensFile();
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
      entries = read(file.get());
      LOG.infof("Agent authentication on: %d token(s) from %s", entries.size(), file.get());
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

  static List<Entry> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read the agent tokens file " + file + " (sentinel.ingest.auth.tokens-file)", e);
    }
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
            file + " line " + (i + 1) + ": expected 'token tenant [monitor]', got "
                + parts.length + " fields");
      }
      if (parts[0].length() < MIN_TOKEN_LENGTH) {
        throw new IllegalStateException(
            file + " line " + (i + 1) + ": the token is shorter than " + MIN_TOKEN_LENGTH
                + " characters");
      }
      if (!Tenants.valid(parts[1])) {
        throw new IllegalStateException(
            file + " line " + (i + 1) + ": tenant must match " + Tenants.PATTERN);
      }
      result.add(
          new Entry(sha256(parts[0]), new AgentToken(parts[1], parts.length == 3 ? parts[2] : null)));
    }
    if (result.isEmpty()) {
      throw new IllegalStateException(file + " holds no token: every agent would be refused");
    }
    return List.copyOf(result);
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
