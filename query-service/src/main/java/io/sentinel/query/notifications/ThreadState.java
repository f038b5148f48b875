package io.sentinel.query.notifications;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A notification thread (one policy's alert for one group of monitors) as a routing pass sees and
 * changes it: open, resolving (the monitors recovered, the resolve hold runs) or resolved.
 */
final class ThreadState {
  Long id;
  long policyId;
  String groupKey;
  String state;
  int generation;
  List<String> monitors = new ArrayList<>();
  Alert alert;
  Instant openedAt;
  Instant notifiedAt;
  boolean pendingUpdate;
  Instant nextRepeatAt;
  Instant resolveAt;
  Instant resolvedAt;
  int repeats;
  int flaps;

  /** Changed by this pass, to be saved. */
  boolean dirty;

  /** The key of a policy's thread for a group: one thread per (policy, group). */
  static String key(long policyId, String groupKey) {
    return policyId + "/" + groupKey;
  }

  String key() {
    return key(policyId, groupKey);
  }
}
