package dev.shoal.gateway.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain HTTP the live ITs speak to a gateway: requests, a room's view, and the check of a problem answer. */
final class LiveHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    // HTTP/1.1 as a browser speaks to these cleartext servers (the JDK client's h2c upgrade misread a relay's answer once)
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PROBLEMS = "https://shoal.dev/problems/";

    private LiveHttp() {
    }

    static HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, JsonNode body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code GET /api/live/rooms/{room}}, which must answer 200. */
    static JsonNode room(String gateway, String room) throws Exception {
        HttpResponse<String> r = get(gateway + "/api/live/rooms/" + room, Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** An RFC 7807 answer with this status and problem type. */
    static void problem(HttpResponse<String> r, int status, String type) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(r.body()).path("type").asText()).isEqualTo(PROBLEMS + type);
    }
}
