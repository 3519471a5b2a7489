package dev.shoal.cli.login;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The device login's protocol steps against a stand-in identity provider that answers as RFC 8628 says (the real
 * Keycloak, and a person in a real browser, are in the marketplace's DeviceLoginIT).
 */
class DeviceLoginTests {

    HttpServer idp;
    String issuer;
    final Deque<String> tokenAnswers = new ConcurrentLinkedDeque<>();
    final List<String> tokenRequests = new ArrayList<>();
    final List<Duration> pauses = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        idp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        issuer = "http://127.0.0.1:" + idp.getAddress().getPort() + "/realms/test";
        idp.createContext("/realms/test/.well-known/openid-configuration", ex -> answer(ex, 200,
                "{\"issuer\":\"" + issuer + "\",\"token_endpoint\":\"" + issuer + "/token\",\"device_authorization_endpoint\":\"" + issuer + "/device\"}"));
        idp.createContext("/realms/test/device", ex -> answer(ex, 200, "{\"device_code\":\"dc-1\",\"user_code\":\"WDJB-MJHT\","
                + "\"verification_uri\":\"" + issuer + "/verify\",\"verification_uri_complete\":\"" + issuer + "/verify?user_code=WDJB-MJHT\","
                + "\"expires_in\":600,\"interval\":5}"));
        idp.createContext("/realms/test/token", ex -> {
            synchronized (tokenRequests) {
                tokenRequests.add(URLDecoder.decode(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), StandardCharsets.UTF_8));
            }
            String next = tokenAnswers.poll();
            answer(ex, next.startsWith("{\"access_token") ? 200 : 400, next);
        });
        idp.start();
    }

    @AfterEach
    void stop() {
        idp.stop(0);
    }

    static void answer(HttpExchange ex, int status, String json) throws IOException {
        try (ex) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
        }
    }

    static String tokens(String user) {
        String claims = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"preferred_username\":\"" + user + "\"}").getBytes(StandardCharsets.UTF_8));
        return "{\"access_token\":\"h." + claims + ".s\",\"refresh_token\":\"rt-of-" + user + "\",\"expires_in\":300}";
    }

    DeviceLogin login() {
        return new DeviceLogin(new IdentityProvider(issuer, "shoal-cli"), Clock.systemUTC(), pauses::add);
    }

    @Test
    void showsTheCodeThenPollsUntilThePersonApprovesSlowingDownWhenAsked() {
        tokenAnswers.addAll(List.of("{\"error\":\"authorization_pending\"}", "{\"error\":\"slow_down\"}", "{\"error\":\"authorization_pending\"}",
                tokens("distributor")));
        List<DeviceAuthorization> shown = new ArrayList<>();

        Tokens got = login().run(shown::add);

        assertThat(shown).singleElement().satisfies(d -> {
            assertThat(d.userCode()).isEqualTo("WDJB-MJHT");
            assertThat(d.verificationUri()).isEqualTo(issuer + "/verify");
        });
        assertThat(got.refreshToken()).isEqualTo("rt-of-distributor");
        assertThat(got.user()).isEqualTo("distributor");
        assertThat(pauses).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10));
        assertThat(tokenRequests).allMatch(r -> r.contains("grant_type=urn:ietf:params:oauth:grant-type:device_code")
                && r.contains("device_code=dc-1") && r.contains("client_id=shoal-cli"));
    }

    @Test
    void aDeclinedOrExpiredCodeEndsTheLoginWithItsReason() {
        tokenAnswers.add("{\"error\":\"access_denied\"}");
        assertThatThrownBy(() -> login().run(d -> { })).isInstanceOf(LoginException.class)
                .extracting(e -> ((LoginException) e).reason()).isEqualTo(LoginException.Reason.ACCESS_DENIED);
        tokenAnswers.add("{\"error\":\"expired_token\"}");
        assertThatThrownBy(() -> login().run(d -> { })).isInstanceOf(LoginException.class)
                .extracting(e -> ((LoginException) e).reason()).isEqualTo(LoginException.Reason.EXPIRED_TOKEN);
    }

    @Test
    void aRevokedRefreshTokenIsAnInvalidGrant() {
        tokenAnswers.add("{\"error\":\"invalid_grant\",\"error_description\":\"Offline user session not found\"}");
        assertThatThrownBy(() -> new IdentityProvider(issuer, "shoal-cli").refresh("rt-old")).isInstanceOf(LoginException.class)
                .hasMessageContaining("Offline user session not found")
                .extracting(e -> ((LoginException) e).reason()).isEqualTo(LoginException.Reason.INVALID_GRANT);
        assertThat(tokenRequests).singleElement().asString().contains("grant_type=refresh_token", "refresh_token=rt-old");
    }

    @Test
    void theStoredLoginIsReadableByItsOwnerOnly() throws IOException {
        Path file = dir.resolve("data/operator-login.json");
        StoredLogin login = StoredLogin.of(new IdentityProvider(issuer, "shoal-cli"), new Tokens("h.e30.s", "rt-1", 300));
        login.write(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(StoredLogin.read(file)).contains(login);

        login.withRefreshToken("rt-2").write(file);
        assertThat(StoredLogin.read(file).orElseThrow().refreshToken()).isEqualTo("rt-2");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(StoredLogin.read(dir.resolve("none.json"))).isEmpty();
    }
}
