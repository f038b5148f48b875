package io.sentinel.ingest.protocol.influx;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;

/** The parameters of a line protocol write besides its body, the same for v1 and v2. */
public class LineWrite {
  /** The unit of the timestamps (see {@link LineProtocolDecoder.Precision}). */
  @QueryParam("precision")
  public String precision;

  @HeaderParam(HttpHeaders.CONTENT_LENGTH)
  public String contentLength;

  @HeaderParam(HttpHeaders.CONTENT_ENCODING)
  public String contentEncoding;
}
