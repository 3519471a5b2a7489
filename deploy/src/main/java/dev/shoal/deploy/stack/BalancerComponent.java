package dev.shoal.deploy.stack;

import dev.shoal.deploy.LaunchException;
import dev.shoal.deploy.process.ChildProcess;
import dev.shoal.deploy.process.Ports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * HAProxy (Debian's package) in front of several instances of one service, on the address that service has when it runs
 * alone: the public URL stays the same with one instance or N. Requests are balanced over the instances whose
 * readiness ({@code /q/health/ready}) passes, checked every second; each response names the instance that answered in
 * {@value #INSTANCE_HEADER}. With {@code trackerByContent}, the tracker ({@code /tracker/{contentId}}, WebSockets) is
 * routed by a consistent hash of the path's content id, so the viewers of one content meet in one instance's swarm, and
 * only that content's viewers move when an instance comes or goes.
 */
public final class BalancerComponent extends ProcessComponent {

    /** The response header naming the instance behind the balancer that answered. */
    public static final String INSTANCE_HEADER = "X-Shoal-Instance";
    /** HAProxy answers this path itself: the balancer's own health, whatever its instances' is. */
    public static final String HEALTH_PATH = "/balancer/health";

    private final String name;
    private final List<ServiceComponent> instances;
    private final boolean trackerByContent;
    private Consumer<StackContext> onStarted;
    private int port;

    /**
     * @param name      the service's public name ("marketplace", "player-gateway"), which the balancer takes
     * @param onStarted what the stack learns once the balancer answers (its URL as the service's, say)
     */
    public BalancerComponent(String name, List<ServiceComponent> instances, boolean trackerByContent, Consumer<StackContext> onStarted) {
        super(Duration.ofSeconds(5));
        this.name = name;
        this.instances = instances;
        this.trackerByContent = trackerByContent;
        this.onStarted = onStarted;
    }

    /** Replaces what the stack learns once the balancer answers. */
    public BalancerComponent onStarted(Consumer<StackContext> then) {
        this.onStarted = then;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void reservePorts(StackContext context) {
        if (port == 0) {
            port = context.ports().take(name);
        }
    }

    @Override
    public void start(StackContext context) {
        Path haproxy = Path.of("/usr/sbin/haproxy");
        if (!Files.isExecutable(haproxy)) {
            throw new LaunchException("HAProxy is not installed (" + haproxy + "): apt-get install haproxy, or run one instance");
        }
        reservePorts(context);
        List<Integer> backends = instances.stream().map(i -> i.reservePort(context)).toList();
        Path dir = context.dataDir(name + "-balancer");
        Path config = dir.resolve("haproxy.cfg");
        try {
            Files.createDirectories(dir);
            Files.writeString(config, config(name, port, instances.stream().map(ServiceComponent::name).toList(), backends, trackerByContent));
        } catch (IOException e) {
            throw new LaunchException("cannot write " + config + ": " + e.getMessage(), e);
        }
        process = ChildProcess.start(name, List.of(haproxy.toString(), "-db", "-f", config.toString()), dir, Map.of(), context.log(name));
        Wait.until(name + " (HAProxy)", Duration.ofSeconds(20), process, this::healthy);
        onStarted.accept(context);
    }

    /** The HAProxy configuration: one frontend on {@code port}, the instances as servers checked on their readiness. */
    static String config(String name, int port, List<String> names, List<Integer> ports, boolean trackerByContent) {
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            servers.append("    server ").append(names.get(i)).append(' ').append(Ports.LOOPBACK).append(':').append(ports.get(i))
                    .append(" check\n");
        }
        String checks = """
                    option httpchk GET /q/health/ready
                    http-check expect status 200
                    default-server inter 1s fall 3 rise 1 on-marked-down shutdown-sessions
                    http-response set-header %s %%s
                """.formatted(INSTANCE_HEADER);
        StringBuilder cfg = new StringBuilder("""
                # written by ./shoal (dev.shoal.deploy.stack.BalancerComponent) for this stack; rewritten at each start
                global
                    maxconn 4096
                defaults
                    mode http
                    option http-server-close
                    option redispatch
                    retries 3
                    timeout connect 2s
                    timeout client 5m
                    timeout server 5m
                    timeout tunnel 1h
                    timeout http-request 30s
                    timeout check 5s
                frontend %1$s
                    bind %2$s:%3$d
                    monitor-uri %4$s
                """.formatted(name, Ports.LOOPBACK, port, HEALTH_PATH));
        if (trackerByContent) {
            cfg.append("    use_backend %s-tracker if { path_beg /tracker/ }\n".formatted(name));
        }
        cfg.append("    default_backend %s-instances\n".formatted(name));
        cfg.append("backend %s-instances\n    balance roundrobin\n".formatted(name)).append(checks).append(servers);
        if (trackerByContent) {
            // /tracker/{contentId}: the hash of the path's first two segments, consistent so that only the contents of an
            // instance that comes or goes move
            cfg.append("backend %s-tracker\n    balance uri path-only depth 2\n    hash-type consistent\n".formatted(name))
                    .append(checks).append(servers);
        }
        return cfg.toString();
    }

    @Override
    public String url() {
        return "http://" + Ports.LOOPBACK + ":" + port;
    }

    @Override
    public HealthProbe probe() {
        return HealthProbe.http(url() + HEALTH_PATH);
    }
}
