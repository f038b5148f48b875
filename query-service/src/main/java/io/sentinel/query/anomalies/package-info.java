/**
 * Anomalies: the list and one anomaly, read with plain SQL ({@link
 * io.sentinel.query.anomalies.AnomalyReader}); acknowledgement, the edit a person makes, written
 * through Panache ({@link io.sentinel.query.anomalies.AnomalyRepository}); resource, parameters and
 * views side by side. See docs/decisions/008-data-access-by-purpose.md.
 */
package io.sentinel.query.anomalies;
