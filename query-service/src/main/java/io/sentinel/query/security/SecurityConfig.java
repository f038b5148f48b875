package io.sentinel.query.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings under {@code sentinel.security}. */
@ConfigMapping(prefix = "sentinel.security")
public interface SecurityConfig {
  /** A key from configuration, for tools and tests; role admin. Unset: none. */
  Bootstrap bootstrap();

  /** Browser sessions. */
  Session session();

  /** The first administrator, created when no user exists. */
  FirstAdmin firstAdmin();

  interface Bootstrap {
    /** Sent as {@code Authorization: Bearer <key>}; at least 16 characters. */
    Optional<String> apiKey();
  }

  interface Session {
    /** How long a session lasts after sign-in. */
    @WithDefault("12h")
    Duration maxAge();

    /** The cookie's name. */
    @WithDefault("sentinel_session")
    String cookie();
  }

  interface FirstAdmin {
    /** Its user name. */
    @WithDefault("admin")
    String username();

    /**
     * A file to write its one-time password to (mode 600), for {@code ./sentinel up} to print. The
     * password is also logged once.
     */
    Optional<String> passwordFile();
  }
}
