/**
 * Kafka consumers of sentinel.events and sentinel.rollups. A record is acknowledged (its offset
 * committed) only after the database transaction that applied it committed; undecodable or
 * invalid records go to the topic's dead-letter topic with the reason; transient database failures
 * are retried until the database is back.
 */
package io.sentinel.query.listener;
