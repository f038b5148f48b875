package io.sentinel.ingest.protocol.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sentinel.contract.problem.ProblemDetail;
import io.sentinel.ingest.config.IngestConfig;
import io.sentinel.ingest.problem.FieldError;
import io.sentinel.ingest.problem.RejectReason;
import io.sentinel.ingest.problem.RejectedException;
import io.sentinel.ingest.protocol.DecodedBatch;
import io.sentinel.ingest.protocol.Decoder;
import io.sentinel.ingest.validation.IncomingSample;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes the JSON batch format: {@code {"samples":[...]}} or a bare array of samples. Reports
 * wrong types per field; the {@link SampleValidator} judges the values.
 */
@ApplicationScoped
public class JsonSampleDecoder implements Decoder<byte[]> {

  // NaN and Infinity are accepted as tokens so that they are reported as non-finite values, not
  // as malformed JSON; duplicate keys would make a sample ambiguous.
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final IngestConfig config;

  public JsonSampleDecoder(IngestConfig config) {
    this.config = config;
  }

  /**
   * Reads {@code body} into samples.
   *
   * @throws RejectedException for a body that is not JSON, not the batch shape, or too many samples
   */
  @Override
  public DecodedBatch decode(byte[] body) {
    JsonNode root;
    try (JsonParser parser = MAPPER.createParser(body)) {
      root = MAPPER.readTree(parser);
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not from a byte array
    }
    if (root == null || root.isMissingNode()) {
      throw shape("", "The request body is empty; send a JSON object with a samples array.");
    }
    String base;
    JsonNode samples;
    if (root.isArray()) {
      base = "";
      samples = root;
    } else if (root.isObject()) {
      base = "/samples";
      samples = root.get("samples");
      if (samples == null || samples.isNull()) {
        throw shape(base, "is required: an array of samples");
      }
      if (!samples.isArray()) {
        throw shape(base, "must be an array of samples");
      }
    } else {
      throw shape("", "must be a JSON object with a samples array, or an array of samples");
    }
    int max = config.maxSamplesPerRequest();
    if (samples.size() > max) {
      throw new RejectedException(
          ProblemDetail.of(
                  "too-many-samples",
                  "Too many samples",
                  413,
                  "A request may carry at most "
                      + max
                      + " samples; this one has "
                      + samples.size()
                      + ". Split it into several requests.")
              .withErrors(
                  List.of(
                      new FieldError(
                          base,
                          "has " + samples.size() + " samples, at most " + max + " allowed",
                          RejectReason.TOO_MANY_SAMPLES))),
          RejectReason.TOO_MANY_SAMPLES);
    }
    List<IncomingSample> result = new ArrayList<>(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      result.add(decodeSample(base + "/" + i, samples.get(i)));
    }
    return DecodedBatch.of(result);
  }

  private IncomingSample decodeSample(String location, JsonNode node) {
    List<FieldError> errors = new ArrayList<>();
    if (!node.isObject()) {
      errors.add(new FieldError(location, "must be an object", RejectReason.WRONG_TYPE));
      return new IncomingSample(location, null, null, Map.of(), null, null, errors);
    }
    String monitor = text(node, location, "monitor", errors);
    String metric = text(node, location, "metric", errors);
    Map<String, String> labels = labels(node.get("labels"), location + "/labels", errors);
    Long timestamp = timestamp(node.get("timestamp"), location + "/timestamp", errors);
    Double value = null;
    JsonNode v = node.get("value");
    if (v != null && !v.isNull()) {
      if (v.isNumber()) {
        value = v.doubleValue();
      } else {
        errors.add(
            new FieldError(
                location + "/value",
                "must be a number, got " + describe(v),
                RejectReason.WRONG_TYPE));
      }
    }
    return new IncomingSample(location, monitor, metric, labels, timestamp, value, errors);
  }

  private static String text(
      JsonNode sample, String location, String field, List<FieldError> errors) {
    JsonNode node = sample.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      errors.add(
          new FieldError(
              location + "/" + field,
              "must be a string, got " + describe(node),
              RejectReason.WRONG_TYPE));
      return null;
    }
    return node.textValue();
  }

  private static Map<String, String> labels(
      JsonNode node, String pointer, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      errors.add(
          new FieldError(
              pointer,
              "must be an object of label names to string values, got " + describe(node),
              RejectReason.WRONG_TYPE));
      return Map.of();
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> label = it.next();
      if (label.getValue().isTextual()) {
        labels.put(label.getKey(), label.getValue().textValue());
      } else {
        errors.add(
            new FieldError(
                pointer + "/" + FieldError.escape(label.getKey()),
                "label value must be a string, got " + describe(label.getValue()),
                RejectReason.WRONG_TYPE));
      }
    }
    return labels;
  }

  private static Long timestamp(JsonNode node, String pointer, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isFloatingPointNumber()) {
      double d = node.doubleValue();
      if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 9.0e18) {
        return (long) d;
      }
    }
    if (node.isTextual()) {
      try {
        // RFC 3339 allows lower-case t and z
        return OffsetDateTime.parse(node.textValue().trim().toUpperCase(Locale.ROOT))
            .toInstant()
            .toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException e) {
        errors.add(
            new FieldError(
                pointer,
                "must be an RFC 3339 date-time such as 2024-11-23T22:13:20Z, got \""
                    + abbreviate(node.textValue())
                    + "\"",
                RejectReason.WRONG_TYPE));
        return null;
      }
    }
    errors.add(
        new FieldError(
            pointer,
            "must be an integer (epoch milliseconds) or an RFC 3339 date-time string, got "
                + describe(node),
            RejectReason.WRONG_TYPE));
    return null;
  }

  private static String describe(JsonNode node) {
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isNumber()) {
      return "the number " + abbreviate(node.asText());
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isObject()) {
      return "an object";
    }
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  private static RejectedException shape(String pointer, String detail) {
    return new RejectedException(
        ProblemDetail.of(
                "malformed-request",
                "Malformed request",
                400,
                "The body must be {\"samples\":[...]} or a JSON array of samples.")
            .withErrors(List.of(new FieldError(pointer, detail, RejectReason.MALFORMED))),
        RejectReason.MALFORMED);
  }

  private static RejectedException malformed(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    ProblemDetail problem =
        ProblemDetail.of(
            "malformed-json",
            "Malformed JSON",
            400,
            "Malformed JSON" + where + ": " + e.getOriginalMessage());
    if (at != null) {
      problem = problem.withLocation(at.getLineNr(), at.getColumnNr());
    }
    return new RejectedException(problem, RejectReason.MALFORMED);
  }
}
