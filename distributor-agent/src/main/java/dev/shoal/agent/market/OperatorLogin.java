package dev.shoal.agent.market;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The operator's bearer token for the marketplace: the marketplace accepts registrations, heartbeats and
 * reports only from a user with the distributor role, and counts agents registered by one user as one
 * operator's. Logs in with the operator's user name and password (the realm's public CLI client,
 * direct grant) and renews the token shortly before it expires.
 */
public final class OperatorLogin {

    private static final String CLIENT = "shoal-cli";

    private final String tokenEndpoint;
    private final String user;
    private final String password;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;
    private long renewAtMillis;

    public OperatorLogin(String issuer, String user, String password, Clock clock) {
        this.tokenEndpoint = issuer.replaceAll("/+$", "") + "/protocol/openid-connect/token";
        this.user = user;
        this.password = password;
        this.clock = clock;
    }

    /** A valid access token, logging in again when the last one is about to expire. */
    public synchronized String token() throws IOException {
        if (token != null && clock.millis() < renewAtMillis) {
            return token;
        }
        String form = "grant_type=password&client_id=" + CLIENT
                + "&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenEndpoint)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while logging in", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("the identity provider refused operator " + user + ": HTTP " + response.statusCode());
        }
        JsonNode body = MarketClient.JSON.readTree(response.body());
        token = body.path("access_token").asText();
        long lifetime = Math.max(10, body.path("expires_in").asLong(60));
        renewAtMillis = clock.millis() + (lifetime - Math.min(30, lifetime / 2)) * 1000;
        return token;
    }

    /** Forgets the token, so the next call logs in again (after a 401). */
    public synchronized void invalidate() {
        token = null;
    }

    static Optional<OperatorLogin> of(Optional<String> issuer, Optional<String> user, Optional<String> password, Clock clock) {
        if (issuer.isEmpty() || user.isEmpty() || password.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new OperatorLogin(issuer.get(), user.get(), password.get(), clock));
    }
}
