/**
 * Materialization: the Kafka consumers of sentinel.events and sentinel.rollups, one polled batch
 * per database transaction, and the set-based SQL that applies a batch (event log insert, monitor
 * and rollup upserts, closing anomalies and outages). A batch is acknowledged (its offsets
 * committed) only after the transaction that applied it committed; undecodable or invalid records
 * go to the dead-letter topic of their topic with the reason, alone (a batch the database rejects
 * is applied again record by record to find the bad one); transient database failures are retried
 * until the database is back. Retention deletes old rows in bounded batches.
 */
package io.sentinel.query.materialize;
