package io.sentinel.contract;

/**
 * An agent token was used, as ingest reports it on {@link Topics#AGENT_TOKEN_USAGE}, keyed by
 * {@link #hash}: at most one record per token, ingest replica and minute.
 *
 * @param hash the token's {@link AgentTokenRecord#hash}
 * @param minute epoch milliseconds of the start of the minute the token was last used in
 */
public record AgentTokenUse(String hash, long minute) {}
