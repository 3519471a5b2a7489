package dev.shoal.marketplace.upload;

import dev.shoal.contracts.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Uploads in PostgreSQL (V12), shared by every instance. Each write names the state it expects, so two instances
 * taking chunks of one upload cannot both advance it from the same offset.
 */
@ApplicationScoped
public class UploadRepository {

    /** Where a registered upload's segment is, under the uploads' folder. */
    public record SegmentFile(String uploadId, String file) {
    }

    private static final String COLUMNS = "upload_id, owner, file_name, title, size_bytes, offset_bytes, received_bytes, state,"
            + " renditions::text as renditions, error_type, error, creator, content_id, touched_at, cut_like";

    private final Pool pool;

    public UploadRepository(Pool pool) {
        this.pool = pool;
    }

    Uni<Void> insert(Upload u, Instant now) {
        return pool.preparedQuery("insert into upload (upload_id, owner, file_name, title, size_bytes, created_at, touched_at, cut_like)"
                        + " values ($1, $2, $3, $4, $5, $6, $6, $7)")
                .execute(Tuple.from(java.util.Arrays.asList(u.id, u.owner, u.name, u.title, u.size, at(now), u.cutLike))).replaceWithVoid();
    }

    /** The signed manifest (JSON) of a content that is not itself a fork, or null: what an ad is cut like. */
    Uni<String> originalManifest(String contentId) {
        return pool.preparedQuery("select manifest from content where content_id = $1 and fork_of is null").execute(Tuple.of(contentId))
                .map(rows -> rows.rowCount() == 0 ? null : rows.iterator().next().getString("manifest"));
    }

