package io.sentinel.query.security;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * At start: checks the bootstrap key, and when no user exists creates the first administrator with
 * a one-time password (logged once, and written to sentinel.security.first-admin.password-file for
 * {@code ./sentinel up} to print). Several replicas starting at once create one administrator: the
 * insert locks the users table and happens only while it is empty. Hourly: deletes expired
 * sessions.
 */
@ApplicationScoped
public class FirstAdmin {
  private static final Logger LOG = Logger.getLogger(FirstAdmin.class);

  /** The first administrator's tenants, as every user's before an admin assigns others. */
  private static final List<String> DEFAULT_TENANTS = List.of("default");

  @Inject IdentityStore store;
  @Inject SecurityConfig config;

  void onStart(@Observes StartupEvent e) {
    config
        .bootstrap()
        .apiKey()
        .filter(k -> !k.isBlank() && k.length() < 16)
        .ifPresent(
            k -> {
              throw new IllegalStateException(
                  "sentinel.security.bootstrap.api-key must be at least 16 characters");
            });
    if (config.bootstrap().apiKey().filter(k -> !k.isBlank()).isPresent()) {
      LOG.info("a bootstrap API key (role admin) is configured");
    }
    ensure(config.firstAdmin().passwordFile().filter(f -> !f.isBlank()).map(Path::of));
  }

  /**
   * Creates the first administrator if no user exists, logging its one-time password and writing
   * "USERNAME PASSWORD" to the file if one is given; answers whether it created one.
   */
  boolean ensure(java.util.Optional<Path> passwordFile) {
    String password = Secrets.password();
    String username = config.firstAdmin().username();
    IdentityStore.UserRow created =
        Uni.createFrom()
            .item(() -> Passwords.hash(password))
            .chain(
                hash ->
                    store.createUser(
                        username, hash, Role.ADMIN, true, "first start", true, DEFAULT_TENANTS))
            .await()
            .atMost(Duration.ofSeconds(60));
    if (created == null) {
      return false;
    }
    LOG.infof(
        "no user existed: created administrator '%s' with one-time password %s (to be replaced at"
            + " first sign-in)",
        username, password);
    passwordFile.ifPresent(f -> write(f, username + " " + password + "\n"));
    return true;
  }

  private static void write(Path file, String content) {
    try {
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.WRITE);
      LOG.infof("first administrator's one-time password written to %s", file);
    } catch (IOException | UnsupportedOperationException ex) {
      LOG.errorf(ex, "could not write the first administrator's password to %s", file);
    }
  }

  @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> purge() {
    return store
        .purgeExpiredSessions()
        .invoke(
            n -> {
              if (n > 0) {
                LOG.infof("deleted %d expired sessions", n);
              }
            })
        .replaceWithVoid();
  }
}
