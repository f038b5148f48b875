package io.sentinel.query.security;

import java.util.List;

/**
 * The authenticated caller of one request.
 *
 * @param name the user name, or {@code api-key:<name>} for an API key; what "who acknowledged" and
 *     "who created this window" record
 * @param role what it may do
 * @param tenants the tenants it belongs to (everything is in {@code default} for now)
 * @param via how it authenticated: session, api-key or bootstrap-key
 * @param userId the user's id for a session, else null
 */
public record Caller(String name, Role role, List<String> tenants, String via, Long userId) {}
