package dev.shoal.gateway.tips;

import dev.shoal.gateway.catalog.Catalog;
import dev.shoal.service.reactive.CallerContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

import static dev.shoal.gateway.tips.TipRequests.invalid;

/** A content's tips over time, per UTC hour or day, for the creator's chart. */
@ApplicationScoped
public class TipSeries {

    /** At most this many buckets in one series. */
    static final int MAX_BUCKETS = 2_000;

    public record SeriesPoint(String start, long tips, String totalWei, String creatorWei) {
    }

    private final Catalog catalog;
    private final TipLedger ledger;
    private final Clock clock;

    public TipSeries(Catalog catalog, TipLedger ledger, Clock clock) {
        this.catalog = catalog;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Every bucket from {@code since} (default: 48 hours or 30 days back) to now, empty ones included; the content must be known. */
    public Uni<List<SeriesPoint>> series(String contentId, String bucket, String sinceText) {
        if (contentId == null || !contentId.matches("[0-9a-f]{64}")) {
            return Uni.createFrom().failure(invalid("contentId", "a content id is 64 lowercase hex digits"));
        }
        String unit = bucket == null || bucket.isBlank() ? "day" : bucket;
        if (!unit.equals("hour") && !unit.equals("day")) {
            return Uni.createFrom().failure(invalid("bucket", "bucket is hour or day, not " + bucket));
        }
        ChronoUnit step = unit.equals("hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime since;
        try {
            since = sinceText == null || sinceText.isBlank()
                    ? now.minus(unit.equals("hour") ? Duration.ofHours(47) : Duration.ofDays(29))
                    : OffsetDateTime.parse(sinceText).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return Uni.createFrom().failure(invalid("since", "since is an ISO-8601 date-time with offset, e.g. 2026-01-31T00:00:00Z"));
        }
        OffsetDateTime first = since.truncatedTo(step);
        if (step.between(first, now) > MAX_BUCKETS) {
            return Uni.createFrom().failure(invalid("since", "at most " + MAX_BUCKETS + " buckets: choose a later since or a larger bucket"));
        }
        Executor here = CallerContext.executor();
        return catalog.find(contentId).emitOn(here).chain(p -> ledger.buckets(contentId, unit, first))
                .map(found -> fill(found, first, now, step));
    }

    /** Every bucket start from {@code first} to {@code now}, with the tips found there or none. */
    static List<SeriesPoint> fill(List<TipSplitRepository.Bucket> found, OffsetDateTime first, OffsetDateTime now, ChronoUnit step) {
        Map<OffsetDateTime, TipSplitRepository.Bucket> byStart = found.stream().collect(Collectors.toMap(b -> b.start(), b -> b));
        List<SeriesPoint> points = new ArrayList<>();
        for (OffsetDateTime t = first; !t.isAfter(now); t = t.plus(1, step)) {
            TipSplitRepository.Bucket b = byStart.get(t);
            points.add(b == null ? new SeriesPoint(t.toInstant().toString(), 0, "0", "0")
                    : new SeriesPoint(t.toInstant().toString(), b.tips(), b.totalWei().toString(), b.creatorWei().toString()));
        }
        return points;
    }
}
