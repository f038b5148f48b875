package io.sentinel.ingest.auth;

/**
 * What a valid agent token grants.
 *
 * @param tenant the tenant every sample of the request belongs to (label {@code tenant})
 * @param monitor the monitor a heartbeat push token is bound to, null when unbound
 */
public record AgentToken(String tenant, String monitor) {}
