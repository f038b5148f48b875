/**
 * Data access. Writes that must be idempotent or race-free across replicas (event log insert,
 * monitor and rollup upserts, closing anomalies and outages) are native SQL run in the caller's
 * Hibernate Reactive session; reads use Panache.
 */
package io.sentinel.query.repository;
