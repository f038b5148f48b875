/**
 * The ingest service: agent protocols in, validated samples out to Kafka.
 *
 * <p>Each protocol package under {@code protocol} holds its resource and its {@link
 * io.sentinel.ingest.protocol.Decoder}, which turns a request into a {@link
 * io.sentinel.ingest.protocol.DecodedBatch} of {@link
 * io.sentinel.ingest.validation.IncomingSample}s; the {@link
 * io.sentinel.ingest.validation.SampleValidator} applies the same limits to all of them, and the
 * {@link io.sentinel.ingest.publish.SamplePublisher} answers only once Kafka acknowledged every
 * record. Bad input becomes a {@link io.sentinel.contract.problem.ProblemDetail}, rendered and
 * counted by {@link io.sentinel.ingest.problem.ProblemMappers}.
 */
package io.sentinel.ingest;
