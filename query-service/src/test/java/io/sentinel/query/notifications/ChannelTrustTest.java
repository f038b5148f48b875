package io.sentinel.query.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.net.PemTrustOptions;
import java.net.http.HttpClient;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The trust bundle itself: parsing, its SHA-256 identity, one HTTP client per bundle. */
class ChannelTrustTest {
  static TestCa ca;
  static TestCa other;

  @BeforeAll
  static void cas() throws Exception {
    ca = TestCa.shared();
    other = TestCa.create("Another Test CA");
  }

  private static Channel channel(long id, Object pem) {
    return new Channel(
        id,
        "c" + id,
        ChannelType.WEBHOOK,
        pem == null ? Map.of() : Map.of("ca_pem", pem),
        Map.of("url", "https://127.0.0.1/x"),
        60,
        true);
  }

  @Test
  void oneHttpClientPerBundleSharedByChannelsWhateverThePemWhitespace() throws Exception {
    ChannelTrust trust = new ChannelTrust();
    HttpClient plain = trust.http(channel(1, null));
    HttpClient a = trust.http(channel(2, ca.caPem));
    HttpClient sameBundle = trust.http(channel(3, "\n\n" + ca.caPem.replace("\n", "\r\n") + "\n"));
    HttpClient b = trust.http(channel(4, other.caPem));
    HttpClient both = trust.http(channel(5, ca.caPem + other.caPem));

    assertThat(trust.http(channel(6, null))).isSameAs(plain);
    assertThat(sameBundle).isSameAs(a).isNotSameAs(plain);
    assertThat(trust.http(channel(2, ca.caPem))).isSameAs(a);
    assertThat(b).isNotSameAs(a);
    assertThat(both).isNotSameAs(a).isNotSameAs(b);
    assertThat(trust.cachedClients()).isEqualTo(3);
  }

  @Test
  void aBundleHoldsEachOfItsCertificates() throws Exception {
    assertThat(ChannelTrust.certificates(ca.caPem + other.caPem))
        .extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactly("CN=Sentinel Test CA", "CN=Another Test CA");
    assertThat(ChannelTrust.sha256(ChannelTrust.certificates(ca.caPem)))
        .hasSize(64)
        .isNotEqualTo(ChannelTrust.sha256(ChannelTrust.certificates(other.caPem)));
  }

  @Test
  void emailGetsTheBundleAsPemTrustOptions() throws Exception {
    PemTrustOptions o = ChannelTrust.pemTrust(channel(1, ca.caPem + other.caPem));
    assertThat(o.getCertValues()).hasSize(2);
    assertThat(ChannelTrust.pemTrust(channel(1, null))).isNull();
    assertThat(EmailSender.config(channel(1, ca.caPem)).getTrustOptions()).isNotNull();
    assertThat(EmailSender.config(channel(1, null)).getTrustOptions()).isNull();
  }

  @Test
  void aStoredBundleThatDoesNotParseFailsTheSendNotTheService() {
    ChannelTrust trust = new ChannelTrust();
    assertThatThrownBy(() -> trust.http(channel(1, "not pem")))
        .isInstanceOf(ChannelTrust.InvalidPem.class)
        .hasMessageContaining("must be PEM");
    assertThatThrownBy(() -> trust.http(channel(1, ca.caPem.replace("M", "!"))))
        .isInstanceOf(ChannelTrust.InvalidPem.class)
        .hasMessageNotContaining("!");
  }

  @Test
  void theOpenApiExampleBundleIsValid() throws Exception {
    var example =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(NotificationExamples.NEW_PRIVATE_CA_CHANNEL);
    assertThat(ChannelTrust.certificates(example.at("/settings/ca_pem").asText()))
        .extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactly("CN=Example Internal CA");
  }
}
