/**
 * The detector-service: a Kafka Streams topology that reads samples, keeps per-series detection
 * state and per-monitor liveness state in changelog-backed stores, and emits anomaly, outage and
 * rollup records. The detection itself is the plain-Java engine of module detection-engine.
 */
package io.sentinel.detector;
