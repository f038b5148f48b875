package io.sentinel.ingest.protocol.json;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The request body of {@code POST /api/v1/samples}, for the OpenAPI document only. */
@Schema(name = "SampleBatch", description = "A batch of samples; a bare array of samples works too")
public record SampleBatchSchema(
    @Schema(
            required = true,
            description = "The samples, at most sentinel.ingest.max-samples-per-request")
        List<SampleSchema> samples) {

  /** One sample of the batch. */
  @Schema(name = "IncomingSample")
  public record SampleSchema(
      @Schema(
              required = true,
              description = "Monitor (host, service, check) id; the Kafka key",
              example = "web-1")
          String monitor,
      @Schema(required = true, description = "Metric name", example = "cpu_usage") String metric,
      @Schema(
              description =
                  "Further dimensions, string to string; at most sentinel.ingest.max-labels")
          Map<String, String> labels,
      @Schema(
              description =
                  "Epoch milliseconds (number) or RFC 3339 date-time (string); default: receive time",
              oneOf = {Long.class, String.class},
              example = "1732400000000")
          Object timestamp,
      @Schema(required = true, description = "A finite number", example = "0.42") double value) {}
}
