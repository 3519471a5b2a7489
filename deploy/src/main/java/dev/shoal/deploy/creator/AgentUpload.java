package dev.shoal.deploy.creator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.SignedManifest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * Makes a content available from the creator's own agent, its origin: the signed manifest kept ({@code POST
 * /api/local/contents}), every segment uploaded ({@code PUT /api/local/segments/{sha256}}, which the agent refuses
 * unless the bytes hash to the name), and the content pinned so the agent never evicts it. The agent's local API
 * takes its operator's token, from the agent's data folder.
 */
public final class AgentUpload {

    private static final String TOKEN_HEADER = "X-Shoal-Operator-Token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String agent;
    private final String operatorToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public AgentUpload(String agentUrl, String operatorToken) {
        this.agent = agentUrl.replaceAll("/+$", "");
        this.operatorToken = operatorToken;
    }

    /** The operator token in an agent's data folder ({@code DATA/operator.token}). */
    public static String tokenOf(Path agentData) {
        Path file = agentData.resolve("operator.token");
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new CreatorException("cannot read the agent's operator token in " + file + " (" + e.getMessage()
                    + "): give the agent's data folder with --agent-data", e);
        }
    }

    public String url() {
        return agent;
    }

    /** Uploads the content; {@code progress} is told the bytes of each segment once the agent holds it. */
    public void upload(SignedManifest manifest, HlsFolder folder, LongConsumer progress) {
        send(HttpRequest.newBuilder(URI.create(agent + "/api/local/contents")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(manifest.toJson())), "keep the manifest");
        for (HlsFolder.HlsRendition r : folder.renditions()) {
            if (r.init() != null) {
                put(r.init().read());
                progress.accept(r.init().expectedSize());
            }
            for (HlsFolder.SegmentSource s : r.segments()) {
                byte[] bytes = s.read();
                put(bytes);
                progress.accept(bytes.length);
            }
        }
        send(HttpRequest.newBuilder(URI.create(agent + "/api/local/pins/" + manifest.contentId().hex()))
                .POST(HttpRequest.BodyPublishers.noBody()), "pin the content");
    }

    private void put(byte[] bytes) {
        String sha = Sha256.of(bytes).hex();
        send(HttpRequest.newBuilder(URI.create(agent + "/api/local/segments/" + sha)).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)), "take segment " + sha);
    }

    private void send(HttpRequest.Builder request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request.header(TOKEN_HEADER, operatorToken).header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CreatorException("the agent at " + agent + " cannot be reached (" + e.getMessage() + "): is it running?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CreatorException("interrupted while uploading to " + agent, e);
        }
        if (response.statusCode() / 100 != 2) {
            String detail = response.body();
            try {
                JsonNode problem = JSON.readTree(response.body());
                detail = problem.path("detail").asText(problem.path("title").asText(detail));
            } catch (IOException e) {
                // not a problem document: show the body as it is
            }
            throw new CreatorException("the agent at " + agent + " refused to " + what + " (HTTP " + response.statusCode() + "): " + detail);
        }
    }
}
