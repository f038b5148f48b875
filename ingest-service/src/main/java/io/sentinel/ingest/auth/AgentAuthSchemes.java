package io.sentinel.ingest.auth;

import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The ingest REST application, here to carry the agent token's security schemes in the OpenAPI
 * document, as the agents send it (see {@link AuthFilter}); the resources name these schemes in
 * their security requirements. Every resource is part of the application (no {@code getClasses}).
 */
@SecurityScheme(
    securitySchemeName = AgentAuthSchemes.BEARER,
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description = "An agent token from the tokens file: `Authorization: Bearer <token>`.")
@SecurityScheme(
    securitySchemeName = AgentAuthSchemes.BASIC,
    type = SecuritySchemeType.HTTP,
    scheme = "basic",
    description =
        "The agent token as the password of HTTP basic auth (any user name), as Prometheus and Telegraf v1 send it.")
@SecurityScheme(
    securitySchemeName = AgentAuthSchemes.INFLUX_TOKEN,
    type = SecuritySchemeType.APIKEY,
    in = org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn.HEADER,
    apiKeyName = "Authorization",
    description = "InfluxDB v2 style: `Authorization: Token <token>`.")
public class AgentAuthSchemes extends jakarta.ws.rs.core.Application {
  public static final String BEARER = "agentToken";
  public static final String BASIC = "agentTokenBasic";
  public static final String INFLUX_TOKEN = "agentTokenInflux";
}
