package dev.shoal.cli.login;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A token response of the identity provider.
 *
 * @param expiresInSeconds the access token's lifetime
 */
public record Tokens(String accessToken, String refreshToken, long expiresInSeconds) {

    static Tokens of(JsonNode body) {
        return new Tokens(body.path("access_token").asText(null), body.path("refresh_token").asText(null),
                body.path("expires_in").asLong(60));
    }

    /**
     * Who the access token names ({@code preferred_username}), for telling the person who signed in. Read without
     * checking the signature: the services check every token they are given; this is only shown.
     */
    public String user() {
        String[] parts = accessToken == null ? new String[0] : accessToken.split("\\.");
        if (parts.length < 2) {
            return "?";
        }
        try {
            JsonNode claims = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return claims.path("preferred_username").asText(claims.path("sub").asText("?"));
        } catch (Exception e) {
            return "?";
        }
    }
}
