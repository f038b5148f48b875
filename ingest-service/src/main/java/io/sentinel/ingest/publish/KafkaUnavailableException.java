package io.sentinel.ingest.publish;

/** Kafka did not acknowledge every record of a batch; answered 503 with Retry-After. */
public class KafkaUnavailableException extends RuntimeException {
  public KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
