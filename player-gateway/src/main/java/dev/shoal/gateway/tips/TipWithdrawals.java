package dev.shoal.gateway.tips;

import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.gateway.GatewayConfig;
import dev.shoal.gateway.chain.ChainDirectory;
import dev.shoal.gateway.chain.TipSplitterContract;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigInteger;
import java.util.Map;

/** A recipient withdraws what tips credited it: the withdraw call for its own wallet, checked against its balance now. */
@ApplicationScoped
public class TipWithdrawals {

    public record WithdrawalRequest(String account, String amountWei) {
    }

    public record WithdrawalTransaction(String account, String amountWei, String balanceWei, TipView.Transaction transaction) {
    }

    private final ChainDirectory directory;
    private final TipSplitterContract contract;
    private final long chainId;

    public TipWithdrawals(ChainDirectory directory, TipSplitterContract contract, GatewayConfig config) {
        this.directory = directory;
        this.contract = contract;
        this.chainId = config.chain().chainId();
    }

    /** The withdraw call for the recipient's wallet; without an amount, the whole balance. */
    public Uni<WithdrawalTransaction> withdrawal(WithdrawalRequest request) {
        if (request == null) {
            return Uni.createFrom().failure(TipRequests.invalid("account", "account (and optionally amountWei) are required"));
        }
        Address account;
        BigInteger wanted;
        try {
            account = TipRequests.address("account", request.account());
            wanted = request.amountWei() == null ? null : TipRequests.amount(request.amountWei(), null);
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        return directory.directory().chain(dir -> contract.balanceOf(dir.tipSplitter().lowerHex(), account.lowerHex()).map(balance -> {
            BigInteger amount = wanted == null ? balance : wanted;
            if (amount.signum() == 0 || amount.compareTo(balance) > 0) {
                throw new ProblemException(ProblemType.INSUFFICIENT_BALANCE, "account " + account + " has " + balance
                        + " wei to withdraw" + (wanted == null ? "" : ", not " + wanted), Map.of("balanceWei", balance.toString()));
            }
            String to = dir.tipSplitter().lowerHex();
            return new WithdrawalTransaction(account.toString(), amount.toString(), balance.toString(),
                    new TipView.Transaction(account.toString(), dir.tipSplitter().toString(), contract.withdrawCalldata(to, amount), "0x0",
                            TipView.quantity(BigInteger.valueOf(chainId))));
        }));
    }
}
