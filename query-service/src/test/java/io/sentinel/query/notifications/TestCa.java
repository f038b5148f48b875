package io.sentinel.query.notifications;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A private CA made in the test with the JDK's keytool, and a server certificate it signs for
 * 127.0.0.1 and localhost: what a team's internal CA gives its webhook receiver or SMTP relay.
 */
final class TestCa {
  static final String PASSWORD = "changeit";

  /** The CA certificate as PEM: what a channel puts in settings.ca_pem. */
  final String caPem;

  /** PKCS#12 key store with the server's key and chain (signed by the CA). */
  final Path serverKeyStore;

  private TestCa(String caPem, Path serverKeyStore) {
    this.caPem = caPem;
    this.serverKeyStore = serverKeyStore;
  }

  /**
   * One CA for the whole test JVM, kept in a system property so that test classes loaded by
   * different class loaders share it.
   */
  static synchronized TestCa shared() throws IOException, InterruptedException {
    String dir = System.getProperty("sentinel.test-ca.dir");
    if (dir != null) {
      Path d = Path.of(dir);
      return new TestCa(
          Files.readString(d.resolve("ca.pem"), StandardCharsets.US_ASCII),
          d.resolve("server.p12"));
    }
    TestCa ca = create("Sentinel Test CA");
    System.setProperty("sentinel.test-ca.dir", ca.serverKeyStore.getParent().toString());
    return ca;
  }

  /** A new CA (named {@code name}) and a server certificate it signed. */
  static TestCa create(String name) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("sentinel-test-ca");
    Path ca = dir.resolve("ca.p12");
    Path server = dir.resolve("server.p12");
    Path caPem = dir.resolve("ca.pem");
    Path csr = dir.resolve("server.csr");
    Path serverPem = dir.resolve("server.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + name,
        "-ext",
        "bc:c",
        "-ext",
        "ku:c=keyCertSign,cRLSign",
        "-validity",
        "3",
        "-keystore",
        ca.toString());
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "ca",
        "-file",
        caPem.toString(),
        "-keystore",
        ca.toString());
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-validity",
        "3",
        "-keystore",
        server.toString());
    keytool(
        "-certreq", "-alias", "server", "-file", csr.toString(), "-keystore", server.toString());
    keytool(
        "-gencert",
        "-rfc",
        "-alias",
        "ca",
        "-infile",
        csr.toString(),
        "-outfile",
        serverPem.toString(),
        "-ext",
        "san=ip:127.0.0.1,dns:localhost",
        "-ext",
        "eku=serverAuth",
        "-validity",
        "3",
        "-keystore",
        ca.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        caPem.toString(),
        "-keystore",
        server.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "server",
        "-file",
        serverPem.toString(),
        "-keystore",
        server.toString());
    return new TestCa(Files.readString(caPem, StandardCharsets.US_ASCII), server);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("keytool " + args[0] + " failed: " + out);
    }
  }

  /** A server-side SSL context presenting the CA-signed certificate. */
  SSLContext serverContext() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(serverKeyStore)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD.toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }
}
