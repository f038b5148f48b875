/** Anomaly insights: rankings of monitors and metrics by anomaly count and severity. */
package io.sentinel.query.insights;
