package io.sentinel.query.agenttokens;

import io.sentinel.contract.AgentTokenUse;
import io.sentinel.contract.Json;
import io.sentinel.contract.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Materializes {@link Topics#AGENT_TOKEN_USAGE} into {@code agent_tokens.last_used_at}: ingest
 * reports each token at most once a minute per replica, so the last use is exact to the minute. A
 * record that cannot be read or stored is logged and skipped: it is a hint about the past, and the
 * next minute's record carries the same fact.
 */
@ApplicationScoped
public class AgentTokenUsageListener {
  private static final Logger LOG = Logger.getLogger(AgentTokenUsageListener.class);

  /** Channel name = topic name, configured under {@code mp.messaging.incoming."…usage"}. */
  public static final String CHANNEL = Topics.AGENT_TOKEN_USAGE;

  private final AgentTokenStore store;

  public AgentTokenUsageListener(AgentTokenStore store) {
    this.store = store;
  }

  @Incoming(CHANNEL)
  public Uni<Void> consume(byte[] value) {
    AgentTokenUse use;
    try {
      use = Json.read(value, AgentTokenUse.class);
    } catch (RuntimeException e) {
      LOG.warnf("Skipped an unreadable record of %s: %s", CHANNEL, e.getMessage());
      return Uni.createFrom().voidItem();
    }
    if (use == null || use.hash() == null || !use.hash().matches("[0-9a-f]{64}")) {
      LOG.warnf("Skipped a record of %s without a token hash", CHANNEL);
      return Uni.createFrom().voidItem();
    }
    return store
        .used(use.hash(), use.minute())
        .onFailure()
        .invoke(e -> LOG.warnf("Could not record the use of an agent token: %s", e.getMessage()))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }
}
