package dev.shoal.deploy.cli;

import dev.shoal.deploy.LaunchException;
import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.process.ChildProcess;
import dev.shoal.deploy.stack.StackState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start the whole local stack in the background and wait until every component is UP.",
                "The same as demo, detached; ./shoal down stops it."})
final class UpCommand implements Callable<Integer> {

    @Option(names = "--agents", description = "number of distributor agents (default: ${DEFAULT-VALUE})", defaultValue = "5")
    int agents;

    @Option(names = "--relays", paramLabel = "N", defaultValue = "0",
            description = {"the last N of the agents relay the gateway's live rooms (shoal.agent.live.relay; docs/live.md)",
                    "(default: ${DEFAULT-VALUE}; with --instances they reach the gateways through their balancer)"})
    int relays;

    @Option(names = "--instances", paramLabel = "N",
            description = {"run N marketplaces and N player gateways, each kind behind HAProxy on the usual address",
                    "(the tracker routed by content id; default: ${DEFAULT-VALUE}, no balancer)"}, defaultValue = "1")
    int instances;

    @Option(names = "--balancer", description = {"put the marketplace and the gateway behind HAProxy even with one instance",
            "(the baseline of ./shoal bench scale, so every instance count pays the same hop)"})
    boolean balancer;

    @Option(names = "--no-sample", description = "do not publish the sample video and order its replicas")
    boolean noSample;

    @Option(names = "--base-port", paramLabel = "PORT", description = "use fixed ports PORT, PORT+1, ...")
    Integer basePort;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "give up waiting after this long (default: ${DEFAULT-VALUE})", defaultValue = "300")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        ShoalHome home = ShoalHome.locate();
        StackState.read(home.stateDir()).filter(StackState::supervisorAlive).ifPresent(running -> {
            throw new LaunchException("Shoal is already running (supervisor PID " + running.supervisorPid() + "): ./shoal status, or ./shoal down");
        });
        Path log = home.stateDir().resolve("logs").resolve("supervisor.log");
        Files.createDirectories(home.stateDir());
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        Process supervisor = spawnDetached(home, log);
        System.out.println("starting Shoal in the background (supervisor PID " + supervisor.pid() + ", log " + log + ")");

        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        Map<String, String> shown = new HashMap<>();
        long begin = System.nanoTime();
        while (System.nanoTime() < deadline) {
            if (!supervisor.isAlive()) {
                System.err.println("shoal: the stack did not start; last lines of " + log + ":");
                System.err.println(ChildProcess.tail(log, 20));
                return 1;
            }
            List<StatusCommand.Service> services = StatusCommand.inspect(home);
            for (StatusCommand.Service s : services) {
                if (!s.state().equals(shown.put(s.name(), s.state()))) {
                    System.out.printf("  %-15s %-9s %s%n", s.name(), s.state(), s.url() == null ? "" : s.url());
                }
            }
            if (!services.isEmpty() && services.stream().allMatch(s -> s.state().equals("UP"))) {
                System.out.printf("all %d components UP in %.1f s; ./shoal status shows them, ./shoal down stops them%n",
                        services.size(), (System.nanoTime() - begin) / 1e9);
                return 0;
            }
            Thread.sleep(500);
        }
        System.err.println("shoal: not all components were UP after " + timeoutSeconds + " s; the stack keeps starting (./shoal status, ./shoal down)");
        return 1;
    }

    private Process spawnDetached(ShoalHome home, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid"); // its own session: closing this terminal does not hang it up
        }
        command.addAll(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-D" + ShoalHome.ROOT_PROPERTY + "=" + home.root(), "-D" + ShoalHome.STATE_PROPERTY + "=" + home.stateDir(),
                ShoalCli.class.getName(), "demo", "--agents", Integer.toString(agents),
                "--instances", Integer.toString(instances), "--relays", Integer.toString(relays)));
        if (basePort != null) {
            command.addAll(List.of("--base-port", basePort.toString()));
        }
        if (balancer) {
            command.add("--balancer");
        }
        if (noSample) {
            command.add("--no-sample");
        }
        return new ProcessBuilder(command)
                .directory(home.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
    }
}
