package dev.shoal.deploy.stack;

import dev.shoal.deploy.LaunchException;
import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.stack.Stacks.Infrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The launcher with real child processes (anvil and PostgreSQL: quick to start). */
class StackLifecycleIT {

    private static final ShoalHome HOME = ShoalHome.locate();

    private static Stack stack(Path state) {
        return stack(state, EnumSet.of(Infrastructure.ANVIL, Infrastructure.POSTGRES));
    }

    private static Stack stack(Path state, EnumSet<Infrastructure> which) {
        return Stacks.infrastructure(Stacks.context(HOME, state, null, message -> { }), which);
    }

    private static List<ProcessHandle> recordedProcesses(Path state) {
        List<ProcessHandle> handles = new ArrayList<>();
        StackState.read(state).orElseThrow().components().forEach(entry ->
                ProcessHandle.of(entry.pid()).ifPresent(handles::add));
        return handles;
    }

    @Test
    void stopLeavesNoProcessBehind(@TempDir Path state) {
        Stack stack = stack(state);
        stack.start();
        List<ProcessHandle> processes = recordedProcesses(state);
        List<ProcessHandle> all = new ArrayList<>(processes);
        processes.forEach(p -> p.descendants().forEach(all::add));
        assertThat(processes).hasSize(2).allMatch(ProcessHandle::isAlive);
        assertThat(stack.components()).allMatch(Component::healthy);

        stack.stop();

        assertThat(all).noneMatch(ProcessHandle::isAlive);
        assertThat(StackState.read(state)).isEmpty();
    }

    @Test
    void aFolderInUseIsRefusedWithOneClearLine(@TempDir Path state) {
        try (Stack first = stack(state)) {
            first.start();
            Stack second = stack(state);
            assertThatThrownBy(second::start)
                    .isInstanceOf(LaunchException.class)
                    .hasMessageStartingWith("a Shoal stack is already running from " + state + " (PID " + ProcessHandle.current().pid() + ")")
                    .hasMessageEndingWith(": see ./shoal status, or stop it with ./shoal down");
            second.stop(); // as the refused demo's shutdown hook does: must not touch the running stack
            assertThat(StackState.read(state)).isPresent();
            assertThat(first.components()).allMatch(Component::healthy);
        }
    }

    @Test
    void startingTwiceInARowOnTheSameFolderWorksAndKeepsTheChain(@TempDir Path state) {
        for (int run = 0; run < 2; run++) {
            try (Stack stack = stack(state)) {
                stack.start();
                assertThat(stack.components()).allMatch(Component::healthy);
                String rpc = stack.context().endpoints().chainRpcUrl();
                if (run == 0) {
                    rpc(rpc, "evm_mine");
                    rpc(rpc, "evm_mine");
                }
                // the second run finds the blocks the first one mined: anvil's state lives in the stack's folder
                assertThat(Long.decode(rpc(rpc, "eth_blockNumber"))).isEqualTo(2L);
            }
        }
    }

    private static String rpc(String url, String method) {
        String body = dev.shoal.deploy.process.Probe.postJson(url, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":[]}")
                .orElseThrow().body();
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("result").asText();
        } catch (Exception e) {
            throw new AssertionError(body, e);
        }
    }

    @Test
    void processesLeftByAStackThatDiedAreStoppedAtTheNextStart(@TempDir Path state) {
        // anvil only: zonky's PostgreSQL holds a lock of its own inside this JVM that a real crash would release
        Stack crashed = stack(state, EnumSet.of(Infrastructure.ANVIL));
        crashed.start();
        List<ProcessHandle> orphans = recordedProcesses(state);
        crashed.releaseWithoutStopping(); // as if its JVM had been killed: state file and processes stay

        try (Stack next = stack(state, EnumSet.of(Infrastructure.ANVIL))) {
            next.start();
            assertThat(orphans).isNotEmpty().noneMatch(ProcessHandle::isAlive);
            assertThat(next.components()).allMatch(Component::healthy);
        }
    }
}
