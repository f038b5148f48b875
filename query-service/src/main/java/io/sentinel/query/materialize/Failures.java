package io.sentinel.query.materialize;

import io.vertx.pgclient.PgException;

/** Tells failures worth retrying (database unreachable, overloaded, deadlock) from final ones. */
public final class Failures {
  private Failures() {}

  /**
   * True unless the database rejected the data itself (SQLSTATE class 22 data exception or 23
   * integrity violation), or the record is invalid. Unknown failures count as transient: retrying
   * stalls the partition visibly, dropping would lose the record silently.
   */
  public static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidRecordException) {
        return false;
      }
      if (t instanceof PgException pg && pg.getSqlState() != null) {
        String state = pg.getSqlState();
        return !(state.startsWith("22") || state.startsWith("23"));
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return true;
  }

  /** A one-line reason for a dead-letter header. */
  public static String reason(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root && !(root instanceof PgException)) {
      root = root.getCause();
    }
    String message = failure.getMessage() != null ? failure.getMessage() : root.toString();
    if (root != failure && root.getMessage() != null && !message.contains(root.getMessage())) {
      message = message + ": " + root.getMessage();
    }
    return message.length() > 1000 ? message.substring(0, 1000) : message;
  }
}
