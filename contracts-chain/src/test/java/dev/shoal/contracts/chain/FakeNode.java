package dev.shoal.contracts.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.protocol.Service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON-RPC node in memory for the sender's fast tests, answering through web3j's own client and parser: the
 * calls a send makes, a log of what reached it ({@code events}, shared with the test's journal), and switches for
 * what it answers (an estimate that reverts, a transaction mined with status 0, a node that lost a transaction).
 */
final class FakeNode extends Service {

    static final long CHAIN_ID = 31337;
    static final BigInteger BASE_FEE = BigInteger.valueOf(7);
    static final BigInteger TIP = BigInteger.valueOf(3);
    static final BigInteger ESTIMATE = BigInteger.valueOf(100_000);

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<String> events;
    final List<String> broadcasts = new ArrayList<>();
    /** Revert data the next estimates and calls answer with, or null when they succeed. */
    String revertData;
    /** Whether transactions broadcast from now on are mined with status 0. */
    boolean mineReverted;
    private final Map<String, Boolean> mined = new HashMap<>();   // hash -> succeeded
    private final Set<String> known = new HashSet<>();
    private final Map<String, Long> nonces = new HashMap<>();
    private long block = 1;

    FakeNode(List<String> events) {
        super(false);
        this.events = events;
    }

    /** As if the transaction had been mined before this node's state was lost: not known, not mined. */
    void forget(String hash) {
        known.remove(hash);
        mined.remove(hash);
    }

    @Override
    protected synchronized InputStream performIO(String payload) throws IOException {
        JsonNode request = JSON.readTree(payload);
        JsonNode params = request.path("params");
        ObjectNode answer = JSON.createObjectNode().put("jsonrpc", "2.0");
        answer.set("id", request.get("id"));
        switch (request.path("method").asText()) {
            case "eth_chainId" -> answer.put("result", quantity(BigInteger.valueOf(CHAIN_ID)));
            case "eth_estimateGas" -> {
                if (revertData != null) {
                    answer.putObject("error").put("code", 3).put("message", "execution reverted").put("data", revertData);
                } else {
                    answer.put("result", quantity(ESTIMATE));
                }
            }
            case "eth_call" -> {
                if (revertData != null) {
                    answer.putObject("error").put("code", 3).put("message", "execution reverted").put("data", revertData);
                } else {
                    answer.put("result", "0x" + "0".repeat(63) + "5");
                }
            }
            case "eth_getBlockByNumber" -> answer.putObject("result").put("number", quantity(BigInteger.valueOf(block)))
                    .put("baseFeePerGas", quantity(BASE_FEE)).putArray("transactions");
            case "eth_maxPriorityFeePerGas" -> answer.put("result", quantity(TIP));
            case "eth_getTransactionCount" -> answer.put("result", quantity(BigInteger.valueOf(nonces.getOrDefault(params.path(0).asText(), 0L))));
            case "eth_sendRawTransaction" -> {
                String raw = params.path(0).asText();
                String hash = Hash.sha3(raw);
                events.add("broadcast " + hash);
                broadcasts.add(raw);
                if (known.add(hash)) {
                    RawTransaction tx = TransactionDecoder.decode(raw);
                    String from = sender(raw);
                    nonces.merge(from, tx.getNonce().longValueExact() + 1, Math::max);
                    mined.put(hash, !mineReverted);
                    block++;
                }
                answer.put("result", hash);
            }
            case "eth_getTransactionReceipt" -> {
                String hash = params.path(0).asText();
                events.add("receipt? " + hash);
                Boolean ok = mined.get(hash);
                if (ok == null) {
                    answer.putNull("result");
                } else {
                    answer.putObject("result").put("transactionHash", hash).put("blockNumber", quantity(BigInteger.valueOf(block)))
                            .put("gasUsed", quantity(ESTIMATE)).put("status", ok ? "0x1" : "0x0").putArray("logs");
                }
            }
            default -> answer.putObject("error").put("code", -32601).put("message", "not in the fake node: " + request.path("method").asText());
        }
        return new ByteArrayInputStream(JSON.writeValueAsBytes(answer));
    }

    private static String sender(String raw) {
        try {
            return ((org.web3j.crypto.SignedRawTransaction) TransactionDecoder.decode(raw)).getFrom().toLowerCase();
        } catch (java.security.SignatureException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quantity(BigInteger n) {
        return "0x" + n.toString(16);
    }

    @Override
    public void close() {
    }
}
