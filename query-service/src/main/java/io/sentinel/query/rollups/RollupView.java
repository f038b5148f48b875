package io.sentinel.query.rollups;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One series' aggregate over one minute, for charts.
 *
 * @param series the series id
 * @param monitor the monitor of the series
 * @param metric the metric of the series
 * @param minute start of the minute
 * @param count samples in the minute
 * @param min smallest value
 * @param max largest value
 * @param mean arithmetic mean
 * @param last latest value
 * @param lastTimestamp time of the latest sample
 * @param expectedLow lower edge of the expected band at the latest sample, absent during warm-up
 * @param expectedHigh upper edge of the expected band at the latest sample, absent during warm-up
 * @param maxScore highest anomaly score in the minute
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RollupView(
    String series,
    String monitor,
    String metric,
    Instant minute,
    long count,
    double min,
    double max,
    double mean,
    double last,
    Instant lastTimestamp,
    Double expectedLow,
    Double expectedHigh,
    double maxScore) {}
