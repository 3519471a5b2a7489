package dev.shoal.deploy.stack;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.shoal.deploy.LaunchException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a running stack wrote about itself in {@code <state>/stack.json}: who supervises it, and for
 * each component its URL, PID and how to probe it. Written atomically, read by {@code shoal status},
 * {@code shoal down} and the CLI commands that need the URLs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StackState(long supervisorPid, Long supervisorStartedAtMillis, String startedAt,
                         List<Entry> components, Map<String, String> endpoints) {

    public static final String FILE = "stack.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String name, String url, Long pid, Long startedAtMillis, HealthProbe probe, String phase) {
    }

    public void write(Path stateDir) {
        try {
            Files.createDirectories(stateDir);
            Path tmp = stateDir.resolve(FILE + ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, stateDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LaunchException("cannot write " + stateDir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    public static Optional<StackState> read(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), StackState.class));
        } catch (IOException e) {
            throw new LaunchException(file + " is unreadable (" + e.getMessage() + "): delete it after checking nothing runs");
        }
    }

    public static void delete(Path stateDir) {
        try {
            Files.deleteIfExists(stateDir.resolve(FILE));
        } catch (IOException e) {
            // a stale file is reaped on the next start
        }
    }

    public boolean supervisorAlive() {
        return ProcessHandle.of(supervisorPid).map(ProcessHandle::isAlive).orElse(false);
    }
}
