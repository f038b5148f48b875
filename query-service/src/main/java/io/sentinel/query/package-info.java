/**
 * The query-service: materializes the monitor events and per-minute rollups of the detector into
 * PostgreSQL and serves them to the dashboard as a REST API and a live server-sent event stream.
 * Domain types (entities, statuses, the status rules) live at this package root; {@code listener}
 * consumes Kafka, {@code service} holds the transactional logic and the live feed, {@code rest} the
 * HTTP surface.
 */
package io.sentinel.query;
