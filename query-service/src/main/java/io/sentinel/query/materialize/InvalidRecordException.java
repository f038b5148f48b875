package io.sentinel.query.materialize;

/** A record that can never be applied (undecodable, or missing a required field). */
public class InvalidRecordException extends RuntimeException {
  public InvalidRecordException(String message, Throwable cause) {
    super(message, cause);
  }

  public InvalidRecordException(String message) {
    super(message);
  }
}
