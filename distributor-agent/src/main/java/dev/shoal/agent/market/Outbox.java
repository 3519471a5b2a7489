package dev.shoal.agent.market;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.market.AuditAnswer;
import dev.shoal.contracts.market.DealReport;
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
 * accepted it, delivered in order. A file this build cannot read is set aside as {@code *.unreadable}.
 */
public final class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** What a queued message is, and so which call delivers it. */
    public enum Kind {
        /** {@code target}: the deal id; the body a {@link DealReport}. */
        DEAL_REPORT,
        /** {@code target}: the audit id; the body an {@link AuditAnswer}. */
        AUDIT_ANSWER
    }

    public record Message(Kind kind, String target, JsonNode body) {
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

    public synchronized void add(Kind kind, String target, Object body) {
        try {
            Message m = new Message(kind, target, JSON.valueToTree(body));
            Path file = dir.resolve(String.format("%012d.json", sequence.incrementAndGet()));
            Path part = file.resolveSibling(file.getFileName() + ".part");
            Files.writeString(part, JSON.writeValueAsString(m));
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot queue a message for the marketplace: " + e.getMessage(), e);
        }
    }

    /** Sends queued messages in order; stops at the first the marketplace does not take. Returns how many remain. */
    public synchronized int deliver(MarketplaceApi marketplace, String agent) {
        for (Path f : files()) {
            Message m;
            try {
                m = JSON.readValue(f.toFile(), Message.class);
            } catch (IOException e) {
                setAside(f, e.getMessage());
                continue;
            }
            if (m.kind() == null || m.target() == null || m.body() == null) {
                setAside(f, "kind, target and body are required");
                continue;
            }
            try {
                switch (m.kind()) {
                    case DEAL_REPORT -> marketplace.report(agent, m.target(), JSON.treeToValue(m.body(), DealReport.class));
                    case AUDIT_ANSWER -> marketplace.answer(m.target(), JSON.treeToValue(m.body(), AuditAnswer.class));
                }
                Files.deleteIfExists(f);
            } catch (IOException | RuntimeException e) {
                LOG.debugf("marketplace did not take %s: %s", f.getFileName(), e.getMessage());
                break;
            }
        }
        return size();
    }

    public int size() {
        return files().size();
    }

    private void setAside(Path f, String why) {
        LOG.warnf("setting aside %s, which this agent cannot read: %s", f.getFileName(), why);
        try {
            Files.move(f, f.resolveSibling(f.getFileName() + ".unreadable"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
