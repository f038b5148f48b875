package io.sentinel.query.security;

import jakarta.enterprise.context.RequestScoped;

/** The caller of the current request, set by {@link AccessFilter} before the resource runs. */
@RequestScoped
public class CurrentCaller {
  private Caller caller;

  void set(Caller caller) {
    this.caller = caller;
  }

  /** The caller; null only on public operations (login). */
  public Caller get() {
    return caller;
  }

  /** The name to record as the author of a change (acknowledgement, window, key). */
  public String name() {
    return caller == null ? null : caller.name();
  }
}