    /** The upload staged under {@code root}, or null. */
    Uni<Upload> find(String id, Path root) {
        return pool.preparedQuery("select " + COLUMNS + " from upload where upload_id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? null : read(rows.iterator().next(), root));
    }

    /** Takes {@code written} bytes at {@code offset}: false when the upload no longer stands there (another took them). */
    Uni<Boolean> advance(String id, long offset, long written, Instant now) {
        return pool.preparedQuery("update upload set offset_bytes = offset_bytes + $3, received_bytes = received_bytes + $3, touched_at = $4"
                        + " where upload_id = $1 and offset_bytes = $2 and state = 'RECEIVING'")
                .execute(Tuple.of(id, offset, written, at(now))).map(rows -> rows.rowCount() == 1);
    }

    /** Moves the upload from {@code from} to {@code to}: false when it was not in {@code from} (another instance moved it). */
    Uni<Boolean> move(String id, Upload.State from, Upload.State to, Instant now) {
        return pool.preparedQuery("update upload set state = $3, touched_at = $4 where upload_id = $1 and state = $2")
                .execute(Tuple.of(id, from.name(), to.name(), at(now))).map(rows -> rows.rowCount() == 1);
    }

    Uni<Void> progress(String id, Collection<Upload.Rendition> renditions, Instant now) {
        JsonArray json = new JsonArray();
        renditions.forEach(r -> json.add(new JsonObject().put("name", r.name()).put("width", r.width()).put("height", r.height())
                .put("done", r.done()).put("of", r.of())));
        // a JsonArray, not its text: the client would store a String as one JSON string
        return pool.preparedQuery("update upload set renditions = $2, touched_at = $3 where upload_id = $1")
                .execute(Tuple.of(id, json, at(now))).replaceWithVoid();
    }

    Uni<Void> fail(String id, ProblemType type, String error, Instant now) {
        return pool.preparedQuery("update upload set state = 'FAILED', error_type = $2, error = $3, touched_at = $4 where upload_id = $1")
                .execute(Tuple.of(id, type.name(), error, at(now))).replaceWithVoid();
    }

    /** The manifest was built for {@code creator}'s wallet to sign. */
    Uni<Boolean> signing(String id, String creator, String contentId, Instant now) {
        return pool.preparedQuery("update upload set state = 'SIGNING', creator = $2, content_id = $3, touched_at = $4"
                        + " where upload_id = $1 and state in ('TRANSCODED', 'SIGNING')")
                .execute(Tuple.of(id, creator, contentId, at(now))).map(rows -> rows.rowCount() == 1);
    }

    /** Registered: its segments are served from here on, by hash. */
    Uni<Void> registered(String id, Map<String, String> segmentFiles, Instant now) {
        return pool.withTransaction(tx -> {
            List<Tuple> batch = new ArrayList<>();
            segmentFiles.forEach((sha, file) -> batch.add(Tuple.of(sha, id, file)));
            Uni<?> segments = batch.isEmpty() ? Uni.createFrom().voidItem()
                    : tx.preparedQuery("insert into upload_segment (sha256, upload_id, file) values ($1, $2, $3) on conflict (sha256) do nothing")
                    .executeBatch(batch);
            return segments.chain(() -> tx.preparedQuery("update upload set state = 'REGISTERED', touched_at = $2 where upload_id = $1")
                    .execute(Tuple.of(id, at(now)))).replaceWithVoid();
        });
    }

    Uni<SegmentFile> segment(String sha256) {
        return pool.preparedQuery("select upload_id, file from upload_segment where sha256 = $1").execute(Tuple.of(sha256))
                .map(rows -> rows.rowCount() == 0 ? null : new SegmentFile(rows.iterator().next().getString("upload_id"),
                        rows.iterator().next().getString("file")));
    }

    Uni<Boolean> delete(String id) {
        return pool.preparedQuery("delete from upload where upload_id = $1").execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
    }

    /** Unfinished uploads nothing touched since {@code before}: no byte, no progress, no step. */
    Uni<List<String>> untouchedSince(Instant before) {
        return pool.preparedQuery("select upload_id from upload where state <> 'REGISTERED' and touched_at < $1 order by touched_at")
                .execute(Tuple.of(at(before))).map(UploadRepository::ids);
    }

    /** Uploads in {@code state} nothing touched since {@code before} (a transcoding whose instance went away). */
    Uni<List<String>> inStateUntouchedSince(Upload.State state, Instant before) {
        return pool.preparedQuery("select upload_id from upload where state = $1 and touched_at < $2 order by touched_at")
                .execute(Tuple.of(state.name(), at(before))).map(UploadRepository::ids);
    }

    /** Marks it touched now if it is still untouched since {@code before}: true for the one caller that claimed it. */
    Uni<Boolean> claimUntouched(String id, Upload.State state, Instant before, Instant now) {
        return pool.preparedQuery("update upload set touched_at = $4 where upload_id = $1 and state = $2 and touched_at < $3")
                .execute(Tuple.of(id, state.name(), at(before), at(now))).map(rows -> rows.rowCount() == 1);
    }

    private static List<String> ids(RowSet<Row> rows) {
        List<String> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.getString("upload_id")));
        return ids;
    }

    private static Upload read(Row r, Path root) {
        String id = r.getString("upload_id");
        Upload u = new Upload(id, r.getString("owner"), r.getString("file_name"), r.getString("title"), r.getLong("size_bytes"), root.resolve(id));
        u.offset = r.getLong("offset_bytes");
        u.received = r.getLong("received_bytes");
        u.state = Upload.State.valueOf(r.getString("state"));
        String errorType = r.getString("error_type");
        u.errorType = errorType == null ? null : ProblemType.valueOf(errorType);
        u.error = r.getString("error");
        u.creator = r.getString("creator");
        u.contentId = r.getString("content_id");
        u.touched = r.getOffsetDateTime("touched_at").toInstant();
        u.cutLike = r.getString("cut_like");
        for (Object o : new JsonArray(r.getString("renditions"))) {
            JsonObject j = (JsonObject) o;
            u.renditions.put(j.getString("name"), new Upload.Rendition(j.getString("name"), j.getInteger("width"), j.getInteger("height"),
                    j.getDouble("done"), j.getDouble("of")));
        }
        return u;
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
