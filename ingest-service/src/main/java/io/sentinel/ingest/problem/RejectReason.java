package io.sentinel.ingest.problem;

import java.util.Locale;

/** Why input was rejected; the {@code reason} tag of the rejection counters. */
public enum RejectReason {
  /** The body is not JSON, or not the expected shape. */
  MALFORMED,
  /** The body is larger than {@code sentinel.ingest.max-body-size}. */
  BODY_TOO_LARGE,
  /** More samples than {@code sentinel.ingest.max-samples-per-request}. */
  TOO_MANY_SAMPLES,
  /** A required field is absent, null or blank. */
  MISSING_FIELD,
  /** A field has the wrong JSON type or format. */
  WRONG_TYPE,
  /** The value is NaN or infinite. */
  NON_FINITE,
  /** The value is finite but larger in magnitude than {@code Sample.MAX_MAGNITUDE} (1e36). */
  VALUE_OUT_OF_RANGE,
  /** More labels than {@code sentinel.ingest.max-labels}. */
  TOO_MANY_LABELS,
  /** A monitor, metric, label name or label value is longer than allowed. */
  TOO_LONG,
  /** The timestamp is further in the future than {@code sentinel.ingest.max-future}. */
  TIMESTAMP_IN_FUTURE,
  /** The timestamp is further in the past than {@code sentinel.ingest.max-past}. */
  TIMESTAMP_TOO_OLD,
  /** The monitor already has {@code sentinel.ingest.max-series-per-monitor} series. */
  TOO_MANY_SERIES,
  /** The decompressed body is larger than {@code sentinel.ingest.max-decompressed-size}. */
  DECOMPRESSED_TOO_LARGE,
  /** Data the protocol allows but Sentinel does not read (e.g. native histograms). */
  UNSUPPORTED,
  /** The request carried no valid agent token. */
  UNAUTHORIZED,
  /** The token is bound to one monitor and the request wrote another. */
  FORBIDDEN_MONITOR,
  /** The sample itself was valid, but another sample of its batch was not. */
  BATCH_REJECTED;

  /** The tag value: lower case, e.g. {@code non_finite}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
