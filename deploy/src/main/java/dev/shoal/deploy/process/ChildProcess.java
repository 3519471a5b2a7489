package dev.shoal.deploy.process;

import dev.shoal.deploy.LaunchException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A process this launcher started, with its output in a log file. Stopping it stops it and every
 * process it started, by PID: politely first, forcibly after a grace period.
 */
public final class ChildProcess {

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static ChildProcess start(String name, List<String> command, Path workDir, Map<String, String> env, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(env);
            return new ChildProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new LaunchException("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Fails with the end of the log when the process has already exited. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new LaunchException(name + " exited with code " + process.exitValue() + "; last lines of " + log + ":\n" + tail(log, 15));
        }
    }

    /** Runs a command to completion (a set-up step such as formatting storage); fails with its output on a non-zero exit. */
    public static void runToCompletion(String name, List<String> command, Path workDir, Map<String, String> env, Path log, Duration timeout) {
        ChildProcess child = start(name, command, workDir, env, log);
        try {
            if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                child.stop(Duration.ofSeconds(2));
                throw new LaunchException(name + " did not finish within " + timeout.toSeconds() + " s; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.stop(Duration.ofSeconds(2));
            throw new LaunchException(name + " was interrupted");
        }
        if (child.process.exitValue() != 0) {
            throw new LaunchException(name + " failed with code " + child.process.exitValue() + ":\n" + tail(log, 15));
        }
    }

    public void stop(Duration grace) {
        stopTree(process.toHandle(), grace);
    }

    /** Stops a process and its descendants: SIGTERM to all, then SIGKILL to what is left after the grace period. */
    public static void stopTree(ProcessHandle root, Duration grace) {
        List<ProcessHandle> all = new ArrayList<>();
        root.descendants().forEach(all::add);
        all.add(0, root);
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : all) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    handle.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (Exception e) {
                // still running: killed below
            }
        }
        // descendants started during shutdown are caught here too
        root.descendants().forEach(all::add);
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // a zombie whose parent has not reaped it: nothing more a signal can do
            }
        }
    }

    /** Stops a process recorded by PID in an earlier run, if it is still the one we started (same start time). */
    public static boolean stopRecorded(long pid, Long startedAtMillis, Duration grace) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        if (startedAtMillis != null) {
            Optional<Long> actual = handle.get().info().startInstant().map(i -> i.toEpochMilli());
            if (actual.isPresent() && Math.abs(actual.get() - startedAtMillis) > 2_000) {
                return false; // the PID was reused by an unrelated process
            }
        }
        stopTree(handle.get(), grace);
        return true;
    }

    public Long startedAtMillis() {
        return process.toHandle().info().startInstant().map(i -> i.toEpochMilli()).orElse(null);
    }

    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
