package io.sentinel.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One series' aggregate over one minute, as it travels on {@link Topics#ROLLUPS} keyed by series.
 *
 * @param series the series id
 * @param monitor the monitor of the series
 * @param metric the metric of the series
 * @param labels the labels of the series
 * @param minute epoch milliseconds of the start of the minute
 * @param count samples in the minute
 * @param min smallest value
 * @param max largest value
 * @param mean arithmetic mean
 * @param last the latest value
 * @param lastTimestamp epoch milliseconds of the latest sample
 * @param expectedLow lower edge of the expected band at the latest sample, null during warm-up
 * @param expectedHigh upper edge of the expected band at the latest sample, null during warm-up
 * @param maxScore the highest anomaly score in the minute
 * @param tenant the tenant of the series; {@link Tenants#DEFAULT} when the record names none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rollup(
    String series,
    String monitor,
    String metric,
    Map<String, String> labels,
    long minute,
    long count,
    double min,
    double max,
    double mean,
    double last,
    long lastTimestamp,
    Double expectedLow,
    Double expectedHigh,
    double maxScore,
    String tenant) {

  public Rollup {
    tenant = Tenants.orDefault(tenant);
  }
}
