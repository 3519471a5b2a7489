package dev.shoal.agent.market;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.market.AgentEarnings;
import dev.shoal.contracts.market.AgentWork;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** HTTP to the marketplace (wire format: contracts' {@code market} package). Any non-2xx answer is an IOException. */
public final class MarketClient {

    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final String base;
    private final java.util.Optional<OperatorLogin> login;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public MarketClient(String baseUrl) {
        this(baseUrl, java.util.Optional.empty());
    }

    /** @param login the operator's login; without one, requests carry no token (a marketplace will answer 401) */
    public MarketClient(String baseUrl, java.util.Optional<OperatorLogin> login) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.login = login;
    }

    public String url() {
        return base;
    }

    public void post(String path, String json) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> res = send(req);
        if (res.statusCode() / 100 != 2) {
            throw new IOException("POST " + path + " answered " + res.statusCode());
        }
    }

    public AgentWork work(String agent) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/agents/" + agent + "/work"))
                .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET().build();
        HttpResponse<String> res = send(req);
        if (res.statusCode() / 100 != 2) {
            throw new IOException("GET work answered " + res.statusCode());
        }
        return JSON.readValue(res.body(), AgentWork.class);
    }

    /** What the marketplace knows of the agent's deals and what the escrow credits it. */
    public AgentEarnings earnings(String agent) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/agents/" + agent + "/earnings"))
                .timeout(Duration.ofSeconds(20)).header("Accept", "application/json").GET().build();
        HttpResponse<String> res = send(req);
        if (res.statusCode() / 100 != 2) {
            throw new IOException("GET earnings answered " + res.statusCode());
        }
        return JSON.readValue(res.body(), AgentEarnings.class);
    }

    /** Sends with the operator's token; on 401 logs in again and retries once. */
    private HttpResponse<String> send(HttpRequest req) throws IOException {
        HttpResponse<String> res = sendOnce(req);
        if (res.statusCode() == 401 && login.isPresent()) {
            login.get().invalidate();
            res = sendOnce(req);
        }
        return res;
    }

    private HttpResponse<String> sendOnce(HttpRequest req) throws IOException {
        HttpRequest.Builder withToken = HttpRequest.newBuilder(req, (name, value) -> true);
        if (login.isPresent()) {
            withToken.setHeader("Authorization", "Bearer " + login.get().token());
        }
        try {
            return http.send(withToken.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
