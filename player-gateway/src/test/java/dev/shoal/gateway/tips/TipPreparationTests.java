package dev.shoal.gateway.tips;

import dev.shoal.contracts.market.LocatorTicket;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.gateway.catalog.Catalog;
import dev.shoal.gateway.chain.ChainDirectory;
import dev.shoal.gateway.chain.TipSplitterContract;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.shoal.gateway.tips.TipFixtures.CONTENT;
import static dev.shoal.gateway.tips.TipFixtures.SPLITTER;
import static dev.shoal.gateway.tips.TipFixtures.TIPPER;
import static dev.shoal.gateway.tips.TipFixtures.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class TipPreparationTests {

    private final Catalog catalog = mock(Catalog.class);
    private final ChainDirectory directory = mock(ChainDirectory.class);
    private final TipSplitterContract contract = mock(TipSplitterContract.class);
    private final TipLedger ledger = mock(TipLedger.class);
    private final TipPreparation preparation = new TipPreparation(catalog, directory, contract, ledger, TipFixtures.config(),
            TipFixtures.CLOCK);
    private final UUID tipId = UUID.randomUUID();

    private TipPreparation.TipRequest request(String amountWei) {
        LocatorTicket ticket = new LocatorTicket(1, TipFixtures.LOCATOR, CONTENT, 0, 0, "ee".repeat(32), null, "0xsig");
        return new TipPreparation.TipRequest(tipId.toString(), CONTENT, "s-1", List.of(), ticket, amountWei, TIPPER);
    }

    @Test
    void theSameRequestAgainAnswersTheTipPreparedBeforeWithoutLookingAnythingUp() {
        String hash = preparation.check(request("1000")).hash();
        when(ledger.find(tipId)).thenReturn(Uni.createFrom().item(new TipLedger.Stored(TipFixtures.tip(tipId, hash), null)));

        TipPreparation.Prepared again = preparation.prepare(request("1000")).await().indefinitely();

        assertThat(again.created()).isFalse();
        assertThat(again.tip().tipId()).isEqualTo(tipId.toString());
        verifyNoInteractions(catalog, directory, contract);
        verify(ledger, never()).store(any());
    }

    @Test
    void theSameTipIdWithAnotherRequestIsAConflict() {
        String other = preparation.check(request("2000")).hash();
        when(ledger.find(tipId)).thenReturn(Uni.createFrom().item(new TipLedger.Stored(TipFixtures.tip(tipId, other), null)));

        refused(ProblemType.CONFLICT, () -> preparation.prepare(request("1000")).await().indefinitely());
    }

    @Test
    void aRequestIsCheckedBeforeAnythingIsLookedUpNamingTheFieldAtFault() {
        assertThat(refused(ProblemType.INVALID_REQUEST, () -> preparation.prepare(request("0")).await().indefinitely()).extensions())
                .containsEntry("field", "amountWei");
        assertThat(refused(ProblemType.INVALID_REQUEST, () -> preparation.prepare(request("1000000000000000000000")).await().indefinitely())
                .getMessage()).contains("largest tip");
        TipPreparation.TipRequest noTicket = new TipPreparation.TipRequest(tipId.toString(), CONTENT, "s-1", List.of(), null, "1", TIPPER);
        assertThat(refused(ProblemType.INVALID_REQUEST, () -> preparation.prepare(noTicket).await().indefinitely()).extensions())
                .containsEntry("field", "ticket");
        verifyNoInteractions(ledger, catalog, directory, contract);
    }

    @Test
    void aTransactionTheNodeKnowsMustCarryThisTip() {
        String hash = "0x" + "ab".repeat(32);
        when(ledger.find(tipId)).thenReturn(Uni.createFrom().item(new TipLedger.Stored(TipFixtures.tip(tipId, "h"), null)));
        when(contract.transaction(hash)).thenReturn(Uni.createFrom().item(Optional.of(
                new TipSplitterContract.SentTransaction(hash, TIPPER, SPLITTER, "0xother", BigInteger.valueOf(1000)))));

        refused(ProblemType.TRANSACTION_REJECTED, () -> preparation.transactionSent(tipId.toString(), hash).await().indefinitely());
        verify(ledger, never()).recordTransaction(any(), anyString());
    }

    @Test
    void aTransactionTheNodeDoesNotKnowYetIsRecordedAsSent() {
        String hash = "0x" + "ab".repeat(32);
        Tip tip = TipFixtures.tip(tipId, "h");
        when(ledger.find(tipId)).thenReturn(Uni.createFrom().item(new TipLedger.Stored(tip, null)));
        when(contract.transaction(hash)).thenReturn(Uni.createFrom().item(Optional.empty()));
        when(ledger.recordTransaction(tipId, hash)).thenReturn(Uni.createFrom().item(tip));

        preparation.transactionSent(tipId.toString(), hash.toUpperCase().replace("0X", "0x")).await().indefinitely();

        verify(ledger).recordTransaction(tipId, hash);
        ProblemException bad = refused(ProblemType.INVALID_REQUEST, () -> preparation.transactionSent(tipId.toString(), "0x12").await().indefinitely());
        assertThat(bad.extensions()).containsEntry("field", "txHash");
    }
}
