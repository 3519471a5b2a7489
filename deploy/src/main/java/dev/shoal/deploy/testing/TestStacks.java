package dev.shoal.deploy.testing;

import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.process.ChildProcess;
import dev.shoal.deploy.stack.StackState;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** Housekeeping of the per-JVM test stacks under .shoal/tests: a killed test JVM leaves nothing running for long. */
final class TestStacks {

    private TestStacks() {
    }

    /** Stops what test JVMs that died recorded (their folder is no longer locked) and deletes their folders. */
    static void reapStale(ShoalHome home) {
        Path tests = home.root().resolve(".shoal").resolve("tests");
        if (!Files.isDirectory(tests)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(tests)) {
            dirs.filter(Files::isDirectory).forEach(TestStacks::reapIfAbandoned);
        } catch (IOException e) {
            // best effort: a leftover folder costs disk, not correctness
        }
    }

    private static void reapIfAbandoned(Path dir) {
        Path lockFile = dir.resolve("stack.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                return; // a live test JVM owns it
            }
            StackState.read(dir).ifPresent(state -> state.components().forEach(entry -> {
                if (entry.pid() != null) {
                    ChildProcess.stopRecorded(entry.pid(), entry.startedAtMillis(), Duration.ofSeconds(5));
                }
            }));
        } catch (Exception e) {
            return;
        }
        deleteQuietly(dir);
    }

    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
