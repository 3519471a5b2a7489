package dev.shoal.deploy.creator;

import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.stack.StackState;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The local stack's addresses, as {@code ./shoal up} or {@code ./shoal demo} recorded them in {@code .shoal/stack.json}:
 * the defaults of the creator's commands when no URL is given.
 */
public final class LocalStack {

    /** The demo's agent that a creator's publish uploads to, as the creator's origin, by default. */
    public static final String ORIGIN_AGENT = "agent-1";

    private final StackState state;
    private final Path stateDir;

    private LocalStack(StackState state, Path stateDir) {
        this.state = state;
        this.stateDir = stateDir;
    }

    /** The running local stack, if there is one. */
    public static Optional<LocalStack> find() {
        try {
            Path stateDir = ShoalHome.locate().stateDir();
            return StackState.read(stateDir).filter(StackState::supervisorAlive).map(s -> new LocalStack(s, stateDir));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public Optional<String> issuer() {
        return Optional.ofNullable(state.endpoints() == null ? null : state.endpoints().get("oidc.issuer"));
    }

    /** The chain node's JSON-RPC URL. */
    public Optional<String> chainRpc() {
        return Optional.ofNullable(state.endpoints() == null ? null : state.endpoints().get("chain.rpc-url"));
    }

    public Optional<String> marketplace() {
        return component("marketplace");
    }

    public Optional<String> gateway() {
        return component("player-gateway");
    }

    public Optional<String> originAgent() {
        return component(ORIGIN_AGENT);
    }

    /** The origin agent's data folder, where its operator token is. */
    public Path originAgentData() {
        return stateDir.resolve(ORIGIN_AGENT).resolve("store");
    }

    private Optional<String> component(String name) {
        return state.components().stream().filter(c -> c.name().equals(name) && c.url() != null).map(StackState.Entry::url).findFirst();
    }
}
