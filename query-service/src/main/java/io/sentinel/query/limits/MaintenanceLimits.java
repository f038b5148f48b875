package io.sentinel.query.limits;

import io.sentinel.contract.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * How much one caller may silence: monitors per window, length of an occurrence, windows active at
 * once ({@code sentinel.limits.maintenance.*}). Each refusal is a 422 saying which limit and its
 * value. The request's own validation (400) keeps its fixed ceilings (10,000 monitors, 31 days);
 * these settings can only be lower.
 */
@ApplicationScoped
public class MaintenanceLimits {
  @Inject LimitsConfig config;

  /**
   * Checks one new window.
   *
   * @throws ProblemException 422 when it covers too many monitors or an occurrence is too long
   */
  public void checkWindow(int monitors, Duration occurrence) {
    LimitsConfig.Maintenance m = config.maintenance();
    if (monitors > m.maxMonitors()) {
      throw LimitExceeded.maintenance(
          "a window covers at most "
              + m.maxMonitors()
              + " monitors (sentinel.limits.maintenance.max-monitors); this one has "
              + monitors);
    }
    if (occurrence.compareTo(m.maxDuration()) > 0) {
      throw LimitExceeded.maintenance(
          "an occurrence lasts at most "
              + m.maxDuration()
              + " (sentinel.limits.maintenance.max-duration); this one lasts "
              + occurrence);
    }
  }

  /**
   * Checks that {@code user}, who has {@code active} windows not cancelled nor over, may add one.
   *
   * @throws ProblemException 422 when that would be more than the limit
   */
  public void checkActive(String user, long active) {
    int max = config.maintenance().maxActivePerUser();
    if (active >= max) {
      throw LimitExceeded.maintenance(
          user
              + " has "
              + active
              + " active maintenance windows, the most one user may have"
              + " (sentinel.limits.maintenance.max-active-per-user); cancel one first");
    }
  }
}
