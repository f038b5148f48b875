package io.sentinel.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentinel.ingest.TestIngestConfig;
import io.sentinel.ingest.config.IngestConfig;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreTest {
  @TempDir Path dir;

  private TokenStore store(String content) throws IOException {
    Path file = dir.resolve("tokens");
    Files.writeString(file, content);
    return new TokenStore(withAuth(true, Optional.of(file)));
  }

  /** The test defaults with this authentication. */
  private static IngestConfig withAuth(boolean enabled, Optional<Path> file) {
    IngestConfig.Auth auth =
        new IngestConfig.Auth() {
          @Override
          public boolean enabled() {
            return enabled;
          }

          @Override
          public Optional<Path> tokensFile() {
            return file;
          }

          @Override
          public java.time.Duration reloadInterval() {
            return java.time.Duration.ofSeconds(30);
          }
        };
    IngestConfig defaults = TestIngestConfig.defaults();
    return (IngestConfig)
        Proxy.newProxyInstance(
            IngestConfig.class.getClassLoader(),
            new Class<?>[] {IngestConfig.class},
            (proxy, method, args) ->
                method.getName().equals("auth") ? auth : method.invoke(defaults, args));
  }

  @Test
  void changedTokensFileTakesEffectOnReloadWithoutARestart() throws IOException {
    TokenStore store = store("abcdefghijklmnop-1 acme\n");
    assertThat(store.reload()).as("unchanged file").isFalse();
    Files.writeString(
        dir.resolve("tokens"), "abcdefghijklmnop-2 acme\nabcdefghijklmnop-3 beta web-1\n");
    assertThat(store.reload()).isTrue();
    assertThat(store.check("abcdefghijklmnop-1")).as("rotated out").isEmpty();
    assertThat(store.check("abcdefghijklmnop-2")).contains(new AgentToken("acme", null));
    assertThat(store.check("abcdefghijklmnop-3")).contains(new AgentToken("beta", "web-1"));
  }

  @Test
  void brokenOrMissingTokensFileOnReloadKeepsTheTokensReadBefore() throws IOException {
    TokenStore store = store("abcdefghijklmnop-1 acme\n");
    Files.writeString(dir.resolve("tokens"), "short acme\n");
    assertThat(store.reload()).isFalse();
    assertThat(store.check("abcdefghijklmnop-1")).contains(new AgentToken("acme", null));
    Files.delete(dir.resolve("tokens"));
    assertThat(store.reload()).isFalse();
    assertThat(store.check("abcdefghijklmnop-1")).contains(new AgentToken("acme", null));
    Files.writeString(dir.resolve("tokens"), "abcdefghijklmnop-9 acme\n");
    assertThat(store.reload()).as("fixed file").isTrue();
    assertThat(store.check("abcdefghijklmnop-9")).isPresent();
  }

  @Test
  void knownTokenGrantsItsTenantAndBoundMonitor() throws IOException {
    TokenStore store =
        store("# comment\n\nabcdefghijklmnop-1 acme\nabcdefghijklmnop-2 acme web-1\n");
    assertThat(store.check("abcdefghijklmnop-1")).contains(new AgentToken("acme", null));
    assertThat(store.check("abcdefghijklmnop-2")).contains(new AgentToken("acme", "web-1"));
  }

  @Test
  void unknownEmptyOrPrefixTokensAreRefused() throws IOException {
    TokenStore store = store("abcdefghijklmnop-1 acme\n");
    assertThat(store.check("abcdefghijklmnop-2")).isEmpty();
    assertThat(store.check("abcdefghijklmnop")).isEmpty();
    assertThat(store.check("")).isEmpty();
    assertThat(store.check(null)).isEmpty();
  }

  @Test
  void authOnWithoutTokensFileRefusesToStart() {
    assertThatThrownBy(() -> new TokenStore(withAuth(true, Optional.empty())))
        .hasMessageContaining("SENTINEL_INGEST_TOKENS_FILE");
  }

  @Test
  void shortTokensBadTenantsAndEmptyFilesAreConfigurationErrorsThatNeverQuoteTheToken() {
    assertThatThrownBy(() -> store("tiny9 acme\n"))
        .hasMessageContaining("line 1")
        .hasMessageNotContaining("tiny9");
    assertThatThrownBy(() -> store("abcdefghijklmnop-1 bad/tenant\n"))
        .hasMessageContaining("tenant");
    assertThatThrownBy(() -> store("# nothing\n")).hasMessageContaining("no token");
    assertThatThrownBy(() -> store("abcdefghijklmnop-1\n"))
        .hasMessageContaining("token tenant")
        .hasMessageNotContaining("abcdefghijklmnop-1");
  }

  @Test
  void authOffGrantsTheDefaultTenant() {
    TokenStore store = new TokenStore(withAuth(false, Optional.empty()));
    assertThat(store.check(null)).contains(new AgentToken(Tenants.DEFAULT, null));
  }
}
