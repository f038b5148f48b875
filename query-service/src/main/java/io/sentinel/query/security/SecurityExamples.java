package io.sentinel.query.security;

/** Example bodies of the session and admin operations, for the OpenAPI document. */
public final class SecurityExamples {
  private SecurityExamples() {}

  public static final String LOGIN =
      """
      {"username":"alice","password":"correct horse battery staple"}""";

  public static final String SESSION =
      """
      {"name":"alice","role":"operator","tenants":["default"],"via":"session",\
      "must_change_password":false}""";

  public static final String PASSWORD =
      """
      {"current_password":"Xk3pQ7mRt2vW9nHc4bJd","new_password":"correct horse battery staple"}""";

  static final String FORBIDDEN =
      """
      {"type":"urn:sentinel:problem:forbidden","title":"Forbidden","status":403,\
      "detail":"POST /api/admin/users needs role admin; alice has role operator",\
      "instance":"/api/admin/users"}""";

  public static final String NEW_USER =
      """
      {"username":"bob","role":"operator","tenants":["default","acme"]}""";

  public static final String USER_TENANTS =
      """
      {"tenants":["default","acme"]}""";

  public static final String USER =
      """
      {"id":2,"username":"bob","role":"operator","tenants":["default"],\
      "must_change_password":true,"created_at":"2025-09-21T08:00:00Z","created_by":"admin"}""";

  public static final String CREATED_USER =
      """
      {"user":{"id":2,"username":"bob","role":"operator","tenants":["default"],\
      "must_change_password":true,"created_at":"2025-09-21T08:00:00Z","created_by":"admin"},\
      "one_time_password":"Xk3pQ7mRt2vW9nHc4bJd"}""";

  public static final String USERS = "[" + USER + "]";

  public static final String NEW_KEY =
      """
      {"name":"grafana","role":"viewer","expires_at":"2026-09-21T00:00:00Z"}""";

  public static final String KEY =
      """
      {"id":3,"name":"grafana","prefix":"snk_4fQz9aB","role":"viewer","tenant":"default",\
      "created_at":"2025-09-21T08:00:00Z","created_by":"admin","expires_at":"2026-09-21T00:00:00Z",\
      "last_used_at":"2025-09-21T09:12:00Z"}""";

  public static final String CREATED_KEY =
      """
      {"key":"snk_4fQz9aB0c1d2e3f4g5h6i7j8k9l0m1n2o3p4q5r6s","api_key":{"id":3,"name":"grafana",\
      "prefix":"snk_4fQz9aB","role":"viewer","tenant":"default","created_at":"2025-09-21T08:00:00Z",\
      "created_by":"admin","expires_at":"2026-09-21T00:00:00Z"}}""";

  public static final String KEYS = "[" + KEY + "]";

  public static final String OPTIONS =
      """
      {"password": true, "oidc": {"name": "Keycloak", "url": "/api/session/oidc"}}
      """;
}
