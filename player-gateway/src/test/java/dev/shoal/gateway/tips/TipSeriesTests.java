package dev.shoal.gateway.tips;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.gateway.catalog.Catalog;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static dev.shoal.gateway.tips.TipFixtures.CLOCK;
import static dev.shoal.gateway.tips.TipFixtures.CONTENT;
import static dev.shoal.gateway.tips.TipFixtures.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class TipSeriesTests {

    private final Catalog catalog = mock(Catalog.class);
    private final TipLedger ledger = mock(TipLedger.class);
    private final TipSeries series = new TipSeries(catalog, ledger, CLOCK);

    @Test
    void everyHourOfTheLastTwoDaysIsAPointAndEmptyHoursCountZero() {
        OffsetDateTime tipped = OffsetDateTime.of(2026, 12, 4, 9, 0, 0, 0, ZoneOffset.UTC);
        when(catalog.find(CONTENT)).thenReturn(Uni.createFrom().item(new Catalog.Published(CONTENT, "t", "0xc", null, List.of())));
        when(ledger.buckets(CONTENT, "hour", OffsetDateTime.of(2026, 12, 2, 11, 0, 0, 0, ZoneOffset.UTC))).thenReturn(Uni.createFrom().item(
                List.of(new TipSplitRepository.Bucket(tipped, 2, BigInteger.valueOf(3_000), BigInteger.valueOf(2_400)))));

        List<TipSeries.SeriesPoint> points = series.series(CONTENT, "hour", null).await().indefinitely();

        assertThat(points).hasSize(48);
        assertThat(points.get(0).start()).isEqualTo("2026-12-02T11:00:00Z");
        assertThat(points.get(47).start()).isEqualTo("2026-12-04T10:00:00Z");
        assertThat(points.get(46)).isEqualTo(new TipSeries.SeriesPoint("2026-12-04T09:00:00Z", 2, "3000", "2400"));
        assertThat(points.stream().filter(p -> p.tips() == 0)).hasSize(47).allMatch(p -> p.totalWei().equals("0"));
    }

    @Test
    void aBucketIsAnHourOrADayAndASeriesAtMostTwoThousandOfThem() {
        ProblemException bucket = refused(ProblemType.INVALID_REQUEST, () -> series.series(CONTENT, "week", null).await().indefinitely());
        assertThat(bucket.extensions()).containsEntry("field", "bucket");
        ProblemException since = refused(ProblemType.INVALID_REQUEST,
                () -> series.series(CONTENT, "hour", "2026-01-01T00:00:00Z").await().indefinitely());
        assertThat(since.extensions()).containsEntry("field", "since");
        refused(ProblemType.INVALID_REQUEST, () -> series.series(CONTENT, "day", "yesterday").await().indefinitely());
        refused(ProblemType.INVALID_REQUEST, () -> series.series("not-a-content", "day", null).await().indefinitely());
        verify(ledger, never()).buckets(anyString(), anyString(), any());
    }

    @Test
    void aContentTheMarketplaceDoesNotKnowHasNoSeries() {
        when(catalog.find(CONTENT)).thenReturn(Uni.createFrom().failure(new ProblemException(ProblemType.NOT_FOUND, "no content")));

        refused(ProblemType.NOT_FOUND, () -> series.series(CONTENT, "day", null).await().indefinitely());
        verify(ledger, never()).buckets(anyString(), anyString(), any());
    }
}
