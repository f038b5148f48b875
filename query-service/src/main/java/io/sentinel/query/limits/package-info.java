/**
 * Abuse limits per caller (issue 15, decision 019): concurrent live streams (SSE and WebSocket
 * share one budget), the rate and body size of {@code POST /api/analyze} (refused while the body is
 * read, before it is parsed), and maintenance windows (active windows per user, length of an
 * occurrence, monitors per window). Settings under {@code sentinel.limits} ({@link LimitsConfig});
 * each refusal is a problem+json naming the limit and its setting. The statement timeout of API
 * reads is in {@code io.sentinel.query.config.ReadPool}.
 */
package io.sentinel.query.limits;
