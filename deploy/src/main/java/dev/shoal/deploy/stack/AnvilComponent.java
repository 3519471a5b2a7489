package dev.shoal.deploy.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.deploy.LaunchException;
import dev.shoal.deploy.process.ChildProcess;
import dev.shoal.deploy.process.Ports;
import dev.shoal.deploy.process.Probe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A local Ethereum node: Foundry's anvil from the project's npm tools, run directly (not through the
 * npm wrapper, whose child outlives it). Chain id 31337, ten funded test accounts.
 */
public final class AnvilComponent extends ProcessComponent {

    public static final long CHAIN_ID = 31337;
    private static final ObjectMapper JSON = new ObjectMapper();

    private int port;

    public AnvilComponent() {
        super(Duration.ofSeconds(5));
    }

    @Override
    public String name() {
        return "anvil";
    }

    @Override
    public synchronized void reservePorts(StackContext context) {
        if (port == 0) {
            port = context.ports().take(name());
        }
    }

    @Override
    public void start(StackContext context) {
        Path binary = binary(context.home().nodeModules());
        reservePorts(context);
        Path dir = context.dataDir(name());
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new LaunchException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        // the chain lives as long as the stack's databases do: the marketplace journals deployments and
        // transactions, so a demo restarted on kept data must find the same contracts and balances
        process = ChildProcess.start(name(), List.of(binary.toString(),
                        "--host", Ports.LOOPBACK, "--port", Integer.toString(port),
                        "--chain-id", Long.toString(CHAIN_ID), "--accounts", "10",
                        "--state", dir.resolve("chain-state.json").toString(), "--state-interval", "1"),
                dir, Map.of(), context.log(name()));
        Wait.until("anvil", Duration.ofSeconds(30), process, this::healthy);
        context.endpoints().chain(url(), CHAIN_ID);
    }

    static Path binary(Path nodeModules) {
        Path binary = nodeModules.resolve("@foundry-rs/anvil-linux-amd64/bin/anvil");
        if (!Files.isExecutable(binary)) {
            throw new LaunchException("anvil is not installed at " + binary
                    + ": run ./shoal build (it installs the npm tools into tools/node_modules)");
        }
        return binary;
    }

    @Override
    public String url() {
        return "http://" + Ports.LOOPBACK + ":" + port;
    }

    @Override
    public HealthProbe probe() {
        return new HealthProbe("jsonrpc", url());
    }

    /** The chain id a JSON-RPC node reports, or empty when it does not answer. */
    public static Optional<Long> chainId(String rpcUrl) {
        return Probe.postJson(rpcUrl, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}")
                .filter(r -> r.statusCode() == 200)
                .flatMap(r -> {
                    try {
                        JsonNode result = JSON.readTree(r.body()).path("result");
                        return result.isTextual() ? Optional.of(Long.decode(result.asText())) : Optional.empty();
                    } catch (Exception e) {
                        return Optional.empty();
                    }
                });
    }
}
