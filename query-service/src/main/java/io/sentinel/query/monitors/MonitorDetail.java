package io.sentinel.query.monitors;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.sentinel.query.anomalies.AnomalyView;
import io.sentinel.query.outages.OutageView;
import java.util.List;
import java.util.Map;

/**
 * One monitor with what the detail page shows: every field of {@link MonitorView} (unwrapped, so
 * the JSON is one flat object as in the list), plus its series, open anomalies and outages, and
 * uptime.
 *
 * @param monitor the monitor as the list shows it; its fields stand at the top level of the JSON
 * @param metrics the monitor's series with their latest values
 * @param activeAnomalies the open anomalies, newest first
 * @param activeOutages the open outages, newest first
 * @param uptime percentage of time not in outage over the last 24h, 7d and 30d (keys "24h", "7d",
 *     "30d"), counted from when the monitor was first seen; absent for a period not yet observed
 */
// Jackson writes the unwrapped fields first, in MonitorView's order; the OpenAPI scanner would
// list them in a hash order without the names spelled out here
@JsonPropertyOrder({
  "monitor",
  "id",
  "name",
  "status",
  "lastUpdated",
  "firstSeen",
  "statusSince",
  "openAnomalies",
  "openOutages",
  "anomalyCount",
  "outageCount",
  "tags",
  "inMaintenance",
  "errorsSince",
  "errorsMessage",
  "stale",
  "metrics",
  "activeAnomalies",
  "activeOutages",
  "uptime"
})
public record MonitorDetail(
    @JsonUnwrapped MonitorView monitor,
    List<SeriesInfo> metrics,
    List<AnomalyView> activeAnomalies,
    List<OutageView> activeOutages,
    Map<String, Double> uptime) {}
