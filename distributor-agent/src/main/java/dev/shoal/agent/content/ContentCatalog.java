package dev.shoal.agent.content;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.agent.store.DiskStore;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.manifest.Container;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.contracts.segment.SegmentRecord;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The contents this agent knows (their signed manifests, in {@code contents/<id>.json}), which of them are
 * pinned ({@code pins.json}) and how many bytes of each it served ({@code served.json}). A segment is pinned
 * while any content that lists it has an active pin: the store asks {@link #isSegmentPinned}.
 */
public final class ContentCatalog {

    private static final Logger LOG = Logger.getLogger(ContentCatalog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bytes served that no held content lists (a segment held loose). */
    public static final String UNATTRIBUTED = "unattributed";

    /** Why a content is pinned: the operator, or a paid deal until a moment (0: no end). */
    public record Pin(String reason, String dealId, long untilMillis) {

        public static final String OPERATOR = "operator";
        public static final String DEAL = "deal";

        public static Pin operator() {
            return new Pin(OPERATOR, null, 0);
        }

        public static Pin deal(String dealId, long untilMillis) {
            return new Pin(DEAL, dealId, untilMillis);
        }

        boolean activeAt(long now) {
            return untilMillis == 0 || untilMillis > now;
        }
    }

    /** How much of a content the store holds now. */
    public record Holding(Sha256 contentId, String title, int segments, int segmentsHeld, long bytes, long bytesHeld,
                          List<Pin> pins, long servedBytes) {

        public boolean complete() {
            return segmentsHeld == segments;
        }
    }

    private final Path contentsDir;
    private final Path pinsFile;
    private final Path servedFile;
    private final Clock clock;
    private final Map<Sha256, SignedManifest> manifests = new ConcurrentHashMap<>();
    private final Map<Sha256, List<Sha256>> contentsBySegment = new ConcurrentHashMap<>();
    private final Map<Sha256, String> mediaTypes = new ConcurrentHashMap<>();
    private final Map<Sha256, List<Pin>> pins = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> served = new ConcurrentHashMap<>();

    public ContentCatalog(Path dataDir, Clock clock) {
        this.contentsDir = dataDir.resolve("contents");
        this.pinsFile = dataDir.resolve("pins.json");
        this.servedFile = dataDir.resolve("served.json");
        this.clock = clock;
        load();
    }

    // ---- manifests -------------------------------------------------------------------------------------

    /** Keeps a verified manifest (idempotent). The caller verified its signature (SignedManifest.fromJson does). */
    public void add(SignedManifest signed) {
        Sha256 id = signed.contentId();
        if (manifests.putIfAbsent(id, signed) != null) {
            return;
        }
        index(signed);
        writeAtomically(contentsDir.resolve(id.hex() + ".json"), signed.toJson());
    }

    public Optional<SignedManifest> manifest(Sha256 contentId) {
        return Optional.ofNullable(manifests.get(contentId));
    }

    public SignedManifest require(Sha256 contentId) {
        return manifest(contentId).orElseThrow(() -> new ProblemException(ProblemType.CONTENT_NOT_FOUND,
                "this agent holds no manifest for content " + contentId.hex()));
    }

    public List<SignedManifest> manifests() {
        return List.copyOf(manifests.values());
    }

    /** Forgets a content (its pins too). Its segments stay in the store until evicted, unless another content pins them. */
    public boolean remove(Sha256 contentId) {
        SignedManifest m = manifests.remove(contentId);
        if (m == null) {
            return false;
        }
        pins.remove(contentId);
        savePins();
        for (Sha256 s : segmentsOf(m)) {
            contentsBySegment.computeIfPresent(s, (k, list) -> {
                List<Sha256> rest = new ArrayList<>(list);
                rest.remove(contentId);
                return rest.isEmpty() ? null : List.copyOf(rest);
            });
        }
        try {
            Files.deleteIfExists(contentsDir.resolve(contentId.hex() + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    /** Every segment (init segments first per rendition), without duplicates. */
    public static List<Sha256> segmentsOf(SignedManifest signed) {
        LinkedHashMap<Sha256, Boolean> out = new LinkedHashMap<>();
        for (Rendition r : signed.manifest().renditions()) {
            if (r.init() != null) {
                out.put(r.init().sha256(), true);
            }
            for (SegmentRecord s : r.segments()) {
                out.put(s.sha256(), true);
            }
        }
        return List.copyOf(out.keySet());
    }

    public List<Sha256> contentsOf(Sha256 segment) {
        return contentsBySegment.getOrDefault(segment, List.of());
    }

    /** The media type a held content gives this segment, or octet-stream for a loose one. */
    public String mediaType(Sha256 segment) {
        return mediaTypes.getOrDefault(segment, "application/octet-stream");
    }

    public Holding holding(Sha256 contentId, DiskStore store) {
        SignedManifest m = require(contentId);
        int total = 0;
        int held = 0;
        long bytes = 0;
        long bytesHeld = 0;
        Map<Sha256, Long> sizes = sizes(m);
        for (Map.Entry<Sha256, Long> e : sizes.entrySet()) {
            total++;
            bytes += e.getValue();
            if (store.contains(e.getKey())) {
                held++;
                bytesHeld += e.getValue();
            }
        }
        AtomicLong s = served.get(contentId.hex());
        return new Holding(contentId, m.manifest().title(), total, held, bytes, bytesHeld,
                pins.getOrDefault(contentId, List.of()), s == null ? 0 : s.get());
    }

    /** Segment id → size, for every segment of the content. */
    public static Map<Sha256, Long> sizes(SignedManifest m) {
        Map<Sha256, Long> out = new LinkedHashMap<>();
        for (Rendition r : m.manifest().renditions()) {
            if (r.init() != null) {
                out.put(r.init().sha256(), r.init().size());
            }
            for (SegmentRecord s : r.segments()) {
                out.put(s.sha256(), s.size());
            }
        }
        return out;
    }

    // ---- pins -------------------------------------------------------------------------------------------

    public void pin(Sha256 contentId, Pin pin) {
        require(contentId);
        pins.compute(contentId, (k, list) -> {
            List<Pin> next = new ArrayList<>(list == null ? List.of() : list);
            next.removeIf(p -> p.reason().equals(pin.reason()) && java.util.Objects.equals(p.dealId(), pin.dealId()));
            next.add(pin);
            return List.copyOf(next);
        });
        savePins();
    }

    /** Removes the operator's pin (deal pins end with their deal). Returns whether the content is still pinned. */
    public boolean unpinOperator(Sha256 contentId) {
        require(contentId);
        pins.computeIfPresent(contentId, (k, list) -> {
            List<Pin> next = new ArrayList<>(list);
            next.removeIf(p -> p.reason().equals(Pin.OPERATOR));
            return next.isEmpty() ? null : List.copyOf(next);
        });
        savePins();
        return isPinned(contentId);
    }

    public void unpinDeal(Sha256 contentId, String dealId) {
        pins.computeIfPresent(contentId, (k, list) -> {
            List<Pin> next = new ArrayList<>(list);
            next.removeIf(p -> p.reason().equals(Pin.DEAL) && dealId.equals(p.dealId()));
            return next.isEmpty() ? null : List.copyOf(next);
        });
        savePins();
    }

    public boolean isPinned(Sha256 contentId) {
        long now = clock.millis();
        List<Pin> list = pins.get(contentId);
        return list != null && list.stream().anyMatch(p -> p.activeAt(now));
    }

    public boolean isSegmentPinned(Sha256 segment) {
        for (Sha256 c : contentsOf(segment)) {
            if (isPinned(c)) {
                return true;
            }
        }
        return false;
    }

    public Map<Sha256, List<Pin>> pins() {
        return Map.copyOf(pins);
    }

    // ---- bytes served ------------------------------------------------------------------------------------

    public void served(Sha256 contentId, long bytes) {
        served.computeIfAbsent(contentId == null ? UNATTRIBUTED : contentId.hex(), k -> new AtomicLong()).addAndGet(bytes);
    }

    public Map<String, Long> servedBytes() {
        Map<String, Long> out = new TreeMap<>();
        served.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public void flush() {
        writeAtomically(servedFile, toJson(servedBytes()));
    }

    // ---- persistence --------------------------------------------------------------------------------------

    private void index(SignedManifest signed) {
        Sha256 id = signed.contentId();
        for (Rendition r : signed.manifest().renditions()) {
            String type = r.container() == Container.FMP4 ? "video/mp4" : "video/mp2t";
            if (r.init() != null) {
                link(r.init().sha256(), id, "video/mp4");
            }
            for (SegmentRecord s : r.segments()) {
                link(s.sha256(), id, type);
            }
        }
    }

    private void link(Sha256 segment, Sha256 content, String type) {
        mediaTypes.putIfAbsent(segment, type);
        contentsBySegment.merge(segment, List.of(content), (a, b) -> {
            if (a.contains(content)) {
                return a;
            }
            List<Sha256> both = new ArrayList<>(a);
            both.add(content);
            return List.copyOf(both);
        });
    }

    private void load() {
        try {
            Files.createDirectories(contentsDir);
            try (var files = Files.list(contentsDir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                    try {
                        SignedManifest m = SignedManifest.fromJson(Files.readString(f));
                        manifests.put(m.contentId(), m);
                        index(m);
                    } catch (RuntimeException e) {
                        LOG.warnf("ignoring %s: %s", f, e.getMessage());
                    }
                }
            }
            if (Files.exists(pinsFile)) {
                Map<String, List<Pin>> saved = JSON.readValue(pinsFile.toFile(), new TypeReference<>() {
                });
                saved.forEach((k, v) -> pins.put(Sha256.fromHex(k), List.copyOf(v)));
            }
            if (Files.exists(servedFile)) {
                Map<String, Long> saved = JSON.readValue(servedFile.toFile(), new TypeReference<>() {
                });
                saved.forEach((k, v) -> served.put(k, new AtomicLong(v)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the content catalogue: " + e.getMessage(), e);
        }
    }

    private synchronized void savePins() {
        Map<String, List<Pin>> out = new HashMap<>();
        pins.forEach((k, v) -> out.put(k.hex(), v));
        writeAtomically(pinsFile, toJson(out));
    }

    private static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeAtomically(Path file, String text) {
        Path part = file.resolveSibling(file.getFileName() + "." + Thread.currentThread().threadId() + ".part");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                out.force(true);
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Deal pins whose end has passed are dropped; returns the contents that lost their last pin. */
    public Set<Sha256> dropExpiredPins() {
        long now = clock.millis();
        Set<Sha256> released = new java.util.HashSet<>();
        for (Sha256 id : List.copyOf(pins.keySet())) {
            pins.computeIfPresent(id, (k, list) -> {
                List<Pin> next = list.stream().filter(p -> p.activeAt(now)).toList();
                if (next.isEmpty()) {
                    released.add(id);
                    return null;
                }
                return next;
            });
        }
        if (!released.isEmpty()) {
            savePins();
        }
        return released;
    }
}
