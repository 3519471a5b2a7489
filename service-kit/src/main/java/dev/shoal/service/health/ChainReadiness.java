package dev.shoal.service.health;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.ext.web.client.WebClient;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.time.Duration;

/** Ready when the Ethereum JSON-RPC node answers and reports the chain id this service is configured for. */
public abstract class ChainReadiness extends ProbeCheck {

    private final long expectedChainId;

    protected ChainReadiness(WebClient http, String rpcUrl, long expectedChainId) {
        super("chain", http, rpcUrl);
        this.expectedChainId = expectedChainId;
    }

    @Override
    protected Uni<HealthCheckResponse> probe() {
        JsonObject request = new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "eth_chainId").put("params", new io.vertx.core.json.JsonArray());
        return http.postAbs(target).timeout(3000).sendJsonObject(request)
                .ifNoItem().after(Duration.ofSeconds(4)).fail()
                .map(response -> {
                    String hex = response.bodyAsJsonObject().getString("result");
                    long actual = hex == null ? -1 : Long.decode(hex);
                    return response(actual == expectedChainId)
                            .withData("rpc", target).withData("chainId", actual).withData("expectedChainId", expectedChainId).build();
                });
    }
}
