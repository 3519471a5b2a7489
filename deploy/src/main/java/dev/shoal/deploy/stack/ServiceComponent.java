package dev.shoal.deploy.stack;

import dev.shoal.deploy.LaunchException;
import dev.shoal.deploy.process.ChildProcess;
import dev.shoal.deploy.process.Ports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A Shoal service (marketplace, player gateway, a distributor agent) run from its Quarkus build
 * output in its own JVM. Ready when its readiness endpoint, which checks its own dependencies, says so.
 */
public final class ServiceComponent extends ProcessComponent {

    private final String name;
    private final String module;
    private final Function<StackContext, Map<String, String>> settings;
    private int port;

    public ServiceComponent(String name, String module, Function<StackContext, Map<String, String>> settings) {
        super(Duration.ofSeconds(15));
        this.name = name;
        this.module = module;
        this.settings = settings;
    }

    @Override
    public String name() {
        return name;
    }

    /** The same service with {@code more} applied to its settings when it starts. */
    public ServiceComponent withSettings(java.util.function.Consumer<Map<String, String>> more) {
        return new ServiceComponent(name, module, ctx -> {
            Map<String, String> all = new java.util.LinkedHashMap<>(settings.apply(ctx));
            more.accept(all);
            return all;
        });
    }

    @Override
    public void start(StackContext context) {
        Path jar = context.home().serviceJar(module);
        if (!Files.isRegularFile(jar)) {
            throw new LaunchException(module + " is not built (" + jar + " is missing): run ./shoal build");
        }
        reservePort(context); // started again (after a stop), it keeps its address
        List<String> command = new ArrayList<>(List.of(context.java().toString(), "-Xms64m", "-Xmx384m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=" + Ports.LOOPBACK, "-Dquarkus.http.port=" + port));
        settings.apply(context).forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        Path workDir = context.dataDir(name);
        try {
            Files.createDirectories(workDir);
        } catch (java.io.IOException e) {
            throw new LaunchException("cannot create " + workDir + ": " + e.getMessage(), e);
        }
        process = ChildProcess.start(name, command, workDir, Map.of(), context.log(name));
        Wait.until(name, Duration.ofSeconds(120), process, this::healthy);
    }

    @Override
    public void reservePorts(StackContext context) {
        reservePort(context);
    }

    /** Its port, taken now if it has none yet (a balancer in front of it needs it before it starts). */
    public synchronized int reservePort(StackContext context) {
        if (port == 0) {
            port = context.ports().take(name);
        }
        return port;
    }

    @Override
    public String url() {
        return "http://" + Ports.LOOPBACK + ":" + port;
    }

    public String readinessUrl() {
        return url() + "/q/health/ready";
    }

    @Override
    public HealthProbe probe() {
        return HealthProbe.http(readinessUrl());
    }
}
