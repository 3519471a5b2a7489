package dev.shoal.agent.cli;

import dev.shoal.contracts.identity.SigningKey;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The agent's own key and the chain node, for the commands that sign with the agent's payout key outside a running
 * agent ({@code earnings}, {@code tips}): {@code --data} (the agent's data folder) or {@code --key}, and {@code --rpc}.
 */
final class AgentKeyOptions {

    @Option(names = "--data", paramLabel = "DIR", description = "The agent's data folder, holding agent.key (default ~/.shoal-agent)")
    Path data;

    @Option(names = "--key", paramLabel = "FILE", description = "The agent's key file, if not DATA/agent.key")
    Path keyFile;

    @Option(names = "--rpc", paramLabel = "URL", description = "The chain node (default http://127.0.0.1:8545)")
    String rpc = "http://127.0.0.1:8545";

    /** The agent's key, or empty after saying on standard error where it was looked for. */
    Optional<SigningKey> key() throws IOException {
        Path key = keyFile != null ? keyFile
                : (data != null ? data : Path.of(System.getProperty("user.home"), ".shoal-agent")).resolve("agent.key");
        if (!Files.isRegularFile(key)) {
            System.err.println("no agent key at " + key + " (pass --data DIR of an agent that has started, or --key FILE)");
            return Optional.empty();
        }
        return Optional.of(SigningKey.fromFile(key));
    }
}
