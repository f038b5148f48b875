package io.sentinel.ingest.validation;

import io.sentinel.contract.Sample;
import io.sentinel.ingest.auth.Tenants;
import io.sentinel.ingest.config.IngestConfig;
import io.sentinel.ingest.problem.FieldError;
import io.sentinel.ingest.problem.RejectReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The limits every protocol's samples must meet before they are published: required fields, finite
 * values, label count and lengths, timestamps within the accepted window. Protocol-neutral: it sees
 * only {@link IncomingSample}s.
 */
@ApplicationScoped
public class SampleValidator {

  private final IngestConfig config;
  private final SeriesLimiter limiter;

  @Inject
  public SampleValidator(IngestConfig config, SeriesLimiter limiter) {
    this.config = config;
    this.limiter = limiter;
  }

  /** A validator with its own series limiter, for tests. */
  public SampleValidator(IngestConfig config) {
    this(config, new SeriesLimiter(config));
  }

  /**
   * Validates a batch of {@code tenant} as received at {@code receivedAt}: the checks of {@link
   * #validate(List, Instant)}, then the tenant label is set on every sample (replacing one the
   * agent sent) and each monitor's series count is held to {@code max-series-per-monitor}. For the
   * protocols that publish the valid samples of a partly invalid batch.
   */
  public Validation validate(List<IncomingSample> batch, String tenant, Instant receivedAt) {
    return validate(batch, tenant, receivedAt, false);
  }

  /**
   * As {@link #validate(List, String, Instant)}, for an endpoint that refuses a whole batch when
   * one sample is invalid: the series of a refused batch are not counted against their monitors'
   * {@code max-series-per-monitor}, since none of its samples is published.
   */
  public Validation validateWhole(List<IncomingSample> batch, String tenant, Instant receivedAt) {
    return validate(batch, tenant, receivedAt, true);
  }

