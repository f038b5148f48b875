/**
 * Anomalies: the list and one anomaly (plain SQL reads) and acknowledgement, resource, readers and
 * views side by side.
 */
package io.sentinel.query.anomalies;
