package io.sentinel.ingest.protocol.json;

/**
 * The answer to an accepted batch.
 *
 * @param accepted how many samples Kafka acknowledged
 */
public record AcceptedResponse(int accepted) {}
