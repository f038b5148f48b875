package io.sentinel.ingest;

import io.restassured.http.Header;

/** The agent tokens of {@code src/test/resources/agent-tokens}, the test profile's tokens file. */
public final class Agents {
  /** Token of tenant {@value #TENANT}. */
  public static final String TOKEN = "test-agent-token-0123456789";

  /** Tenant of {@link #TOKEN}. */
  public static final String TENANT = "acme";

  /** Token of tenant {@value #OTHER_TENANT}. */
  public static final String OTHER_TOKEN = "other-tenant-token-0123456789";

  public static final String OTHER_TENANT = "globex";

  /** A heartbeat push token of tenant {@value #TENANT}, bound to monitor {@value #PUSH_MONITOR}. */
  public static final String PUSH_TOKEN = "push-token-web-0123456789";

  public static final String PUSH_MONITOR = "push-web-1";

  /** {@code Authorization: Bearer} {@link #TOKEN}. */
  public static final Header AUTH = new Header("Authorization", "Bearer " + TOKEN);

  private Agents() {}
}
