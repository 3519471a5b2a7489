package dev.shoal.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.agent.market.LoginRequiredException;
import dev.shoal.agent.market.OperatorSession;
import dev.shoal.cli.login.DeviceLogin;
import dev.shoal.cli.login.IdentityProvider;
import dev.shoal.cli.login.StoredLogin;
import dev.shoal.deploy.stack.KeycloakComponent;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.deploy.testing.RealServices;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The agent's operator tokens from a stored refresh token, against the real Keycloak: without a login, or once the
 * login is revoked, the agent says to run {@code distributor-agent login}; with one, it holds tokens its operator API
 * (and the marketplace) accept, and keeps the refresh token the identity provider hands back.
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "service", value = "agent"),
        // anvil too: one stack per test JVM, and EarningsCommandIT needs it
        @ResourceArg(name = "needs", value = "keycloak,anvil")})
class OperatorSessionIT {

    static final String OPERATOR = "distributor2";

    @Inject
    OperatorSession session;

    Path file() {
        return Path.of(ConfigProvider.getConfig().getValue("shoal.agent.data-dir", String.class)).resolve(StoredLogin.OPERATOR_LOGIN_FILE);
    }

    @AfterEach
    void forgetTheLogin() throws Exception {
        Files.deleteIfExists(file());
        session.forget();
    }

    @Test
    void withoutALoginTheAgentSaysHowToLogIn() {
        assertThatThrownBy(() -> session.accessToken().await().atMost(Duration.ofSeconds(30)))
                .isInstanceOf(LoginRequiredException.class).hasMessageContaining("no operator login").hasMessageContaining("distributor-agent login");
    }

    @Test
    void aStoredLoginGivesTokensTheServicesAcceptUntilItIsRevoked() throws Exception {
        String issuer = RealServices.endpoints().issuer();
        IdentityProvider provider = new IdentityProvider(issuer, StoredLogin.CLI_CLIENT);
        StoredLogin login = StoredLogin.of(provider, provider.password(OPERATOR, DemoUsers.password(OPERATOR), DeviceLogin.SCOPE));
        login.write(file());

        String token = session.accessToken().await().atMost(Duration.ofSeconds(30));
        given().auth().oauth2(token).when().get("/api/operator/status").then().statusCode(200);
        assertThat(session.accessToken().await().atMost(Duration.ofSeconds(30))).as("kept until it is about to expire").isEqualTo(token);
        assertThat(StoredLogin.read(file()).orElseThrow().refreshToken()).as("the refresh token Keycloak handed back is kept")
                .isNotEqualTo(login.refreshToken());

        revokeOfflineTokens(OPERATOR);
        session.forget();
        assertThatThrownBy(() -> session.accessToken().await().atMost(Duration.ofSeconds(30)))
                .isInstanceOf(LoginRequiredException.class).hasMessageContaining("no longer accepted (revoked or expired)")
                .hasMessageContaining("distributor-agent login --data");
    }

    @Test
    void aLoginForAnotherRealmIsNotUsed() throws Exception {
        new StoredLogin("http://127.0.0.1:1/realms/other", StoredLogin.CLI_CLIENT, OPERATOR, "rt", "2026-12-05T10:15:30Z").write(file());
        assertThatThrownBy(() -> session.accessToken().await().atMost(Duration.ofSeconds(30)))
                .isInstanceOf(LoginRequiredException.class).hasMessageContaining("is for http://127.0.0.1:1/realms/other");
    }

    /** What an operator (or an admin) does in Keycloak's account console: revoke the offline access of the CLI client. */
    private static void revokeOfflineTokens(String user) throws Exception {
        String keycloak = RealServices.endpoints().keycloakUrl();
        String admin = new IdentityProvider(keycloak + "/realms/master", "admin-cli")
                .password(KeycloakComponent.ADMIN_USER, KeycloakComponent.ADMIN_PASSWORD, "openid").accessToken();
        HttpClient http = HttpClient.newHttpClient();
        JsonNode users = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(keycloak
                        + "/admin/realms/shoal/users?exact=true&username=" + user)).header("Authorization", "Bearer " + admin).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String id = users.get(0).path("id").asText();
        HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(URI.create(keycloak + "/admin/realms/shoal/users/" + id
                        + "/consents/" + StoredLogin.CLI_CLIENT)).header("Authorization", "Bearer " + admin).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(204);
    }
}
