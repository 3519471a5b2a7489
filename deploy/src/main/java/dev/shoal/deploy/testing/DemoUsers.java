package dev.shoal.deploy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.deploy.LaunchException;
import dev.shoal.deploy.process.Probe;
import dev.shoal.deploy.stack.KeycloakComponent;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The demo users of the local {@code shoal} realm, one per role, each with the password
 * {@code <name>-demo} (local use only; see deploy/README.md).
 */
public final class DemoUsers {

    public static final String CLI_CLIENT = dev.shoal.cli.login.StoredLogin.CLI_CLIENT;

    private DemoUsers() {
    }

    public static String password(String user) {
        return KeycloakComponent.demoPassword(user);
    }

    /** An access token for a demo user from the real Keycloak, by the CLI client's password grant. */
    public static String accessToken(String issuer, String user) {
        String form = "grant_type=password&client_id=" + CLI_CLIENT
                + "&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password(user), StandardCharsets.UTF_8);
        HttpResponse<String> response = Probe.postForm(issuer + "/protocol/openid-connect/token", form)
                .orElseThrow(() -> new LaunchException("Keycloak at " + issuer + " does not answer"));
        if (response.statusCode() != 200) {
            throw new LaunchException("Keycloak refused a token for " + user + ": " + response.statusCode() + " " + response.body());
        }
        try {
            JsonNode body = new ObjectMapper().readTree(response.body());
            return body.path("access_token").asText();
        } catch (Exception e) {
            throw new LaunchException("unreadable token response: " + e.getMessage(), e);
        }
    }
}
