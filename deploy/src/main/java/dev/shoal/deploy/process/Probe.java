package dev.shoal.deploy.process;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Small HTTP calls the launcher makes to tell whether a component answers. Empty means nothing answered. */
public final class Probe {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private Probe() {
    }

    /** The status code of a GET, or empty when nothing answers. */
    public static Optional<Integer> getStatus(String url) {
        return get(url).map(HttpResponse::statusCode);
    }

    public static Optional<HttpResponse<String>> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET());
    }

    public static Optional<HttpResponse<String>> postJson(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public static Optional<HttpResponse<String>> postForm(String url, String form) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static Optional<HttpResponse<String>> send(HttpRequest.Builder request) {
        try {
            return Optional.of(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