  private Validation validate(
      List<IncomingSample> batch, String tenant, Instant receivedAt, boolean whole) {
    List<List<FieldError>> checked = new ArrayList<>(batch.size());
    boolean anyInvalid = false;
    for (IncomingSample in : batch) {
      List<FieldError> errors = check(in, receivedAt);
      checked.add(errors);
      anyInvalid |= !errors.isEmpty();
    }
    boolean admit = !(whole && anyInvalid);
    List<Sample> valid = new ArrayList<>(batch.size());
    List<Rejection> rejections = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      IncomingSample in = batch.get(i);
      List<FieldError> errors = checked.get(i);
      if (!errors.isEmpty()) {
        rejections.add(new Rejection(in, errors));
        continue;
      }
      Map<String, String> labels = new HashMap<>(in.labels());
      labels.put(Tenants.LABEL, tenant);
      long timestamp = in.timestamp() == null ? receivedAt.toEpochMilli() : in.timestamp();
      Sample sample = new Sample(in.monitor(), in.metric(), labels, timestamp, in.value(), tenant);
      if (admit && !limiter.admit(tenant + '\u0000' + in.monitor(), in.metric(), labels)) {
        rejections.add(
            new Rejection(
                in,
                List.of(
                    new FieldError(
                        in.location(),
                        "monitor '"
                            + in.monitor()
                            + "' already has "
                            + limiter.max()
                            + " series (sentinel.ingest.max-series-per-monitor); series "
                            + Sample.seriesId(in.monitor(), in.metric(), in.labels())
                            + " is refused: drop high-cardinality labels",
                        RejectReason.TOO_MANY_SERIES))));
        continue;
      }
      valid.add(sample);
    }
    return new Validation(valid, rejections);
  }

  /**
   * Validates a batch as received at {@code receivedAt}; absent timestamps become {@code
   * receivedAt}.
   */
  public Validation validate(List<IncomingSample> batch, Instant receivedAt) {
    List<Sample> valid = new ArrayList<>(batch.size());
    List<Rejection> rejections = new ArrayList<>();
    for (IncomingSample in : batch) {
      List<FieldError> errors = check(in, receivedAt);
      if (errors.isEmpty()) {
        long timestamp = in.timestamp() == null ? receivedAt.toEpochMilli() : in.timestamp();
        valid.add(new Sample(in.monitor(), in.metric(), in.labels(), timestamp, in.value()));
      } else {
        rejections.add(new Rejection(in, errors));
      }
    }
    return new Validation(valid, rejections);
  }

  private List<FieldError> check(IncomingSample in, Instant receivedAt) {
    Errors errors = new Errors(in.decodeErrors());
    name(in, "monitor", in.monitor(), errors);
    name(in, "metric", in.metric(), errors);
    if (in.value() == null) {
      errors.add(in.pointer("value"), "is required", RejectReason.MISSING_FIELD);
    } else if (!Double.isFinite(in.value())) {
      errors.add(
          in.pointer("value"),
          "must be a finite number, got " + in.value(),
          RejectReason.NON_FINITE);
    } else if (Math.abs(in.value()) > Sample.MAX_MAGNITUDE) {
      errors.add(
          in.pointer("value"),
          "must be at most 1e36 in magnitude, got " + in.value(),
          RejectReason.VALUE_OUT_OF_RANGE);
    }
    labels(in, errors);
    timestamp(in, receivedAt, errors);
    return errors.list;
  }

  private void name(IncomingSample in, String field, String value, Errors errors) {
    String pointer = in.pointer(field);
    if (value == null) {
      errors.add(pointer, "is required", RejectReason.MISSING_FIELD);
    } else if (value.isBlank()) {
      errors.add(pointer, "must not be blank", RejectReason.MISSING_FIELD);
    } else if (value.length() > config.maxNameLength()) {
      errors.add(
          pointer,
          "must be at most " + config.maxNameLength() + " characters, got " + value.length(),
          RejectReason.TOO_LONG);
    }
  }

  private void labels(IncomingSample in, Errors errors) {
    Map<String, String> labels = in.labels();
    String pointer = in.pointer("labels");
    if (labels.size() > config.maxLabels()) {
      errors.add(
          pointer,
          "has " + labels.size() + " labels, at most " + config.maxLabels() + " allowed",
          RejectReason.TOO_MANY_LABELS);
    }
    for (Map.Entry<String, String> label : labels.entrySet()) {
      String name = label.getKey();
      String at = pointer + "/" + FieldError.escape(name);
      if (name.isBlank()) {
        errors.add(at, "label name must not be blank", RejectReason.MISSING_FIELD);
      } else if (name.length() > config.maxLabelNameLength()) {
        errors.add(
            at,
            "label name must be at most "
                + config.maxLabelNameLength()
                + " characters, got "
                + name.length(),
            RejectReason.TOO_LONG);
      }
      if (label.getValue().length() > config.maxLabelValueLength()) {
        errors.add(
            at,
            "label value must be at most "
                + config.maxLabelValueLength()
                + " characters, got "
                + label.getValue().length(),
            RejectReason.TOO_LONG);
      }
    }
  }

  private void timestamp(IncomingSample in, Instant receivedAt, Errors errors) {
    if (in.timestamp() == null) {
      return;
    }
    long ts = in.timestamp();
    long now = receivedAt.toEpochMilli();
    Duration future = config.maxFuture();
    Duration past = config.maxPast();
    if (ts > now + future.toMillis()) {
      errors.add(
          in.pointer("timestamp"),
          describe(ts)
              + " is more than "
              + human(future)
              + " in the future; check the agent's clock",
          RejectReason.TIMESTAMP_IN_FUTURE);
    } else if (ts < now - past.toMillis()) {
      errors.add(
          in.pointer("timestamp"),
          describe(ts)
              + " is more than "
              + human(past)
              + " in the past"
              + (Math.abs(ts) < 100_000_000_000L
                  ? " (epoch milliseconds expected, not seconds)"
                  : ""),
          RejectReason.TIMESTAMP_TOO_OLD);
    }
  }

  private static String describe(long epochMillis) {
    try {
      return Instant.ofEpochMilli(epochMillis).toString();
    } catch (RuntimeException e) {
      return Long.toString(epochMillis);
    }
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    if (s > 0 && s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s > 0 && s % 3_600 == 0) {
      return s / 3_600 + "h";
    }
    if (s > 0 && s % 60 == 0) {
      return s / 60 + "m";
    }
    return d.toMillis() % 1000 == 0 ? s + "s" : d.toMillis() + "ms";
  }

  /** Collects errors, one per pointer: the decoder's type error wins over "is required". */
  private static final class Errors {
    private final List<FieldError> list;

    Errors(List<FieldError> initial) {
      list = new ArrayList<>(initial);
    }

    void add(String pointer, String detail, RejectReason reason) {
      for (FieldError e : list) {
        if (e.pointer().equals(pointer)) {
          return;
        }
      }
      list.add(new FieldError(pointer, detail, reason));
    }
  }

  /** One invalid sample and everything wrong with it. */
  public record Rejection(IncomingSample sample, List<FieldError> errors) {
    /** The reason of the first error: the one the rejection is counted under. */
    public RejectReason reason() {
      return errors.get(0).reason();
    }
  }

  /**
   * The outcome of validating a batch.
   *
   * @param valid the samples ready to publish, in request order
   * @param rejections the invalid samples; the batch is published only when this is empty
   */
  public record Validation(List<Sample> valid, List<Rejection> rejections) {
    public boolean ok() {
      return rejections.isEmpty();
    }
  }
}
