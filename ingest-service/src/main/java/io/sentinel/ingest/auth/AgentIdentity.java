package io.sentinel.ingest.auth;

import jakarta.enterprise.context.RequestScoped;

/** The grant of the token of the current request, set by {@link AuthFilter}. */
@RequestScoped
public class AgentIdentity {
  private AgentToken token;

  public void set(AgentToken token) {
    this.token = token;
  }

  /** The grant; never null inside a resource method (the filter refused the request otherwise). */
  public AgentToken token() {
    if (token == null) {
      throw new IllegalStateException("no agent token checked for this request");
    }
    return token;
  }

  public String tenant() {
    return token().tenant();
  }
}
