package io.sentinel.query.notifications;

/** Example bodies of the notifications API in the OpenAPI document. */
public final class NotificationExamples {
  private NotificationExamples() {}

  public static final String NEW_CHANNEL =
      """
      {"name":"on-call webhook","type":"webhook","settings":{},\
      "secrets":{"url":"https://hooks.example.com/sentinel","signing_key":"s3cret"},\
      "rate_per_minute":60}""";

  public static final String NEW_EMAIL_CHANNEL =
      """
      {"name":"on-call email","type":"email","settings":{"host":"smtp.example.com","port":587,\
      "tls":"starttls","username":"sentinel","from":"sentinel@example.com",\
      "to":["oncall@example.com"]},"secrets":{"password":"app-password"}}""";

  /**
   * A webhook on an internal HTTPS endpoint whose certificate a private CA signed (a real CA
   * certificate, made for this example; its key is gone).
   */
  public static final String NEW_PRIVATE_CA_CHANNEL =
      "{\"name\":\"internal webhook\",\"type\":\"webhook\",\"settings\":{\"ca_pem\":\""
          + "-----BEGIN CERTIFICATE-----\\n"
          + "MIIBZTCCAQugAwIBAgIJANrHRQ5B+/V+MAoGCCqGSM49BAMCMB4xHDAaBgNVBAMT\\n"
          + "E0V4YW1wbGUgSW50ZXJuYWwgQ0EwHhcNMjYxMjA2MTcyNTUyWhcNMzYxMjAzMTcy\\n"
          + "NTUyWjAeMRwwGgYDVQQDExNFeGFtcGxlIEludGVybmFsIENBMFkwEwYHKoZIzj0C\\n"
          + "AQYIKoZIzj0DAQcDQgAEKb538oVP2iWRr6mcpdRRHuSgSiiJuZkaogMpswOJwW5M\\n"
          + "Z+oKIEeYUqELV7cUm1ySF+Ucjece9RucrtOzEss8gqMyMDAwHQYDVR0OBBYEFLSJ\\n"
          + "+9kSDXINY3+tjzJK2WcriaYxMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwID\\n"
          + "SAAwRQIhAIxvaAOFvW3iMtLLRyV/vDGm1VbR8g/+0B7iiU4tdh60AiA/rQHpS1vv\\n"
          + "+pkcqXsYbdXCL7ARYEt1gFjXMnZt4qhsSg==\\n"
          + "-----END CERTIFICATE-----\\n"
          + "\"},\"secrets\":{\"url\":\"https://alerts.internal.example:8443/hook\"}}";

  public static final String CHANNEL =
      """
      {"id":3,"name":"on-call webhook","tenant":"default","type":"webhook","settings":{},\
      "secrets_set":["signing_key","url"],"rate_per_minute":60,"enabled":true,\
      "created_at":"2025-09-21T23:59:00Z"}""";

  public static final String CHANNELS = "[" + CHANNEL + "]";

  public static final String NEW_POLICY =
      """
      {"name":"prod pages","channel_ids":[3],"statuses":["down","critical"],\
      "tags":["env=prod"],"group_by":"monitor","group_wait_seconds":30,\
      "group_interval_seconds":300,"repeat_interval_seconds":14400,"resolve_hold_seconds":120}""";

  public static final String POLICY =
      """
      {"id":2,"name":"prod pages","channel_ids":[3],"statuses":["down","critical"],\
      "tags":["env=prod"],"group_by":"monitor","group_wait_seconds":30,\
      "group_interval_seconds":300,"repeat_interval_seconds":14400,"resolve_hold_seconds":120,\
      "send_resolved":true,"enabled":true,"tenant":"default"}""";

  public static final String POLICIES = "[" + POLICY + "]";

  public static final String LOG =
      """
      [{"id":41,"channel_id":3,"channel":"on-call webhook","policy_id":2,"monitor":"Server A",\
      "kind":"firing","status":"sent","title":"[FIRING] Server A is down",\
      "idempotency_key":"e:7f0c/status:c3","attempts":3,"last_status_code":200,\
      "created_at":"2025-09-21T23:59:01Z","sent_at":"2025-09-21T23:59:08Z",\
      "attempt_log":[{"attempt":1,"at":"2025-09-21T23:59:01Z","status_code":503,\
      "error":"HTTP 503: try later","duration_ms":12},{"attempt":2,"at":"2025-09-21T23:59:03Z",\
      "status_code":503,"error":"HTTP 503: try later","duration_ms":9},{"attempt":3,\
      "at":"2025-09-21T23:59:08Z","status_code":200,"duration_ms":11}]}]""";

  public static final String TEST_QUEUED =
      """
      {"id":42,"channel_id":3,"channel":"on-call webhook","monitor":"sentinel-test","kind":"test",\
      "status":"pending","title":"[TEST] Sentinel test notification",\
      "idempotency_key":"test:5b1e:c3","attempts":0,"created_at":"2025-09-21T23:59:00Z",\
      "attempt_log":[]}""";
}
