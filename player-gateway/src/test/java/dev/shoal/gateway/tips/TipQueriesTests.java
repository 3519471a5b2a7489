package dev.shoal.gateway.tips;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.gateway.catalog.Catalog;
import dev.shoal.gateway.chain.ChainDirectory;
import dev.shoal.gateway.chain.TipSplitterContract;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static dev.shoal.gateway.tips.TipFixtures.CLOCK;
import static dev.shoal.gateway.tips.TipFixtures.CONTENT;
import static dev.shoal.gateway.tips.TipFixtures.SPLITTER;
import static dev.shoal.gateway.tips.TipFixtures.TIPPER;
import static dev.shoal.gateway.tips.TipFixtures.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class TipQueriesTests {

    private final TipLedger ledger = mock(TipLedger.class);
    private final Catalog catalog = mock(Catalog.class);
    private final ChainDirectory directory = mock(ChainDirectory.class);
    private final TipSplitterContract contract = mock(TipSplitterContract.class);
    private final TipQueries queries = new TipQueries(ledger, catalog, directory, contract);

    @Test
    void aTipIsFoundByItsIdAndAnUnknownOneIsNotFound() {
        UUID known = UUID.randomUUID();
        UUID unknown = UUID.randomUUID();
        when(ledger.find(known)).thenReturn(Uni.createFrom().item(new TipLedger.Stored(TipFixtures.tip(known, "h"), null)));
        when(ledger.find(unknown)).thenReturn(Uni.createFrom().nullItem());

        TipView view = queries.find(known.toString()).await().indefinitely();
        assertThat(view.tipId()).isEqualTo(known.toString());
        assertThat(view.status()).isEqualTo(TipStatus.PREPARED);
        assertThat(view.confirmed()).isNull();
        assertThat(view.transaction().value()).isEqualTo("0x3e8");
        refused(ProblemType.NOT_FOUND, () -> queries.find(unknown.toString()).await().indefinitely());
        refused(ProblemType.INVALID_REQUEST, () -> queries.find("tip-1"));
    }

    @Test
    void aViewersTipsComeAtMostFiveHundredAtATime() {
        ProblemException e = refused(ProblemType.INVALID_REQUEST, () -> queries.ofTipper(TIPPER, 501));
        assertThat(e.extensions()).containsEntry("field", "limit");
        refused(ProblemType.INVALID_REQUEST, () -> queries.ofTipper(TIPPER, 0));
        verify(ledger, never()).ofTipper(anyString(), anyInt());
    }

    @Test
    void whatAnAccountReceivedNamesTheTitlesTheMarketplaceStillKnowsAndTheBalanceOnChain() {
        String gone = "ef".repeat(32);
        TipSplit kept = split(CONTENT, 1);
        TipSplit dropped = split(gone, 2);
        when(ledger.received(TIPPER, 100)).thenReturn(Uni.createFrom().item(new TipLedger.Received(
                List.of(new TipCreditRepository.Received(credit(kept), kept), new TipCreditRepository.Received(credit(dropped), dropped)),
                List.of())));
        when(directory.directory()).thenReturn(TipFixtures.directory());
        when(contract.balanceOf(SPLITTER, TIPPER)).thenReturn(Uni.createFrom().item(BigInteger.valueOf(77)));
        when(catalog.find(CONTENT)).thenReturn(Uni.createFrom().item(new Catalog.Published(CONTENT, "A film", "0xc", null, List.of())));
        when(catalog.find(gone)).thenReturn(Uni.createFrom().failure(new ProblemException(ProblemType.NOT_FOUND, "gone")));

        TipQueries.ReceivedView received = queries.received(TIPPER, null).await().indefinitely();

        assertThat(received.balanceWei()).isEqualTo("77");
        assertThat(received.tips()).extracting(TipQueries.ReceivedTip::contentId, TipQueries.ReceivedTip::title)
                .containsExactly(org.assertj.core.api.Assertions.tuple(CONTENT, "A film"), org.assertj.core.api.Assertions.tuple(gone, null));
    }

    private static TipSplit split(String contentId, long block) {
        TipSplit s = new TipSplit();
        s.eventId = UUID.randomUUID();
        s.ref = "0x" + Long.toString(block).repeat(64).substring(0, 64);
        s.contentId = contentId;
        s.txHash = "0xt" + block;
        s.blockNumber = block;
        s.splitAt = OffsetDateTime.now(CLOCK);
        return s;
    }

    private static TipCredit credit(TipSplit split) {
        TipCredit c = new TipCredit();
        c.id = UUID.randomUUID();
        c.eventId = split.eventId;
        c.role = TipCredit.CREATOR;
        c.account = TIPPER;
        c.amountWei = BigInteger.TEN;
        return c;
    }
}
