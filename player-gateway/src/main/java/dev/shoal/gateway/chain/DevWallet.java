package dev.shoal.gateway.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.contracts.chain.GasPolicy;
import dev.shoal.gateway.GatewayConfig;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/**
 * A wallet for the local demo, where the chain node's unlocked accounts are public test keys: a JSON-RPC proxy
 * that passes the calls a tip needs to the node and refuses everything else. It sends transactions only from one
 * of the node's own accounts and only to the tip splitter, so the gateway's port cannot be used to move coins
 * elsewhere or to reach the node's admin methods.
 */
@Singleton
public class DevWallet {

    static final Set<String> READS = Set.of("eth_chainId", "eth_accounts", "eth_getBalance", "eth_blockNumber",
            "eth_getTransactionReceipt", "eth_getTransactionByHash", "eth_estimateGas", "eth_gasPrice");
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    /** EIP-1193: the requested account or method has not been authorized. */
    static final int UNAUTHORIZED = 4100;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI node;
    private final ChainDirectory directory;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public DevWallet(GatewayConfig config, ChainDirectory directory) {
        this.node = URI.create(config.chain().rpcUrl());
        this.directory = directory;
    }

    /** One JSON-RPC request in, its response out (errors as JSON-RPC errors, never as HTTP errors). */
    public Uni<JsonNode> call(JsonNode request) {
        if (request == null || !request.isObject() || !request.path("method").isTextual()) {
            return Uni.createFrom().item(error(request, INVALID_REQUEST, "a JSON-RPC request is an object with a method (batches are not supported)"));
        }
        String method = request.path("method").asText();
        if (READS.contains(method)) {
            return forward(request);
        }
        if (method.equals("eth_requestAccounts")) {
            return forward(((ObjectNode) request.deepCopy()).put("method", "eth_accounts"));
        }
        if (method.equals("eth_sendTransaction")) {
            return send(request);
        }
        return Uni.createFrom().item(error(request, METHOD_NOT_FOUND, "method " + method + " is not available through the dev wallet"));
    }

    private Uni<JsonNode> send(JsonNode request) {
        JsonNode tx = request.path("params").path(0);
        if (!tx.isObject() || !tx.path("from").isTextual() || !tx.path("to").isTextual()) {
            return Uni.createFrom().item(error(request, INVALID_PARAMS, "eth_sendTransaction takes one transaction object with from and to"));
        }
        String from = tx.path("from").asText();
        String to = tx.path("to").asText();
        ObjectNode accounts = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", "eth_accounts");
        accounts.putArray("params");
        return directory.directory().chain(dir -> forward(accounts).chain(answer -> {
            boolean unlocked = false;
            for (JsonNode a : answer.path("result")) {
                unlocked |= a.asText().equalsIgnoreCase(from);
            }
            if (!unlocked) {
                return Uni.createFrom().item(error(request, UNAUTHORIZED, from + " is not one of the chain node's unlocked dev accounts"));
            }
            if (!dir.tipSplitter().lowerHex().equalsIgnoreCase(to)) {
                return Uni.createFrom().item(error(request, UNAUTHORIZED, "the dev wallet sends only to the tip splitter "
                        + dir.tipSplitter() + ", not to " + to));
            }
            return tx.has("gas") ? forward(request) : estimated(request, (ObjectNode) tx);
        }));
    }

    /**
     * As a browser wallet does: estimate first, and answer a reverting call's error (with its revert data) instead of
     * mining a transaction that fails; the limit is Shoal's one gas policy's. A request that names its gas is sent as it is.
     */
    private Uni<JsonNode> estimated(JsonNode request, ObjectNode tx) {
        ObjectNode estimate = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", "eth_estimateGas");
        estimate.putArray("params").add(tx);
        return forward(estimate).chain(answer -> {
            if (!answer.path("result").isTextual()) {
                ObjectNode refused = ((ObjectNode) answer.deepCopy());
                refused.set("id", request.get("id"));
                return Uni.createFrom().item(refused);
            }
            BigInteger gas = Numeric.decodeQuantity(answer.path("result").asText());
            ObjectNode send = (ObjectNode) request.deepCopy();
            ((ObjectNode) send.path("params").path(0)).put("gas", Numeric.encodeQuantity(GasPolicy.limit(gas)));
            return forward(send);
        });
    }

    private Uni<JsonNode> forward(JsonNode request) {
        HttpRequest post = HttpRequest.newBuilder(node).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(post, HttpResponse.BodyHandlers.ofString()))
                .map(response -> {
                    try {
                        return JSON.readTree(response.body());
                    } catch (java.io.IOException e) {
                        return error(request, -32603, "the chain node answered " + response.statusCode() + " with something other than JSON");
                    }
                })
                .onFailure().recoverWithItem(e -> error(request, -32603, "the chain node cannot be reached"));
    }

    private static JsonNode error(JsonNode request, int code, String message) {
        ObjectNode answer = JSON.createObjectNode().put("jsonrpc", "2.0");
        answer.set("id", request != null && request.has("id") ? request.get("id") : null);
        answer.putObject("error").put("code", code).put("message", message);
        return answer;
    }
}
