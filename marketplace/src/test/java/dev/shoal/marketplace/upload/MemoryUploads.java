package dev.shoal.marketplace.upload;

import dev.shoal.contracts.problem.ProblemType;
import io.smallrye.mutiny.Uni;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link UploadRepository} for fast tests: the rows as copies in a map, with the same conditional writes (the SQL
 * itself runs in UploadInBrowserIT). Two services on one of these are two instances on one database.
 */
final class MemoryUploads extends UploadRepository {

    private final Map<String, Upload> rows = new ConcurrentHashMap<>();
    private final Map<String, SegmentFile> segments = new ConcurrentHashMap<>();
    /** The contents an ad may be cut like: signed manifests (JSON) by content id. */
    final Map<String, String> originals = new ConcurrentHashMap<>();

    MemoryUploads() {
        super(null);
    }

    @Override
    synchronized Uni<Void> insert(Upload u, Instant now) {
        Upload row = copy(u, u.dir.getParent());
        row.touched = now;
        rows.put(u.id, row);
        return Uni.createFrom().voidItem();
    }

    @Override
    Uni<String> originalManifest(String contentId) {
        return Uni.createFrom().item(originals.get(contentId));
    }

    @Override
    synchronized Uni<Upload> find(String id, Path root) {
        Upload row = rows.get(id);
        return Uni.createFrom().item(row == null ? null : copy(row, root));
    }

    @Override
    synchronized Uni<Boolean> advance(String id, long offset, long written, Instant now) {
        Upload row = rows.get(id);
        if (row == null || row.offset != offset || row.state != Upload.State.RECEIVING) {
            return Uni.createFrom().item(false);
        }
        row.offset += written;
        row.received += written;
        row.touched = now;
        return Uni.createFrom().item(true);
    }

    @Override
    synchronized Uni<Boolean> move(String id, Upload.State from, Upload.State to, Instant now) {
        Upload row = rows.get(id);
        if (row == null || row.state != from) {
            return Uni.createFrom().item(false);
        }
        row.state = to;
        row.touched = now;
        return Uni.createFrom().item(true);
    }

    @Override
    synchronized Uni<Void> progress(String id, Collection<Upload.Rendition> renditions, Instant now) {
        Upload row = rows.get(id);
        if (row != null) {
            row.renditions.clear();
            renditions.forEach(r -> row.renditions.put(r.name(), r));
            row.touched = now;
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    synchronized Uni<Void> fail(String id, ProblemType type, String error, Instant now) {
        Upload row = rows.get(id);
        if (row != null) {
            row.state = Upload.State.FAILED;
            row.errorType = type;
            row.error = error;
            row.touched = now;
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    synchronized Uni<Boolean> signing(String id, String creator, String contentId, Instant now) {
        Upload row = rows.get(id);
        if (row == null || row.state != Upload.State.TRANSCODED && row.state != Upload.State.SIGNING) {
            return Uni.createFrom().item(false);
        }
        row.state = Upload.State.SIGNING;
        row.creator = creator;
        row.contentId = contentId;
        row.touched = now;
        return Uni.createFrom().item(true);
    }

    @Override
    synchronized Uni<Void> registered(String id, Map<String, String> segmentFiles, Instant now) {
        segmentFiles.forEach((sha, file) -> segments.putIfAbsent(sha, new SegmentFile(id, file)));
        Upload row = rows.get(id);
        row.state = Upload.State.REGISTERED;
        row.touched = now;
        return Uni.createFrom().voidItem();
    }

    @Override
    Uni<SegmentFile> segment(String sha256) {
        return Uni.createFrom().item(segments.get(sha256));
    }

    @Override
    synchronized Uni<Boolean> delete(String id) {
        segments.values().removeIf(s -> s.uploadId().equals(id));
        return Uni.createFrom().item(rows.remove(id) != null);
    }

    @Override
    synchronized Uni<List<String>> untouchedSince(Instant before) {
        return Uni.createFrom().item(rows.values().stream().filter(r -> r.state != Upload.State.REGISTERED && r.touched.isBefore(before))
                .map(r -> r.id).toList());
    }

    @Override
    synchronized Uni<List<String>> inStateUntouchedSince(Upload.State state, Instant before) {
        return Uni.createFrom().item(rows.values().stream().filter(r -> r.state == state && r.touched.isBefore(before)).map(r -> r.id).toList());
    }

    @Override
    synchronized Uni<Boolean> claimUntouched(String id, Upload.State state, Instant before, Instant now) {
        Upload row = rows.get(id);
        if (row == null || row.state != state || !row.touched.isBefore(before)) {
            return Uni.createFrom().item(false);
        }
        row.touched = now;
        return Uni.createFrom().item(true);
    }

    private static Upload copy(Upload u, Path root) {
        Upload c = new Upload(u.id, u.owner, u.name, u.title, u.size, root.resolve(u.id));
        c.offset = u.offset;
        c.received = u.received;
        c.state = u.state;
        c.errorType = u.errorType;
        c.error = u.error;
        c.creator = u.creator;
        c.contentId = u.contentId;
        c.touched = u.touched;
        c.cutLike = u.cutLike;
        c.renditions.putAll(u.renditions);
        return c;
    }
}
