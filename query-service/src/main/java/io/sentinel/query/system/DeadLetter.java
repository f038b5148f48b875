package io.sentinel.query.system;

import java.time.Instant;

/**
 * One record of a dead-letter topic, as the API shows it.
 *
 * @param topic the dead-letter topic
 * @param partition its partition
 * @param offset its offset (with the partition, what a replay names)
 * @param time when it was dead-lettered (the record's timestamp)
 * @param key the record key (monitor or series id)
 * @param reason why it could not be processed (the {@code sentinel-dlq-reason} header)
 * @param value the record value as text, cut to 2,000 characters
 * @param replayedFrom for a record that was itself replayed once: where from, else null
 * @param tenant the tenant of the record ({@link KafkaWatch#tenantOf}): only its callers see it
 */
public record DeadLetter(
    String topic,
    int partition,
    long offset,
    Instant time,
    String key,
    String reason,
    String value,
    String replayedFrom,
    String tenant) {}
