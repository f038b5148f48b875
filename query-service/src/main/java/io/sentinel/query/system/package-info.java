/**
 * Sentinel watching itself: the state of each service, consumer lags, dead letters ({@code GET
 * /api/system}), the check that logs {@code pipeline_degraded} / {@code pipeline_recovered} when
 * detection stops or falls behind, and the replay of dead letters.
 */
package io.sentinel.query.system;
