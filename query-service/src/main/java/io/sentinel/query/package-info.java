/**
 * The query-service: materializes the monitor events and per-minute rollups of the detector into
 * PostgreSQL and serves them to the dashboard as a REST API and a live server-sent event stream.
 * Packages are by feature, each holding its resource, its SQL and its views: {@code monitors},
 * {@code anomalies}, {@code outages}, {@code events}, {@code maintenance}, {@code rollups}, {@code
 * insights}, {@code analyze}; {@code materialize} consumes Kafka and writes, {@code live} serves
 * the stream; {@code api} and {@code sql} hold what resources and readers share. The status rules
 * and uptime arithmetic live at this package root.
 */
package io.sentinel.query;
