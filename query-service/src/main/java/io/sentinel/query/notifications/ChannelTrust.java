package io.sentinel.query.notifications;

import io.sentinel.query.api.Params;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A channel's TLS trust: {@code settings.ca_pem}, PEM CA certificate(s) that the channel's HTTPS or
 * SMTP server is signed by (a private CA). When set, the channel trusts those certificates only,
 * not the JVM's default CAs (decision 022). HTTP clients are built once per trust bundle and shared
 * by every channel with the same bundle, keyed by its SHA-256; email clients get the bundle as
 * Vert.x {@link PemTrustOptions}.
 */
@ApplicationScoped
public class ChannelTrust {
  /** The setting holding the PEM bundle. */
  public static final String SETTING = "ca_pem";

  /** At most this many characters of PEM: a bundle of a few dozen CAs. */
  static final int MAX_CHARS = 256 * 1024;

  /** Distinct bundles with a cached HTTP client; the least recently used goes beyond this. */
  private static final int MAX_CLIENTS = 64;

  private static final Pattern BLOCK =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]{1,40})-----([^-]*)-----END ([A-Z0-9 ]{1,40})-----",
          Pattern.DOTALL);

  /** The HTTP client of channels without a bundle: the JVM's default trust. */
  private final HttpClient defaultHttp = builder().build();

  private final Map<String, HttpClient> clients =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, HttpClient> eldest) {
          // an HttpClient no longer referenced stops its selector thread once collected
          return size() > MAX_CLIENTS;
        }
      };

  private static HttpClient.Builder builder() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .version(HttpClient.Version.HTTP_1_1);
  }

  /** Thrown for a bundle that is not PEM X.509 certificates; the message never quotes the PEM. */
  static final class InvalidPem extends Exception {
    InvalidPem(String message) {
      super(message);
    }
  }

  /** The channel's bundle, or null when it has none. */
  static String pem(Channel c) {
    Object v = c.settings().get(SETTING);
    return v == null || v.toString().isBlank() ? null : v.toString();
  }

  /**
   * Adds a 400 entry naming {@code settings.ca_pem} when the settings hold one that is not a PEM
   * bundle of X.509 certificates. Nothing of the value is echoed.
   */
  static void check(Params p, Map<String, Object> settings) {
    Object v = settings.get(SETTING);
    if (v == null) {
      return;
    }
    if (!(v instanceof String s) || s.isBlank()) {
      p.invalid("body", "settings." + SETTING, "must be a string of PEM CA certificates");
      return;
    }
    try {
      certificates(s);
    } catch (InvalidPem e) {
      p.invalid("body", "settings." + SETTING, e.getMessage());
    }
  }

  /** The certificates of a PEM bundle: one or more CERTIFICATE blocks and nothing else. */
  static List<X509Certificate> certificates(String pem) throws InvalidPem {
    if (pem.length() > MAX_CHARS) {
      throw new InvalidPem("must be at most " + MAX_CHARS + " characters of PEM");
    }
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
    List<X509Certificate> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(pem);
    int end = 0;
    while (m.find()) {
      if (!pem.substring(end, m.start()).isBlank()) {
        throw new InvalidPem(
            "must hold only PEM blocks (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----),"
                + " found other text before certificate "
                + (out.size() + 1));
      }
      end = m.end();
      String label = m.group(1);
      if (!label.equals(m.group(3))) {
        throw new InvalidPem(
            "PEM block " + (out.size() + 1) + " begins as " + label + " and ends as " + m.group(3));
      }
      if (label.contains("PRIVATE KEY")) {
        // a key pasted by mistake: refuse it, and never keep it
        throw new InvalidPem("must hold CA certificates only, not a private key (" + label + ")");
      }
      if (!label.equals("CERTIFICATE")) {
        throw new InvalidPem("must hold CERTIFICATE blocks only, found a " + label + " block");
      }
      byte[] der;
      try {
        der = Base64.getDecoder().decode(m.group(2).replaceAll("\\s", ""));
      } catch (IllegalArgumentException e) {
        throw new InvalidPem("certificate " + (out.size() + 1) + " is not valid base64");
      }
      try {
        Certificate c = factory.generateCertificate(new ByteArrayInputStream(der));
        out.add((X509Certificate) c);
      } catch (CertificateException | ClassCastException e) {
        throw new InvalidPem("certificate " + (out.size() + 1) + " is not an X.509 certificate");
      }
    }
    if (!pem.substring(end).isBlank()) {
      throw new InvalidPem(
          out.isEmpty()
              ? "must be PEM: one or more -----BEGIN CERTIFICATE----- blocks"
              : "found text after certificate " + out.size() + " that is not a PEM block");
    }
    if (out.isEmpty()) {
      throw new InvalidPem("must be PEM: one or more -----BEGIN CERTIFICATE----- blocks");
    }
    return out;
  }

  /** The bundle's identity: SHA-256 over its certificates' DER, whatever the PEM's whitespace. */
  static String sha256(List<X509Certificate> certs) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (X509Certificate c : certs) {
        d.update(c.getEncoded());
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The HTTP client for this channel: the default one without a bundle, else the one built for its
   * bundle (shared by all channels with the same certificates). A stored bundle that no longer
   * parses (set before validation, or by hand in the database) fails the send, never the JVM.
   */
  HttpClient http(Channel c) throws InvalidPem {
    String pem = pem(c);
    if (pem == null) {
      return defaultHttp;
    }
    List<X509Certificate> certs = certificates(pem);
    String key = sha256(certs);
    synchronized (clients) {
      HttpClient client = clients.get(key);
      if (client == null) {
        client = builder().sslContext(sslContext(certs)).build();
        clients.put(key, client);
      }
      return client;
    }
  }

  /** How many bundles have an HTTP client now (for tests). */
  int cachedClients() {
    synchronized (clients) {
      return clients.size();
    }
  }

  /** An SSL context trusting exactly these certificates. */
  static SSLContext sslContext(List<X509Certificate> certs) {
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      for (int i = 0; i < certs.size(); i++) {
        ks.setCertificateEntry("ca-" + i, certs.get(i));
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build an SSL context: " + e.getMessage(), e);
    }
  }

  /**
   * Vert.x trust options for this channel's bundle (the mail client), or null without one. The
   * bundle is checked first, so a bad one fails the send with a clear message.
   */
  static PemTrustOptions pemTrust(Channel c) throws InvalidPem {
    String pem = pem(c);
    if (pem == null) {
      return null;
    }
    PemTrustOptions o = new PemTrustOptions();
    for (X509Certificate cert : certificates(pem)) {
      try {
        o.addCertValue(Buffer.buffer(toPem(cert)));
      } catch (CertificateException e) {
        throw new InvalidPem("a certificate cannot be encoded");
      }
    }
    return o;
  }

  private static String toPem(X509Certificate c) throws CertificateException {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(c.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  /** The error recorded for a stored bundle that fails at send time. */
  static String sendError(InvalidPem e) {
    return "settings." + SETTING + ": " + e.getMessage();
  }
}
