package io.sentinel.query.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import java.security.GeneralSecurityException;
import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.util.ModularCrypt;

/**
 * Password hashing with bcrypt (Quarkus' Elytron support): the hash is kept in Modular Crypt Format
 * ({@code $2a$12$...}), so the cost can rise later without invalidating stored hashes. Both calls
 * take tens of milliseconds on purpose: run them off the event loop.
 */
public final class Passwords {
  static final int COST = 12;
  private static final WildFlyElytronPasswordProvider PROVIDER =
      new WildFlyElytronPasswordProvider();

  /** A hash compared against when the user does not exist, so both cases take as long. */
  private static final String DUMMY = BcryptUtil.bcryptHash("not a password", COST);

  private Passwords() {}

  public static String hash(String password) {
    return BcryptUtil.bcryptHash(password, COST);
  }

  /** Whether the password matches the stored hash; null hash: compares anyway, answers false. */
  public static boolean matches(String password, String storedHash) {
    try {
      Password raw = ModularCrypt.decode(storedHash == null ? DUMMY : storedHash);
      PasswordFactory factory = PasswordFactory.getInstance(raw.getAlgorithm(), PROVIDER);
      Password restored = factory.translate(raw);
      boolean ok = factory.verify(restored, password.toCharArray());
      return ok && storedHash != null;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
