package io.sentinel.query.api;

/** Example bodies shown in the OpenAPI document, one per operation and answer. */
public final class Examples {
  private Examples() {}

  public static final String BAD_PARAM =
      """
      {"type":"urn:sentinel:problem:invalid-parameters","title":"Bad Request","status":400,\
      "detail":"invalid request parameter: limit","instance":"/api/monitors",\
      "errors":[{"in":"query","name":"limit","detail":"must be an integer from 1 to 1000, got 'abc'"}]}""";

  public static final String MONITORS =
      """
      [{"id":1,"name":"Server A","status":"up","last_updated":"2025-09-21T23:59:00Z",\
      "first_seen":"2025-09-21T23:00:00Z","status_since":"2025-09-21T23:00:00Z","open_anomalies":0,\
      "open_outages":0,"anomaly_count":0,"outage_count":0,"tags":["env=prod"],"in_maintenance":false}]""";

  public static final String SUMMARY =
      """
      {"total":120,"up":101,"trouble":9,"critical":3,"errors":1,"down":2,"maintenance":4}""";

  public static final String MONITOR_DETAIL =
      """
      {"id":1,"name":"Server A","status":"trouble","last_updated":"2025-09-21T23:59:00Z",\
      "first_seen":"2025-09-01T00:00:00Z","status_since":"2025-09-21T23:50:00Z","open_anomalies":1,\
      "open_outages":0,"anomaly_count":7,"outage_count":1,"tags":["env=prod"],"in_maintenance":false,\
      "metrics":[{"series":"Server A/cpu_usage","metric":"cpu_usage","labels":{"env":"prod"},\
      "first_minute":"2025-09-01T00:00:00Z","last_minute":"2025-09-21T23:59:00Z","last":97.5,\
      "expected_low":10.0,"expected_high":40.0,"max_score":0.97}],\
      "active_anomalies":[],"active_outages":[],"uptime":{"24h":100.0,"7d":99.4,"30d":99.86}}""";

  public static final String ANOMALIES =
      """
      [{"id":"7f0c","monitor_id":1,"monitor":"Server A","metric":"cpu_usage",\
      "series":"Server A/cpu_usage","started_at":"2025-09-21T23:50:00Z","open":true,"score":0.97,\
      "severity":"major","value":97.5,"expected_low":10.0,"expected_high":40.0,\
      "message":"cpu_usage: value 97.5 is far above its usual level 25",\
      "explanation":"cpu_usage: value 97.5 is far above its usual level 25","duration_seconds":540,\
      "acknowledged":false,"suppressed":false}]""";

  public static final String ACK =
      """
      {"comment":"disk cleanup running, expected"}""";

  public static final String ACKED =
      """
      {"id":"7f0c","monitor_id":1,"monitor":"Server A","metric":"cpu_usage",\
      "started_at":"2025-09-21T23:50:00Z","open":true,"score":0.97,"severity":"major",\
      "duration_seconds":540,"acknowledged":true,"acknowledged_at":"2025-09-21T23:55:00Z",\
      "acknowledged_by":"alice","ack_comment":"disk cleanup running, expected","suppressed":false}""";

  public static final String OUTAGES =
      """
      [{"id":"c01d","monitor_id":1,"monitor":"Server A","started_at":"2025-09-21T22:00:00Z",\
      "ended_at":"2025-09-21T22:07:00Z","open":false,"cause":"no samples for 3 intervals",\
      "duration_seconds":420}]""";

  public static final String EVENTS =
      """
      [{"seq":42,"id":"7f0c","type":"anomaly","monitor":"Server A","metric":"cpu_usage",\
      "time":"2025-09-21T23:50:00Z","score":0.97,"severity":"major","value":97.5,\
      "expected_low":10.0,"expected_high":40.0,"message":"cpu_usage: value 97.5 is far above ...",\
      "received_at":"2025-09-21T23:50:01Z"}]""";

  public static final String ROLLUPS =
      """
      [{"series":"Server A/cpu_usage","monitor":"Server A","metric":"cpu_usage",\
      "minute":"2025-09-21T23:59:00Z","count":6,"min":21.0,"max":27.5,"mean":24.1,"last":25.0,\
      "last_timestamp":"2025-09-21T23:59:50Z","expected_low":10.0,"expected_high":40.0,"max_score":0.02}]""";

  public static final String SSE =
      "id: 42\nevent: anomaly\ndata: {\"seq\":42,\"id\":\"7f0c\",\"type\":\"anomaly\","
          + "\"monitor\":\"Server A\",\"metric\":\"cpu_usage\",\"severity\":\"major\"}\n\n"
          + ": heartbeat\n\n";

  public static final String SERIES =
      """
      {"monitor_id":1,"monitor":"Server A","metric":"cpu_usage","from":"2025-08-22T00:00:00Z",\
      "to":"2025-09-21T00:00:00Z","step_seconds":3600,"series":[{"series":"Server A/cpu_usage",\
      "points":[{"time":"2025-08-22T00:00:00Z","count":360,"min":12.0,"max":31.0,"mean":22.4,\
      "last":24.0,"expected_low":9.5,"expected_high":41.0,"max_score":0.12}]}]}""";

  public static final String ANALYZE_JSON =
      """
      {"points":[{"timestamp":"2025-09-21T00:00:00Z","value":12.5},{"timestamp":1758412860000,"value":13.1}]}""";

  public static final String ANALYZE_CSV =
      "timestamp,value\n2025-09-21T00:00:00Z,12.5\n1758412860000,13.1\n";

  public static final String ANALYSIS =
      """
      {"points":2,"warmup_points":2,"anomaly_count":0,"results":[{"timestamp":"2025-09-21T00:00:00Z",\
      "value":12.5,"score":0.0,"warming_up":true,"anomalous":false}],"anomalies":[],\
      "timestamp_format":"unix_seconds"}""";

  public static final String WINDOW_REQUEST =
      """
      {"title":"Nightly backup","monitor_ids":[1,2],"starts_at":"2025-09-22T01:00:00Z",\
      "duration":"PT1H","rrule":"FREQ=DAILY","comment":"backups saturate disks"}""";

  public static final String WINDOW =
      """
      {"id":3,"title":"Nightly backup","monitor_ids":[1,2],"starts_at":"2025-09-22T01:00:00Z",\
      "duration_seconds":3600,"rrule":"FREQ=DAILY","time_zone":"UTC","created_by":"alice",\
      "comment":"backups saturate disks","created_at":"2025-09-21T12:00:00Z","active":false,\
      "cancelled":false,"next_start":"2025-09-22T01:00:00Z"}""";

  public static final String AGENT_TOKEN =
      """
      {"id":4,"name":"rack 12","prefix":"sat_9LqW2xT","tenant":"default","monitor":"Server A",\
      "created_at":"2025-09-21T08:00:00Z","created_by":"admin","last_used_at":"2025-09-21T09:12:00Z"}""";

  public static final String CREATED_AGENT_TOKEN =
      """
      {"token":"sat_9LqW2xTb7Hc3Vn5Rk8Md1Fp6Ys4Gj0Ze","agent_token":{"id":4,"name":"rack 12",\
      "prefix":"sat_9LqW2xT","tenant":"default","monitor":"Server A",\
      "created_at":"2025-09-21T08:00:00Z","created_by":"admin"}}""";
}
