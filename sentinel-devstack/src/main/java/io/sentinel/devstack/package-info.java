/**
 * The dev stack: a real Kafka broker in KRaft mode and a real PostgreSQL server, started from Maven
 * artifacts in seconds, with no Docker. Integration tests get them as Quarkus test resources;
 * {@code ./sentinel up} runs {@link io.sentinel.devstack.DevStackMain}.
 */
package io.sentinel.devstack;
