package io.sentinel.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An agent token managed by administrators, as it travels on the compacted topic {@link
 * Topics#AGENT_TOKENS}, keyed by {@link #hash}: the latest record of a hash is what the token
 * grants. Never the token itself.
 *
 * @param hash lowercase hex SHA-256 of the token ({@link #hash(String)})
 * @param tenant the tenant every sample sent with the token belongs to
 * @param monitor the only monitor the token may write, null when unbound
 * @param revoked whether the token is refused (kept on the topic so a revocation is never lost)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentTokenRecord(String hash, String tenant, String monitor, boolean revoked) {

  /** The key and {@code hash} of {@code token}: lowercase hex SHA-256 of its UTF-8 bytes. */
  public static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
