/**
 * Kafka consumers of sentinel.events and sentinel.rollups, one polled batch per database
 * transaction. A batch is acknowledged (its offsets committed) only after the transaction that
 * applied it committed; undecodable or invalid records go to the topic's dead-letter topic with the
 * reason, alone (a batch the database rejects is applied again record by record to find the bad
 * one); transient database failures are retried until the database is back.
 */
package io.sentinel.query.listener;
