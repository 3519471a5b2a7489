package dev.shoal.cli.login;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An OpenID Connect provider's token endpoints, as a public client (no secret) of it sees them: the device
 * authorization grant (RFC 8628), refresh, and (for the local demo and the tests only) the password grant. The
 * endpoints come from the provider's discovery document.
 */
public final class IdentityProvider {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final String issuer;
    private final String clientId;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private JsonNode discovery;

    /** @param issuer the realm's URL, e.g. {@code http://127.0.0.1:8180/realms/shoal} */
    public IdentityProvider(String issuer, String clientId) {
        this.issuer = issuer.replaceAll("/+$", "");
        this.clientId = clientId;
    }

    public String issuer() {
        return issuer;
    }

    public String clientId() {
        return clientId;
    }

    /** Starts a device login: the code the person enters on the provider's page. */
    public DeviceAuthorization startDeviceLogin(String scope) {
        JsonNode body = post(endpoint("device_authorization_endpoint"), Map.of("client_id", clientId, "scope", scope), "device login");
        return new DeviceAuthorization(body.path("device_code").asText(), body.path("user_code").asText(),
                body.path("verification_uri").asText(), body.path("verification_uri_complete").asText(null),
                body.path("expires_in").asLong(600), body.path("interval").asLong(5));
    }

    /** One poll's outcome: the tokens, or not yet (and whether the provider asked to poll less often). */
    public record DevicePoll(Tokens tokens, boolean slowDown) {
        public boolean done() {
            return tokens != null;
        }
    }

    /**
     * One poll of the token endpoint for a device login: the tokens once the person approved, not yet while they have
     * not ({@code authorization_pending}, {@code slow_down}); {@link LoginException} when they declined or the code
     * expired.
     */
    public DevicePoll pollDeviceLogin(DeviceAuthorization device) {
        Answer answer = send(endpoint("token_endpoint"), Map.of("grant_type", "urn:ietf:params:oauth:grant-type:device_code",
                "device_code", device.deviceCode(), "client_id", clientId), "device login");
        if (answer.status() == 200) {
            return new DevicePoll(Tokens.of(answer.body()), false);
        }
        String error = answer.body().path("error").asText("");
        return switch (error) {
            case "authorization_pending" -> new DevicePoll(null, false);
            case "slow_down" -> new DevicePoll(null, true);
            case "access_denied" -> throw new LoginException(LoginException.Reason.ACCESS_DENIED, "the sign-in was declined");
            case "expired_token" -> throw new LoginException(LoginException.Reason.EXPIRED_TOKEN,
                    "the code expired before it was entered: start again");
            default -> throw refused("device login", answer);
        };
    }

    /** New tokens for a refresh token; {@link LoginException} with {@code INVALID_GRANT} when it is revoked or expired. */
    public Tokens refresh(String refreshToken) {
        return Tokens.of(post(endpoint("token_endpoint"), Map.of("grant_type", "refresh_token", "refresh_token", refreshToken,
                "client_id", clientId), "refresh"));
    }

    /**
     * Revokes a refresh token (RFC 7009), so a copy of the login left anywhere is worth nothing. A token the provider
     * no longer knows counts as revoked.
     */
    public void revoke(String refreshToken) {
        Answer answer = send(endpoint("revocation_endpoint"), Map.of("token", refreshToken, "token_type_hint", "refresh_token",
                "client_id", clientId), "revocation");
        if (answer.status() != 200) {
            throw refused("revocation", answer);
        }
    }

    /** The password grant: for the local demo's users and the tests only (a person signs in with the device login). */
    public Tokens password(String user, String password, String scope) {
        return Tokens.of(post(endpoint("token_endpoint"), Map.of("grant_type", "password", "client_id", clientId,
                "username", user, "password", password, "scope", scope), "password grant for " + user));
    }

    private String endpoint(String name) {
        if (discovery == null) {
            Answer answer = exchange(HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration")).timeout(TIMEOUT)
                    .header("Accept", "application/json").GET().build(), "discovery");
            if (answer.status() != 200) {
                throw new LoginException(LoginException.Reason.UNREACHABLE, "no OpenID Connect discovery document at " + issuer
                        + " (HTTP " + answer.status() + "): is that the realm's URL?");
            }
            discovery = answer.body();
        }
        String url = discovery.path(name).asText("");
        if (url.isEmpty()) {
            throw new LoginException(LoginException.Reason.REFUSED, issuer + " offers no " + name);
        }
        return url;
    }

    private JsonNode post(String url, Map<String, String> form, String what) {
        Answer answer = send(url, form, what);
        if (answer.status() != 200) {
            throw refused(what, answer);
        }
        return answer.body();
    }

    private static LoginException refused(String what, Answer answer) {
        String error = answer.body().path("error").asText("");
        String detail = answer.body().path("error_description").asText(error);
        return new LoginException(error.equals("invalid_grant") ? LoginException.Reason.INVALID_GRANT : LoginException.Reason.REFUSED,
                "the identity provider refused the " + what + " (HTTP " + answer.status() + (detail.isEmpty() ? "" : ": " + detail) + ")");
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer send(String url, Map<String, String> form, String what) {
        String encoded = new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return exchange(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encoded)).build(), what);
    }

    private Answer exchange(HttpRequest request, String what) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(response.body());
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw new LoginException(LoginException.Reason.UNREACHABLE, "the identity provider at " + issuer + " cannot be reached for the "
                    + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginException(LoginException.Reason.UNREACHABLE, "interrupted during the " + what, e);
        }
    }
}
