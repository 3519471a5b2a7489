package dev.shoal.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.agent.operator.OperatorToken;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/** What every client command shares: where the agent answers, and the data folder holding its operator token. */
public class LocalClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** An error to show the operator as one line, with exit code 1. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    @Option(names = "--agent", paramLabel = "URL", description = "The running agent (default http://127.0.0.1:8090, or $SHOAL_AGENT_URL)")
    String agent;

    @Option(names = "--data", paramLabel = "DIR", description = "The agent's data folder, for its operator token (default ~/.shoal-agent)")
    Path data;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    String base() {
        String a = agent != null ? agent : System.getenv().getOrDefault("SHOAL_AGENT_URL", "http://127.0.0.1:8090");
        return a.endsWith("/") ? a.substring(0, a.length() - 1) : a;
    }

    JsonNode call(String method, String path, Object body) {
        String token;
        Path dir = data != null ? data : Path.of(System.getProperty("user.home"), ".shoal-agent");
        try {
            token = OperatorToken.read(dir);
        } catch (NoSuchFileException e) {
            throw new Failure("no operator token in " + dir + " (has an agent ever started with that data folder? pass --data DIR)");
        } catch (IOException e) {
            throw new Failure("cannot read the operator token in " + dir + ": " + e.getMessage());
        }
        try {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60))
                    .header(OperatorToken.HEADER, token).header("Accept", "application/json");
            if (body == null) {
                req.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                req.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = res.body().isEmpty() ? JSON.nullNode() : JSON.readTree(res.body());
            if (res.statusCode() >= 400) {
                String detail = json.path("detail").asText(json.path("title").asText("HTTP " + res.statusCode()));
                throw new Failure(detail + " (" + json.path("type").asText("").replace("https://shoal.dev/problems/", "") + ")");
            }
            return json;
        } catch (ConnectException e) {
            throw new Failure("no agent answers at " + base() + ": start one with 'distributor-agent start' or pass --agent URL");
        } catch (IOException e) {
            throw new Failure("talking to the agent at " + base() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    static int fail(Failure f) {
        System.err.println("distributor-agent: " + f.getMessage());
        return 1;
    }
}
