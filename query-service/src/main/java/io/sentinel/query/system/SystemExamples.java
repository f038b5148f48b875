package io.sentinel.query.system;

/** Example bodies of the system API, for the OpenAPI document. */
public final class SystemExamples {
  private SystemExamples() {}

  public static final String SYSTEM =
      """
      {"checked_at":"2025-09-21T14:56:40Z","detection":{"state":"stopped","stale":true,\
      "delay_seconds":40,"threshold_seconds":30,"stopped_at":"2025-09-21T14:56:00Z",\
      "since":"2025-09-21T14:56:04Z","message":"detection stopped at 14:56:00 UTC (detector-service\
       not answering at http://localhost:8082)"},\
      "services":[{"name":"ingest","url":"http://localhost:8081","up":true,"ready":true,\
      "last_seen_up":"2025-09-21T14:56:40Z"},{"name":"detector","url":"http://localhost:8082",\
      "up":false,"ready":false,"last_seen_up":"2025-09-21T14:56:00Z",\
      "detail":"ConnectException: Connection refused"},{"name":"query","url":"(this service)",\
      "up":true,"ready":true,"last_seen_up":"2025-09-21T14:56:40Z"}],\
      "ingest":{"accepted_total":182400,"rejected_total":12,"requests_rejected_total":1,\
      "failed_total":0,"accepted_per_second":100.0,"rejected_per_second":0.0},\
      "detector":{"group":"sentinel-detector","lag":4000,"members":1,"group_state":"Stable",\
      "delay_seconds":40,"last_processed":"2025-09-21T14:56:00Z",\
      "newest_event":"2025-09-21T14:41:12Z","newest_rollup":"2025-09-21T14:55:00Z"},\
      "query":{"group":"sentinel-query","lag":0,"delay_seconds":0,"last_event":{"seq":5123,\
      "type":"anomaly","monitor":"Server A","time":"2025-09-21T14:41:12Z",\
      "received_at":"2025-09-21T14:41:12Z","tenant":"default"}},\
      "dead_letters":[{"topic":"sentinel.samples.dlq","source":"sentinel.samples","count":1,\
      "newest":[{"topic":"sentinel.samples.dlq","partition":0,"offset":0,\
      "time":"2025-09-21T12:00:00Z","key":"Server A","reason":"undecodable sample: Unexpected\
       end-of-input","value":"{\\"monitor\\":\\"Server A\\"","tenant":"default"}]},\
      {"topic":"sentinel.events.dlq","source":"sentinel.events","count":0,"newest":[]},\
      {"topic":"sentinel.rollups.dlq","source":"sentinel.rollups","count":0,"newest":[]}],\
      "sse_clients":2,"problems":[]}""";

  public static final String DEAD_LETTERS =
      """
      [{"topic":"sentinel.events.dlq","partition":1,"offset":3,"time":"2025-09-21T12:00:00Z",\
      "key":"Server A","reason":"invalid event: time is missing",\
      "value":"{\\"id\\":\\"e-1\\",\\"type\\":\\"anomaly\\",\\"monitor\\":\\"Server A\\"}",\
      "tenant":"default"}]""";

  public static final String REPLAY_REQUEST =
      """
      {"records":[{"partition":1,"offset":3}]}""";

  public static final String REPLAY_RESULT =
      """
      {"topic":"sentinel.events.dlq","source":"sentinel.events","replayed":1,"results":[\
      {"partition":1,"offset":3,"replayed":true,"to_partition":1,"to_offset":5012}]}""";
}
