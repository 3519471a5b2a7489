package dev.shoal.deploy.stack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.shoal.cli.login.IdentityProvider;
import dev.shoal.cli.login.LoginException;
import dev.shoal.cli.login.StoredLogin;
import dev.shoal.cli.login.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The demo operator's sign-in against an identity provider on a real socket that drops the first token requests
 * without an answer (what a Keycloak too loaded to answer looks like to the launcher), or refuses.
 */
class DemoOperatorLoginTests {

    private HttpServer idp;
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private volatile int dropFirst;
    private volatile boolean refuse;

    @BeforeEach
    void start() throws IOException {
        idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String issuer = "http://127.0.0.1:" + idp.getAddress().getPort() + "/realms/shoal";
        idp.createContext("/realms/shoal/.well-known/openid-configuration",
                x -> answer(x, 200, "{\"token_endpoint\":\"" + issuer + "/protocol/openid-connect/token\"}"));
        idp.createContext("/realms/shoal/protocol/openid-connect/token", x -> {
            int n = tokenRequests.incrementAndGet();
            if (n <= dropFirst) {
                x.close(); // no status line: the connection ends without an answer
            } else if (refuse) {
                answer(x, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid user credentials\"}");
            } else {
                answer(x, 200, "{\"access_token\":\"a.e30.s\",\"refresh_token\":\"refresh-" + n + "\",\"expires_in\":300}");
            }
        });
        idp.start();
    }

    @AfterEach
    void stop() {
        idp.stop(0);
    }

    private static void answer(HttpExchange x, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, body.length);
        x.getResponseBody().write(body);
        x.close();
    }

    private IdentityProvider provider() {
        return new IdentityProvider("http://127.0.0.1:" + idp.getAddress().getPort() + "/realms/shoal", StoredLogin.CLI_CLIENT);
    }

    @Test
    void aKeycloakThatDoesNotAnswerIsAskedAgainUntilItDoes() {
        dropFirst = 2;

        Tokens tokens = DemoOperatorLogin.passwordGrant(provider(), Duration.ofMinutes(1));

        assertThat(tokens.refreshToken()).isEqualTo("refresh-3");
        assertThat(tokenRequests).hasValue(3);
    }

    @Test
    void aKeycloakThatNeverAnswersEndsInAnErrorThatSaysWhatWasTriedAndWhatToDo() {
        dropFirst = Integer.MAX_VALUE;

        assertThatThrownBy(() -> DemoOperatorLogin.passwordGrant(provider(), Duration.ofSeconds(3)))
                .isInstanceOf(LoginException.class)
                .hasMessageContaining("did not answer the sign-in of the agents' operator in " + tokenRequests.get() + " attempt(s)")
                .hasMessageContaining("fewer --instances");
        assertThat(tokenRequests.get()).isGreaterThan(1);
    }

    @Test
    void aRefusalIsNotAskedAgain() {
        refuse = true;

        assertThatThrownBy(() -> DemoOperatorLogin.passwordGrant(provider(), Duration.ofMinutes(1)))
                .isInstanceOf(LoginException.class).hasMessageContaining("Invalid user credentials");
        assertThat(tokenRequests).hasValue(1);
    }
}
