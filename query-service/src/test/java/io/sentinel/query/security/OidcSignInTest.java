package io.sentinel.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.sentinel.devstack.KafkaTestResource;
import io.sentinel.devstack.PostgresTestResource;
import io.sentinel.query.Api;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-in with a real OpenID provider (decision 017): the certified {@code oidc-provider} from npm,
 * started by this test under Node (src/test/resources/oidc-provider, installed with {@code npm ci}
 * into target/). Skipped when Node is missing, except under CI (SENTINEL_CI), where that fails.
 */
@QuarkusTest
@TestProfile(OidcSignInTest.WithProvider.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class OidcSignInTest {
  static final String CLIENT_ID = "sentinel-test";
  static final String CLIENT_SECRET = "sentinel-test-secret-0123456789abcdef";

  /** The provider, started once for the class. */
  static final class Provider {
    static final int SENTINEL_PORT = freePort();
    static final String ISSUER;
    static final String SKIPPED;

    static {
      String issuer = null;
      String skipped = null;
      try {
        issuer = start();
      } catch (NodeMissing e) {
        if (System.getenv("SENTINEL_CI") != null) {
          throw new IllegalStateException(e.getMessage() + " (SENTINEL_CI: .ci/run installs npm)");
        }
        skipped = e.getMessage();
      } catch (Exception e) {
        throw new IllegalStateException("the OpenID provider did not start", e);
      }
      ISSUER = issuer;
      SKIPPED = skipped;
    }

    static final class NodeMissing extends Exception {
      NodeMissing(String m) {
        super(m);
      }
    }

    private static String start() throws Exception {
      if (!runs("node", "--version") || !runs("npm", "--version")) {
        throw new NodeMissing("node and npm are needed for the OpenID provider");
      }
      Path src = Paths.get("src/test/resources/oidc-provider").toAbsolutePath();
      Path dir = Paths.get("target/oidc-provider").toAbsolutePath();
      Files.createDirectories(dir);
      for (String f : List.of("package.json", "package-lock.json", "provider.mjs")) {
        Files.copy(
            src.resolve(f), dir.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      if (!Files.isDirectory(dir.resolve("node_modules/oidc-provider"))) {
        Process npm =
            new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("npm.log").toFile())
                .start();
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
          throw new IllegalStateException(
              "npm ci failed: " + Files.readString(dir.resolve("npm.log")));
        }
      }
      String accounts =
          """
          {"alice": {"preferred_username": "alice", "sentinel_role": "operator",
                     "sentinel_tenants": ["default", "acme"]},
           "bob": {"preferred_username": "bob", "groups": ["staff", "sentinel-admins"]},
           "carol": {"preferred_username": "carol", "groups": ["staff"]}}
          """;
      Path config = dir.resolve("config.json");
      Files.writeString(
          config,
          "{\"port\": 0, \"clientId\": \""
              + CLIENT_ID
              + "\", \"clientSecret\": \""
              + CLIENT_SECRET
              + "\", \"redirectUri\": \""
              + redirectUri()
              + "\", \"accounts\": "
              + accounts
              + "}");
      Process node =
          new ProcessBuilder("node", "provider.mjs", config.toString())
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(node::destroy));
      BufferedReader out =
          new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      String line;
      StringBuilder seen = new StringBuilder();
      while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
        seen.append(line).append('\n');
        if (line.startsWith("LISTENING ")) {
          Thread drain =
              new Thread(
                  () -> {
                    try {
                      while (out.readLine() != null) {
                        // keep the pipe open
                      }
                    } catch (IOException ignored) {
                      // the provider stopped
                    }
                  });
          drain.setDaemon(true);
          drain.start();
          return line.substring("LISTENING ".length()).trim();
        }
      }
      node.destroy();
      throw new IllegalStateException("the OpenID provider did not start:\n" + seen);
    }

    private static boolean runs(String... command) {
      try {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
      } catch (IOException | InterruptedException e) {
        return false;
      }
    }

    static String redirectUri() {
      return "http://localhost:" + SENTINEL_PORT + "/api/session/oidc/callback";
    }

    private static int freePort() {
      try (ServerSocket s = new ServerSocket(0)) {
        return s.getLocalPort();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  public static class WithProvider implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      if (Provider.ISSUER == null) {
        return Map.of("quarkus.http.test-port", String.valueOf(Provider.SENTINEL_PORT));
      }
      return Map.of(
          "quarkus.http.test-port",
          String.valueOf(Provider.SENTINEL_PORT),
          "sentinel.oidc.issuer",
          Provider.ISSUER,
          "sentinel.oidc.client-id",
          CLIENT_ID,
          "sentinel.oidc.client-secret",
          CLIENT_SECRET,
          "sentinel.oidc.provider-name",
          "Test IdP",
          "sentinel.oidc.scopes",
          "openid,profile",
          "sentinel.oidc.redirect-uri",
          Provider.redirectUri(),
          "sentinel.oidc.group-roles",
          "sentinel-admins=admin,sentinel-ops=operator");
    }
  }

  @BeforeEach
  void provider() {
    Assumptions.assumeTrue(Provider.SKIPPED == null, Provider.SKIPPED);
  }

  /** What the browser ended with: the last redirect's target and the session cookie, if any. */
  record Outcome(URI landed, String session) {}

  /** A browser: follows the redirects by hand, signs in at the provider as {@code login}. */
  private static Outcome signIn(String login) throws Exception {
    CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    URI sentinel = URI.create("http://localhost:" + Provider.SENTINEL_PORT + "/");
    URI next = sentinel.resolve("/api/session/oidc");
    for (int hop = 0; hop < 12; hop++) {
      HttpResponse<String> r =
          browser.send(
              HttpRequest.newBuilder(next).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 3) {
        throw new AssertionError(next + " answered " + r.statusCode() + ": " + r.body());
      }
      URI location = next.resolve(r.headers().firstValue("Location").orElseThrow());
      if (location.getPort() == Provider.SENTINEL_PORT && !location.getPath().startsWith("/api/")) {
        String session =
            cookies.getCookieStore().get(sentinel).stream()
                .filter(c -> c.getName().equals("sentinel_session"))
                .map(HttpCookie::getValue)
                .filter(v -> !v.isEmpty())
                .findFirst()
                .orElse(null);
        return new Outcome(location, session);
      }
      if (location.getPath().startsWith("/interaction/")) {
        location = URI.create(location + "?login=" + login);
      }
      next = location;
    }
    throw new AssertionError("too many redirects");
  }

  private static io.restassured.response.Response me(String session) {
    return RestAssured.given().cookie("sentinel_session", session).get("/api/session");
  }

  @Test
  void theSignInPageOffersTheProvider() {
    RestAssured.given()
        .get("/api/session/options")
        .then()
        .statusCode(200)
        .body("password", org.hamcrest.Matchers.equalTo(true))
        .body("oidc.name", org.hamcrest.Matchers.equalTo("Test IdP"))
        .body("oidc.url", org.hamcrest.Matchers.equalTo("/api/session/oidc"));
  }

  @Test
  void anOperatorSignsInWithTheRoleAndTenantsOfItsToken() throws Exception {
    Outcome o = signIn("alice");
    assertThat(o.landed().getPath()).isEqualTo("/");
    assertThat(o.landed().getQuery()).isNull();
    assertThat(o.session()).isNotNull();
    var me = me(o.session()).then().statusCode(200).extract().jsonPath();
    String issuerHost = URI.create(Provider.ISSUER).getAuthority();
    assertThat(me.getString("name")).isEqualTo("alice@" + issuerHost);
    assertThat(me.getString("role")).isEqualTo("operator");
    assertThat(me.getList("tenants", String.class)).containsExactly("acme", "default");
    assertThat(me.getString("via")).isEqualTo("session");
    // an operator may acknowledge but not manage users
    RestAssured.given()
        .cookie("sentinel_session", o.session())
        .get("/api/admin/users")
        .then()
        .statusCode(403);
    // signing in again updates the same user, it does not add one
    Outcome again = signIn("alice");
    assertThat(again.session()).isNotNull().isNotEqualTo(o.session());
    List<String> names =
        Api.given().get("/api/admin/users").then().statusCode(200).extract().path("username");
    assertThat(names.stream().filter(n -> n.startsWith("alice@"))).hasSize(1);
  }

  @Test
  void aGroupMappedToAdminMakesAnAdministrator() throws Exception {
    Outcome o = signIn("bob");
    assertThat(o.session()).isNotNull();
    var me = me(o.session()).then().statusCode(200).extract().jsonPath();
    assertThat(me.getString("name")).startsWith("bob@127.0.0.1:");
    assertThat(me.getString("role")).isEqualTo("admin");
    assertThat(me.getList("tenants", String.class)).containsExactly("default");
    RestAssured.given()
        .cookie("sentinel_session", o.session())
        .get("/api/admin/users")
        .then()
        .statusCode(200);
  }

  @Test
  void aTokenThatGivesNoRoleIsRefused() throws Exception {
    Outcome o = signIn("carol");
    assertThat(o.session()).isNull();
    assertThat(o.landed().getPath()).isEqualTo("/");
    assertThat(o.landed().getQuery()).isEqualTo("signin_error=no-role");
    List<String> names =
        Api.given().get("/api/admin/users").then().statusCode(200).extract().path("username");
    assertThat(names).noneMatch(n -> n.startsWith("carol@"));
  }

  @Test
  void aCallbackWithoutTheBrowsersStateIsRefused() {
    RestAssured.given()
        .redirects()
        .follow(false)
        .get("/api/session/oidc/callback?code=x&state=forged&iss=" + Provider.ISSUER)
        .then()
        .statusCode(303)
        .header("Location", org.hamcrest.Matchers.endsWith("/?signin_error=state-mismatch"));
  }

  @Test
  void apiKeysStillWorkBesideTheProvider() {
    Api.given().get("/api/session").then().statusCode(200);
    Api.given().get("/api/admin/users").then().statusCode(200);
    RestAssured.given()
        .header("Authorization", "Bearer not-a-key")
        .get("/api/monitors")
        .then()
        .statusCode(401);
  }
}
