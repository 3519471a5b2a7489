package dev.shoal.gateway.tips;

import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.gateway.chain.ChainDirectory;
import dev.shoal.gateway.chain.TipSplitterContract;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static dev.shoal.gateway.tips.TipFixtures.SPLITTER;
import static dev.shoal.gateway.tips.TipFixtures.TIPPER;
import static dev.shoal.gateway.tips.TipFixtures.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class TipWithdrawalsTests {

    private final ChainDirectory directory = mock(ChainDirectory.class);
    private final TipSplitterContract contract = mock(TipSplitterContract.class);
    private final TipWithdrawals withdrawals = new TipWithdrawals(directory, contract, TipFixtures.config());

    @BeforeEach
    void theAccountHasABalance() {
        when(directory.directory()).thenReturn(TipFixtures.directory());
        when(contract.balanceOf(SPLITTER, TIPPER)).thenReturn(Uni.createFrom().item(BigInteger.valueOf(500)));
        when(contract.withdrawCalldata(SPLITTER, BigInteger.valueOf(500))).thenReturn("0xall");
        when(contract.withdrawCalldata(SPLITTER, BigInteger.valueOf(200))).thenReturn("0xpart");
    }

    @Test
    void withoutAnAmountTheWholeBalanceIsWithdrawnByTheAccountsOwnWallet() {
        TipWithdrawals.WithdrawalTransaction w = withdrawals.withdrawal(new TipWithdrawals.WithdrawalRequest(TIPPER, null))
                .await().indefinitely();

        String account = Address.parse(TIPPER).toString();
        assertThat(w.amountWei()).isEqualTo("500");
        assertThat(w.balanceWei()).isEqualTo("500");
        assertThat(w.transaction()).isEqualTo(new TipView.Transaction(account, Address.parse(SPLITTER).toString(), "0xall", "0x0", "0x7a69"));
    }

    @Test
    void partOfTheBalanceCanBeWithdrawnButNotMoreThanItOrNothing() {
        assertThat(withdrawals.withdrawal(new TipWithdrawals.WithdrawalRequest(TIPPER, "200")).await().indefinitely().transaction().data())
                .isEqualTo("0xpart");
        ProblemException tooMuch = refused(ProblemType.INSUFFICIENT_BALANCE,
                () -> withdrawals.withdrawal(new TipWithdrawals.WithdrawalRequest(TIPPER, "501")).await().indefinitely());
        assertThat(tooMuch.extensions()).containsEntry("balanceWei", "500");
        when(contract.balanceOf(SPLITTER, TIPPER)).thenReturn(Uni.createFrom().item(BigInteger.ZERO));
        refused(ProblemType.INSUFFICIENT_BALANCE, () -> withdrawals.withdrawal(new TipWithdrawals.WithdrawalRequest(TIPPER, null)).await().indefinitely());
    }

    @Test
    void theAccountMustBeSomebodysAddress() {
        for (String bad : new String[] {null, "0x12", TipRequests.ZERO_ADDRESS}) {
            ProblemException e = refused(ProblemType.INVALID_REQUEST,
                    () -> withdrawals.withdrawal(new TipWithdrawals.WithdrawalRequest(bad, null)).await().indefinitely());
            assertThat(e.extensions()).containsEntry("field", "account");
        }
        refused(ProblemType.INVALID_REQUEST, () -> withdrawals.withdrawal(null).await().indefinitely());
    }
}
