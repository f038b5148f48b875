/**
 * Agent tokens managed by administrators (issue 15 item 4, decision 018): stored in PostgreSQL as
 * SHA-256 digests, published to the compacted topic {@code sentinel.agent-tokens} that every ingest
 * replica reads, last use materialized from {@code sentinel.agent-token-usage}.
 */
package io.sentinel.query.agenttokens;
