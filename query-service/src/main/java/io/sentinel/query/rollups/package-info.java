/**
 * Per-minute rollups of a series: the list endpoint, its parameters, and its reader (plain SQL over
 * the reactive pg client; the consumer in {@code materialize} writes them set-based).
 */
package io.sentinel.query.rollups;
