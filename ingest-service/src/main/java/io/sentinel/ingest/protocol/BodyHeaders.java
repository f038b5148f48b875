package io.sentinel.ingest.protocol;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.HttpHeaders;

/** The headers {@link Intake#read} needs to read a body within the limits. */
public class BodyHeaders {
  /** The declared length, checked before anything is read; null when absent. */
  @HeaderParam(HttpHeaders.CONTENT_LENGTH)
  public String contentLength;

  /** gzip or none (remote_write: snappy); null when absent. */
  @HeaderParam(HttpHeaders.CONTENT_ENCODING)
  public String contentEncoding;
}
