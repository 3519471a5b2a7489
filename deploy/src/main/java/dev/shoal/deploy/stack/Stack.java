package dev.shoal.deploy.stack;

import dev.shoal.deploy.LaunchException;
import dev.shoal.deploy.process.ChildProcess;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A set of components started in phases: the components of one phase start in parallel, a phase
 * starts once the one before it is healthy. Stopping goes in reverse and stops only what this stack
 * started, by PID. The state folder is locked for the stack's lifetime, so two stacks never share it.
 */
public final class Stack implements AutoCloseable {

    private final StackContext context;
    private final List<List<Component>> phases;
    private final List<Component> started = new ArrayList<>();
    private final Map<String, String> phaseOf = new ConcurrentHashMap<>();
    private FileChannel lockChannel;
    private FileLock lock;

    public Stack(StackContext context, List<List<Component>> phases) {
        this.context = context;
        this.phases = phases;
    }

    public StackContext context() {
        return context;
    }

    public List<Component> components() {
        return phases.stream().flatMap(List::stream).toList();
    }

    /** Starts every phase in order; on any failure, stops what was started and rethrows. */
    public void start() {
        acquireFolder();
        try {
            components().forEach(c -> phaseOf.put(c.name(), "PENDING"));
            if (context.ports().fixed()) {
                components().forEach(c -> c.reservePorts(context)); // in order: the same port for each name every run
            }
            writeState();
            for (List<Component> phase : phases) {
                // a thread per component: the common pool has one worker on a 2-core machine, which would start a
                // phase's components one after the other
                List<CompletableFuture<Void>> starting = phase.stream()
                        .map(component -> CompletableFuture.runAsync(() -> startOne(component),
                                runnable -> Thread.ofPlatform().name("start-" + component.name()).daemon().start(runnable)))
                        .toList();
                try {
                    CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException runtime ? runtime : new LaunchException(e.getCause().getMessage(), e.getCause());
                }
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    private void startOne(Component component) {
        phaseOf.put(component.name(), "STARTING");
        writeState();
        long begin = System.nanoTime();
        context.say("starting " + component.name());
        synchronized (started) {
            started.add(component);
        }
        component.start(context);
        phaseOf.put(component.name(), "UP");
        writeState();
        context.say(String.format("%-12s UP in %4.1f s  %s", component.name(), (System.nanoTime() - begin) / 1e9, component.url()));
    }

    /** Whether this stack holds its folder: started (or starting) and not yet stopped. */
    public synchronized boolean holdsFolder() {
        return lock != null;
    }

    /** Stops what this stack started, last started first. Safe to call more than once; a stack that never got its folder touches nothing. */
    public synchronized void stop() {
        if (lock == null) {
            return;
        }
        List<Component> toStop;
        synchronized (started) {
            toStop = new ArrayList<>(started);
            started.clear();
        }
        for (int i = toStop.size() - 1; i >= 0; i--) {
            Component component = toStop.get(i);
            java.util.Optional<Long> pid = component.pid();
            try {
                component.stop();
            } catch (RuntimeException e) {
                context.say("could not stop " + component.name() + " cleanly: " + e.getMessage());
            }
            // whatever did not go away politely goes by PID
            pid.ifPresent(p -> ChildProcess.stopRecorded(p, null, Duration.ofSeconds(5)));
            phaseOf.put(component.name(), "DOWN");
        }
        StackState.delete(context.stateDir());
        releaseFolder();
    }

    @Override
    public void close() {
        stop();
    }

    /** Lets go of the folder but leaves everything running, as a killed supervisor would. For tests of leftover reaping. */
    void releaseWithoutStopping() {
        synchronized (started) {
            started.clear();
        }
        releaseFolder();
    }

    private synchronized void writeState() {
        if (lock == null) {
            return;
        }
        List<StackState.Entry> entries = components().stream().map(c -> new StackState.Entry(
                c.name(), c.pid().isPresent() ? c.url() : null, c.pid().orElse(null), c.startedAtMillis().orElse(null),
                c.pid().isPresent() ? c.probe() : null, phaseOf.getOrDefault(c.name(), "PENDING"))).toList();
        ProcessHandle self = ProcessHandle.current();
        new StackState(self.pid(), self.info().startInstant().map(Instant::toEpochMilli).orElse(null),
                Instant.now().toString(), entries, endpointMap()).write(context.stateDir());
    }

    private Map<String, String> endpointMap() {
        Endpoints e = context.endpoints();
        Map<String, String> map = new LinkedHashMap<>();
        putIfSet(map, "postgres.port", e.postgresPort() == null ? null : e.postgresPort().toString());
        putIfSet(map, "kafka.bootstrap", e.kafkaBootstrap());
        putIfSet(map, "oidc.issuer", e.issuer());
        putIfSet(map, "chain.rpc-url", e.chainRpcUrl());
        putIfSet(map, "marketplace.url", e.marketplaceUrl());
        return map;
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /**
     * Locks the state folder. A folder still locked belongs to a running stack: refuse. A folder with a
     * state file but no lock holder was left by a stack that died: stop what it recorded first.
     */
    private void acquireFolder() {
        try {
            Files.createDirectories(context.stateDir());
            lockChannel = FileChannel.open(context.stateDir().resolve("stack.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            throw new LaunchException("cannot use " + context.stateDir() + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            String who = StackState.read(context.stateDir()).map(s -> " (PID " + s.supervisorPid() + ")").orElse("");
            closeQuietly();
            throw new LaunchException("a Shoal stack is already running from " + context.stateDir() + who
                    + ": see ./shoal status, or stop it with ./shoal down");
        }
        reapLeftovers(context);
    }

    /** Stops the processes a dead stack recorded in this folder, checking start times so a reused PID is left alone. */
    static void reapLeftovers(StackContext context) {
        StackState.read(context.stateDir()).ifPresent(stale -> {
            for (StackState.Entry entry : stale.components()) {
                if (entry.pid() != null && ChildProcess.stopRecorded(entry.pid(), entry.startedAtMillis(), Duration.ofSeconds(10))) {
                    context.say("stopped " + entry.name() + " (PID " + entry.pid() + ") left running by an earlier stack");
                }
            }
            StackState.delete(context.stateDir());
        });
    }

    private void releaseFolder() {
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            // the lock dies with the process anyway
        }
        lock = null;
        lockChannel = null;
    }
}
