/**
 * {@code POST /api/analyze}: scores an uploaded series (JSON or CSV) with the detection engine,
 * without touching stored state.
 */
package io.sentinel.query.analyze;
