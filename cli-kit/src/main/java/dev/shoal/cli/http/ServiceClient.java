package dev.shoal.cli.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A Shoal service's JSON API as the command lines call it. They are plain mains outside Quarkus, where the Quarkus
 * REST client cannot be built (it needs the application's CDI container), so this is their one client: typed bodies
 * (contracts' records), a timeout per attempt, and retries with back-off while the service cannot be reached or
 * answers 5xx. A 4xx answer is the service's problem+json, as {@link Refused}.
 */
public final class ServiceClient {

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final int ATTEMPTS = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

    private final String base;
    private final String bearer;
    private final Duration timeout;
    private final HttpClient http;

    public ServiceClient(String baseUrl) {
        this(baseUrl, null, Duration.ofSeconds(30), HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    private ServiceClient(String baseUrl, String bearer, Duration timeout, HttpClient http) {
        this.base = baseUrl.replaceAll("/+$", "");
        this.bearer = bearer;
        this.timeout = timeout;
        this.http = http;
    }

    /** The same service, called with this bearer token. */
    public ServiceClient withBearer(String token) {
        return new ServiceClient(base, token, timeout, http);
    }

    public String url() {
        return base;
    }

    public <T> T get(String path, Class<T> type) {
        return call(HttpRequest.newBuilder(URI.create(base + path)).GET(), type, "GET " + path);
    }

    public <T> T post(String path, Object body, Class<T> type) {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        return call(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), type, "POST " + path);
    }

    /** PUT of raw bytes (an image, a file) with their media type. */
    public <T> T put(String path, byte[] body, String contentType, Class<T> type) {
        return call(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)), type, "PUT " + path);
    }

    public <T> T delete(String path, Class<T> type) {
        return call(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), type, "DELETE " + path);
    }

    /** DELETE with a JSON body (a signed statement of what to remove). */
    public <T> T delete(String path, Object body, Class<T> type) {
        return call(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(json(body))), type, "DELETE " + path);
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The service could not be reached, or kept failing (5xx), after the retries. */
    public static final class Unreachable extends RuntimeException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The service refused the request (4xx), with its problem document's type and detail. */
    public static final class Refused extends RuntimeException {
        private final int status;
        private final String type;

        Refused(int status, String type, String detail) {
            super(status + " " + type + ": " + detail);
            this.status = status;
            this.type = type;
        }

        public int status() {
            return status;
        }

        /** The problem type URI, e.g. {@code https://shoal.dev/problems/funding-pending}. */
        public String type() {
            return type;
        }
    }

    private <T> T call(HttpRequest.Builder request, Class<T> type, String what) {
        request.timeout(timeout).header("Accept", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpRequest built = request.build();
        Duration backoff = FIRST_BACKOFF;
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                pause(backoff);
                backoff = backoff.multipliedBy(2);
            }
            HttpResponse<String> response;
            try {
                response = http.send(built, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                last = new Unreachable(base + " cannot be reached (" + what + "): " + e.getMessage(), e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Unreachable("interrupted: " + what, e);
            }
            if (response.statusCode() >= 500) {
                last = new Unreachable(base + " answered " + response.statusCode() + " to " + what, null);
                continue;
            }
            JsonNode body = read(response.body(), what);
            if (response.statusCode() / 100 != 2) {
                throw new Refused(response.statusCode(), body.path("type").asText("?"),
                        body.path("detail").asText(body.path("title").asText(response.body())));
            }
            return JSON.convertValue(body, type);
        }
        throw last;
    }

    private JsonNode read(String body, String what) {
        try {
            return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new Unreachable(base + " answered " + what + " with something that is not JSON", e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted", e);
        }
    }
}
