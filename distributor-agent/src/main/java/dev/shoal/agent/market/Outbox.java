package dev.shoal.agent.market;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Messages for the marketplace that must not be lost while it is away (deal reports, audit answers): one file
 * per message under {@code DATA/outbox/}, written before the first attempt, deleted once the marketplace
 * accepted it, delivered in order.
 */
public final class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);

    public record Message(String path, String json) {
    }

    private final Path dir;
    private final AtomicLong sequence;

    public Outbox(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            sequence = new AtomicLong(files().stream().mapToLong(Outbox::seqOf).max().orElse(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void add(String path, String json) {
        try {
            Message m = new Message(path, json);
            Path file = dir.resolve(String.format("%012d.json", sequence.incrementAndGet()));
            Path part = file.resolveSibling(file.getFileName() + ".part");
            Files.writeString(part, MarketClient.JSON.writeValueAsString(m));
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot queue a message for the marketplace: " + e.getMessage(), e);
        }
    }

    /** Sends queued messages in order; stops at the first the marketplace does not take. Returns how many remain. */
    public synchronized int deliver(MarketClient client) {
        List<Path> queued = files();
        for (Path f : queued) {
            try {
                Message m = MarketClient.JSON.readValue(f.toFile(), Message.class);
                client.post(m.path(), m.json());
                Files.deleteIfExists(f);
            } catch (IOException e) {
                LOG.debugf("marketplace did not take %s: %s", f.getFileName(), e.getMessage());
                break;
            }
        }
        return size();
    }

    public int size() {
        return files().size();
    }

    private List<Path> files() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("\\d{12}\\.json")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long seqOf(Path p) {
        return Long.parseLong(p.getFileName().toString().substring(0, 12));
    }
}
