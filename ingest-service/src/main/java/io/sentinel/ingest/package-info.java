/**
 * The ingest service: agent protocols in, validated samples out to Kafka.
 *
 * <p>Every protocol decodes its body into {@link io.sentinel.ingest.IncomingSample}s, the {@link
 * io.sentinel.ingest.service.SampleValidator} applies the same limits to all of them, and the
 * {@link io.sentinel.ingest.service.SamplePublisher} answers only once Kafka acknowledged every
 * record. Bad input becomes a {@link io.sentinel.ingest.ProblemDetail}.
 */
package io.sentinel.ingest;
