package dev.shoal.agent.cli;

import dev.shoal.agent.chain.PayoutAccount;
import dev.shoal.cli.http.ServiceClient;
import dev.shoal.contracts.chain.ChainTransactionException;
import dev.shoal.contracts.directory.ChainView;
import dev.shoal.contracts.error.UnknownVersionException;
import dev.shoal.contracts.identity.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * What the storage escrow holds for this agent (earnings the marketplace claimed for it when its orders ended,
 * or that anyone claimed) and a withdrawal of it, signed with the agent's own payout key: only the account
 * itself may call the escrow's {@code withdraw}. The escrow's address comes from the marketplace's public
 * {@code GET /api/chain}. Needs no running agent, only its key.
 */
@Command(name = "earnings", mixinStandardHelpOptions = true,
        description = "Storage earnings held by the escrow for this agent, and a withdrawal of them to the agent's address.")
public class EarningsCommand implements Callable<Integer> {

    @Mixin
    AgentKeyOptions agentKey;

    @Option(names = "--market", paramLabel = "URL", required = true, description = "The marketplace, e.g. http://127.0.0.1:8081")
    String market;

    @Option(names = "--withdraw", paramLabel = "AMOUNT|all", description = "Pay this much (in tokens, e.g. 1.5) or all of the balance to the agent's address")
    String withdraw;

    @Override
    public Integer call() throws Exception {
        Optional<SigningKey> key = agentKey.key();
        if (key.isEmpty()) {
            return 2;
        }
        String rpc = agentKey.rpc;
        ChainView chain;
        try {
            chain = chainOf(market);
        } catch (Unreachable e) {
            System.err.println(e.getMessage());
            return 1;
        }
        long chainId = chain.chainId();
        try (PayoutAccount account = PayoutAccount.open(rpc, key.get())) {
            if (account.chainId() != chainId) {
                System.err.println("the node at " + rpc + " is not chain " + chainId + ", where the marketplace's escrow is");
                return 1;
            }
            String escrow = chain.escrow();
            PayoutAccount.TokenBalance balance = account.escrowBalance(escrow, chain.token());
            int decimals = balance.decimals();
            if (withdraw == null) {
                System.out.printf("agent         %s%n", account.address());
                System.out.printf("withdrawable  %s %s on the storage escrow (withdraw with --withdraw all)%n", tokens(balance.units(), decimals),
                        balance.symbol());
                return 0;
            }
            BigInteger amount;
            try {
                amount = withdraw.equalsIgnoreCase("all") ? balance.units()
                        : new BigDecimal(withdraw).movePointRight(decimals).toBigIntegerExact();
            } catch (ArithmeticException | NumberFormatException e) {
                System.err.println("--withdraw takes an amount in " + balance.symbol() + " with at most " + decimals + " decimals, or all");
                return 2;
            }
            if (amount.signum() <= 0 || amount.compareTo(balance.units()) > 0) {
                System.err.printf("nothing to withdraw: the balance is %s %s%n", tokens(balance.units(), decimals), balance.symbol());
                return 1;
            }
            PayoutAccount.Withdrawal done = account.withdrawFromEscrow(escrow, amount);
            System.out.printf("withdrew %s %s to %s in transaction %s (block %s)%n", tokens(amount, decimals), balance.symbol(),
                    account.address(), done.txHash(), done.block());
            return 0;
        } catch (ChainTransactionException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }

    private static String tokens(BigInteger units, int decimals) {
        return new BigDecimal(units).movePointLeft(decimals).toPlainString();
    }

    private static ChainView chainOf(String market) throws Unreachable {
        try {
            return new ServiceClient(market).get("/api/chain", ChainView.class).known();
        } catch (ServiceClient.Unreachable | ServiceClient.Refused | UnknownVersionException e) {
            throw new Unreachable("the marketplace at " + market + " cannot tell where its escrow is: " + e.getMessage());
        }
    }

    static final class Unreachable extends Exception {
        Unreachable(String message) {
            super(message);
        }
    }
}
