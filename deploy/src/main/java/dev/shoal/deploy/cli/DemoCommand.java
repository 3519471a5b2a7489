package dev.shoal.deploy.cli;

import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.demo.SampleVideo;
import dev.shoal.deploy.stack.Component;
import dev.shoal.deploy.stack.Stack;
import dev.shoal.deploy.stack.StackContext;
import dev.shoal.deploy.stack.Stacks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start the whole local stack in the foreground; Ctrl-C stops everything it started.",
                "PostgreSQL, Kafka, Keycloak, anvil, the marketplace, the player gateway and distributor agents;",
                "it prints their URLs, publishes the sample video and orders its replicas."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--agents", description = "number of distributor agents (default: ${DEFAULT-VALUE}, enough for the sample's 5 replicas)", defaultValue = "5")
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

    @Option(names = "--base-port", paramLabel = "PORT",
            description = "use fixed ports PORT, PORT+1, ... instead of free ones chosen at start")
    Integer basePort;

    @Override
    public Integer call() throws InterruptedException {
        if (relays < 0 || relays > agents) {
            throw new dev.shoal.deploy.LaunchException("--relays must be between 0 and the number of agents, not " + relays);
        }
        if (agents < 0 || agents > 20) {
            throw new dev.shoal.deploy.LaunchException("--agents must be between 0 and 20, not " + agents);
        }
        if (instances < 1 || instances > 8) {
            throw new dev.shoal.deploy.LaunchException("--instances must be between 1 and 8, not " + instances);
        }
        ShoalHome home = ShoalHome.locate();
        DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss");
        StackContext context = Stacks.context(home, home.stateDir(), basePort,
                message -> System.out.println(LocalTime.now().format(clock) + "  " + message));
        Stack stack = Stacks.demo(context, agents, relays, instances, balancer);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!stack.holdsFolder()) {
                return;
            }
            System.out.println("stopping the Shoal stack...");
            stack.stop();
            System.out.println("stopped: nothing left running");
        }, "shoal-demo-stop"));

        long begin = System.nanoTime();
        stack.start();
        System.out.printf("%nShoal is up in %.1f s. State and logs: %s%n%n", (System.nanoTime() - begin) / 1e9, context.stateDir());
        for (Component component : stack.components()) {
            System.out.printf("  %-15s %-28s PID %s%n", component.name(), component.url(), component.pid().map(String::valueOf).orElse("-"));
        }
        System.out.println();
        System.out.println("  demo users (local only): creator, distributor, viewer, advertiser, admin; password <name>-demo");
        System.out.println("  Keycloak admin console: admin / admin");
        stack.components().stream().filter(c -> c.name().equals("marketplace")).findFirst().ifPresent(m ->
                System.out.println("  dashboards (sign in with Keycloak): " + m.url() + "/dashboard/creator as creator, "
                        + m.url() + "/dashboard/distributor as distributor"));
        System.out.println();
        if (!noSample) {
            String marketplace = stack.components().stream().filter(c -> c.name().equals("marketplace")).findFirst().orElseThrow().url();
            SampleVideo sample = SampleVideo.publishAndOrder(context, marketplace);
            String gateway = stack.components().stream().filter(c -> c.name().equals("player-gateway")).findFirst()
                    .map(Component::url).orElse(null);
            System.out.println("  sample video: content " + sample.contentId());
            if (gateway != null) {
                System.out.println("    watch it in a browser: " + gateway + "/watch/" + sample.contentId()
                        + " (from the creator's origin until agents hold it; tips: " + gateway + "/tips/)");
            }
            System.out.println("    served by the creator's origin " + sample.originUrl() + ", ordered as " + SampleVideo.REPLICAS
                    + " replicas (order " + sample.orderId() + ");");
            System.out.println("    watch the agents take it: GET " + marketplace + "/api/orders/" + sample.orderId() + " as creator,");
            System.out.println("    or ask the locator: " + marketplace + "/api/locate/" + sample.contentId());
            System.out.println();
        }
        System.out.println("Ctrl-C (or ./shoal down) stops everything.");
        watch(stack);
        return 0;
    }

    /** Says when a component stops answering or comes back; runs until the JVM shuts down. */
    private static void watch(Stack stack) throws InterruptedException {
        Set<String> down = new HashSet<>();
        while (true) {
            Thread.sleep(Duration.ofSeconds(5));
            for (Component component : stack.components()) {
                boolean healthy = component.healthy();
                if (!healthy && down.add(component.name())) {
                    System.out.println(LocalTime.now().withNano(0) + "  " + component.name() + " does not answer its health check");
                } else if (healthy && down.remove(component.name())) {
                    System.out.println(LocalTime.now().withNano(0) + "  " + component.name() + " answers again");
                }
            }
        }
    }
}
