package dev.shoal.deploy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A cpu cgroup of lower weight than everything else on the machine, for a benchmark's browsers: their pages stand for
 * viewers on machines of their own, and at the same weight on one small machine they keep the services they watch (the
 * creator's encoder and origin agent, the gateway, Kafka) waiting for a core. A niceness given to the browser at its
 * start does not hold: Chromium sets its own threads' niceness (as root, some to -8); a group's weight holds for all
 * its processes whatever their niceness within it, and every process the browser starts stays in it. cgroup v1
 * ({@code /sys/fs/cgroup/cpu}, {@code cpu.shares} of 1024) or v2 ({@code /sys/fs/cgroup}, {@code cpu.weight} of 100);
 * making one needs root.
 */
public final class CpuGroup {

    private static final Path V1 = Path.of("/sys/fs/cgroup/cpu");
    private static final Path V2 = Path.of("/sys/fs/cgroup");

    private final String name;
    private final Path dir;
    private final boolean v1;
    private final int percent;

    private CpuGroup(String name, Path dir, boolean v1, int percent) {
        this.name = name;
        this.dir = dir;
        this.v1 = v1;
        this.percent = percent;
    }

    /**
     * The group {@code name}, made if it is not there, weighted {@code percent} of a process outside it (1 to 99): at
     * 10, while both want a core, the group's processes together get a tenth of what one process outside it gets.
     */
    public static CpuGroup weighted(String name, int percent) {
        if (percent < 1 || percent > 99) {
            throw new IllegalArgumentException("a cpu group's weight is 1 to 99% of the others': " + percent);
        }
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("not a cgroup name: " + name);
        }
        boolean v1 = Files.isRegularFile(V1.resolve("cpu.shares"));
        boolean v2 = !v1 && controllers().contains("cpu");
        if (!v1 && !v2) {
            throw new IllegalStateException("this machine has no cpu cgroup controller to make a group of lower weight in ("
                    + V1 + " or " + V2 + "/cgroup.controllers)");
        }
        Path dir = (v1 ? V1 : V2).resolve(name);
        try {
            Files.createDirectories(dir);
            if (v1) {
                Files.writeString(dir.resolve("cpu.shares"), Integer.toString(Math.max(2, 1024 * percent / 100)));
            } else {
                Files.writeString(dir.resolve("cpu.weight"), Integer.toString(Math.max(1, percent)));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not make the cpu group " + dir + " (root is needed): " + e.getMessage(), e);
        }
        return new CpuGroup(name, dir, v1, percent);
    }

    private static String controllers() {
        try {
            return Files.readString(V2.resolve("cgroup.controllers"));
        } catch (IOException e) {
            return "";
        }
    }

    /** A shell command that moves the shell running it into this group (its children then start in it). */
    public String joinCommand() {
        return "echo $$ > '" + dir.resolve("cgroup.procs") + "'";
    }

    /** Whether process {@code pid} is in this group ({@code /proc/PID/cgroup}). */
    public boolean holds(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"))) {
                String[] f = line.split(":", 3); // hierarchy-ID:controllers:path
                if (f.length < 3 || !f[2].equals("/" + name)) {
                    continue;
                }
                if (v1 ? java.util.List.of(f[1].split(",")).contains("cpu") : f[0].equals("0")) {
                    return true;
                }
            }
            return false;
        } catch (java.nio.file.NoSuchFileException gone) {
            return false; // the process has exited: it is in no group
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the group (its folder) unless a process is still in it: true when it is gone. */
    public boolean remove() {
        try {
            if (!Files.isDirectory(dir)) {
                return true;
            }
            if (!Files.readString(dir.resolve("cgroup.procs")).isBlank()) {
                return false;
            }
            Files.delete(dir); // rmdir: a cgroup's folder goes, with its files, once no process is in it
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "cgroup " + name + " at " + percent + "% of the others' CPU weight";
    }
}
