package dev.shoal.marketplace.chain;

import dev.shoal.contracts.chain.generated.ShoalTestToken;
import dev.shoal.contracts.chain.generated.StorageEscrow;
import dev.shoal.contracts.chain.generated.StorageEscrow.Settlement;
import dev.shoal.contracts.chain.generated.testing.HookToken;
import dev.shoal.contracts.chain.generated.testing.ReentrantAgent;
import dev.shoal.deploy.testing.RealServices;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** StorageEscrow on a real anvil: money moves exactly as the audits say, and only as each role allows. */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "marketplace"))
class StorageEscrowIT {

    static final BigInteger PRICE = BigInteger.valueOf(1_250_000); // 1.25 sUSD per replica-epoch
    static final long GRACE = 1_000;

    static Anvil anvil;
    static Credentials admin = Anvil.account(0);
    static Credentials auditor = Anvil.account(1);
    static Credentials creator = Anvil.account(2);
    static List<Credentials> agents = List.of(Anvil.account(3), Anvil.account(4), Anvil.account(5), Anvil.account(6));
    static Credentials repairAgent = Anvil.account(8);
    static ShoalTestToken token;
    static StorageEscrow escrow;

    @BeforeAll
    static void deploy() throws Exception {
        anvil = Anvil.connect();
        token = anvil.deployToken(admin);
        escrow = anvil.deployEscrow(admin, token.getContractAddress(), auditor, GRACE);
        token.mint(creator.getAddress(), BigInteger.valueOf(1_000_000_000_000L)).send();
        anvil.tokenAs(token, creator).approve(escrow.getContractAddress(), BigInteger.TWO.pow(255)).send();
    }

    static byte[] newOrder() {
        return EscrowGateway.orderKey(UUID.randomUUID());
    }

    static StorageEscrow as(Credentials key) {
        return anvil.escrowAs(escrow, key);
    }

    static List<String> addresses(List<Credentials> keys) {
        return keys.stream().map(Credentials::getAddress).toList();
    }

    static BigInteger units(long n) {
        return PRICE.multiply(BigInteger.valueOf(n));
    }

    static Settlement settlement(byte[] order, int fromEpoch, int epochs, BigInteger passes) {
        return new Settlement(order, BigInteger.valueOf(fromEpoch), BigInteger.valueOf(epochs), passes);
    }

    /** Bits for one epoch of {@code replicas} slots where {@code failing} slots failed. */
    static BigInteger epochBits(int replicas, int... failing) {
        BigInteger bits = BigInteger.ONE.shiftLeft(replicas).subtract(BigInteger.ONE);
        for (int slot : failing) {
            bits = bits.clearBit(slot);
        }
        return bits;
    }

    @Test
    void eachSlotIsPaidItsOwnAskAndTheCreatorGetsTheRestToTheUnit() throws Exception {
        // max 1.25 sUSD per replica-epoch; the three agents ask 0.25, 0.625 and 1.25; the repair agent 0.3125
        List<BigInteger> asks = List.of(PRICE.divide(BigInteger.valueOf(5)), PRICE.divide(BigInteger.TWO), PRICE);
        BigInteger repairAsk = PRICE.divide(BigInteger.valueOf(4));
        List<String> three = addresses(agents.subList(0, 3));
        byte[] order = newOrder();
        String at = escrow.getContractAddress();
        anvil.assertReverts(creator, at, escrow.fundOrder(order, three, List.of(asks.get(0), asks.get(1), PRICE.add(BigInteger.ONE)),
                BigInteger.valueOf(3), BigInteger.valueOf(3600), PRICE), "PriceAboveMaximum");
        anvil.assertReverts(creator, at, escrow.fundOrder(order, three, asks.subList(0, 2), BigInteger.valueOf(3),
                BigInteger.valueOf(3600), PRICE), "InvalidTerms");
        // an agent may ask nothing: its passes cost nothing, its replica-epochs all come back
        byte[] free = newOrder();
        as(creator).fundOrder(free, three.subList(0, 1), List.of(BigInteger.ZERO), BigInteger.ONE, BigInteger.valueOf(3600), PRICE).send();
        as(auditor).settle(List.of(settlement(free, 0, 1, BigInteger.ONE))).send();
        assertThat(escrow.refundable(free).send()).isEqualTo(PRICE);
        as(creator).releaseRefund(free).send();
        BigInteger escrowBefore = token.balanceOf(at).send();
        BigInteger creatorBefore = escrow.balanceOf(creator.getAddress()).send();
        as(creator).fundOrder(order, three, asks, BigInteger.valueOf(3), BigInteger.valueOf(3600), PRICE).send();
        // funded at the maximum: 3 replicas x 3 epochs
        assertThat(token.balanceOf(at).send()).isEqualTo(escrowBefore.add(units(9)));
        for (int slot = 0; slot < 3; slot++) {
            assertThat(tenurePrice(order, slot, 0)).isEqualTo(asks.get(slot));
        }

        // epoch 0: all pass; epoch 1: slot 1 fails; then slot 2 is repaired onto a cheaper agent; epoch 2: all pass
        as(auditor).settle(List.of(settlement(order, 0, 2, epochBits(3).or(epochBits(3, 1).shiftLeft(3))))).send();
        anvil.assertReverts(auditor, at, escrow.replaceAgent(order, BigInteger.TWO, repairAgent.getAddress(), PRICE.add(BigInteger.ONE)),
                "PriceAboveMaximum");
        as(auditor).replaceAgent(order, BigInteger.TWO, repairAgent.getAddress(), repairAsk).send();
        // an agent claims during the order: exactly its passed epochs at its own ask
        BigInteger agent0Before = escrow.balanceOf(agents.get(0).getAddress()).send();
        as(agents.get(0)).claim(order, BigInteger.ZERO, BigInteger.ZERO).send();
        assertThat(escrow.balanceOf(agents.get(0).getAddress()).send().subtract(agent0Before)).isEqualTo(asks.get(0).multiply(BigInteger.TWO));
        as(auditor).settle(List.of(settlement(order, 2, 1, epochBits(3)))).send();

        // what the creator is owed is the maximum less the ask for every pass, the maximum for the failure
        BigInteger paidOut = asks.get(0).multiply(BigInteger.valueOf(3)).add(asks.get(1).multiply(BigInteger.TWO))
                .add(asks.get(2).multiply(BigInteger.TWO)).add(repairAsk);
        assertThat(escrow.refundable(order).send()).isEqualTo(units(9).subtract(paidOut));
        List<BigInteger> before = new java.util.ArrayList<>();
        for (Credentials agent : List.of(agents.get(0), agents.get(1), agents.get(2), repairAgent)) {
            before.add(escrow.balanceOf(agent.getAddress()).send());
        }
        // releaseRefund claims every tenure first (anyone may call it), then pays the creator the rest
        as(agents.get(3)).releaseRefund(order).send();
        assertThat(escrow.balanceOf(creator.getAddress()).send().subtract(creatorBefore)).isEqualTo(units(9).subtract(paidOut));
        assertThat(escrow.balanceOf(agents.get(0).getAddress()).send().subtract(before.get(0))).isEqualTo(asks.get(0));
        assertThat(escrow.balanceOf(agents.get(1).getAddress()).send().subtract(before.get(1))).isEqualTo(asks.get(1).multiply(BigInteger.TWO));
        assertThat(escrow.balanceOf(agents.get(2).getAddress()).send().subtract(before.get(2))).isEqualTo(asks.get(2).multiply(BigInteger.TWO));
        assertThat(escrow.balanceOf(repairAgent.getAddress()).send().subtract(before.get(3))).isEqualTo(repairAsk);
        anvil.assertReverts(creator, at, escrow.releaseRefund(order), "NothingToRefund");
        for (int slot = 0; slot < 3; slot++) {
            assertThat(escrow.claimable(order, BigInteger.valueOf(slot), BigInteger.ZERO).send()).isZero();
        }
        assertThat(tenurePrice(order, 2, 1)).isEqualTo(repairAsk);
        drain(agents.get(0), agents.get(1), agents.get(2), repairAgent, creator);
    }

    /** The tenure's price per replica-epoch, read field by field (web3j's struct decoding fails on this struct). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static BigInteger tenurePrice(byte[] order, int slot, int index) throws Exception {
        org.web3j.abi.datatypes.Function f = new org.web3j.abi.datatypes.Function("tenure", List.of(
                new org.web3j.abi.datatypes.generated.Bytes32(order), new org.web3j.abi.datatypes.generated.Uint256(slot),
                new org.web3j.abi.datatypes.generated.Uint256(index)), List.of(
                (org.web3j.abi.TypeReference) org.web3j.abi.TypeReference.create(org.web3j.abi.datatypes.Address.class),
                (org.web3j.abi.TypeReference) org.web3j.abi.TypeReference.create(org.web3j.abi.datatypes.generated.Uint32.class),
                (org.web3j.abi.TypeReference) org.web3j.abi.TypeReference.create(org.web3j.abi.datatypes.generated.Uint32.class),
                (org.web3j.abi.TypeReference) org.web3j.abi.TypeReference.create(org.web3j.abi.datatypes.generated.Uint32.class),
                (org.web3j.abi.TypeReference) org.web3j.abi.TypeReference.create(org.web3j.abi.datatypes.generated.Uint96.class)));
        String out = anvil.web3j.ethCall(org.web3j.protocol.core.methods.request.Transaction.createEthCallTransaction(null,
                escrow.getContractAddress(), org.web3j.abi.FunctionEncoder.encode(f)),
                org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send().getValue();
        List<org.web3j.abi.datatypes.Type> fields = org.web3j.abi.FunctionReturnDecoder.decode(out, f.getOutputParameters());
        return (BigInteger) fields.get(4).getValue();
    }

    /** Withdraws what each account holds in the escrow, so the other tests find the balances they expect. */
    static void drain(Credentials... accounts) throws Exception {
        for (Credentials account : accounts) {
            BigInteger balance = escrow.balanceOf(account.getAddress()).send();
            if (balance.signum() > 0) {
                as(account).withdraw(balance).send();
            }
        }
    }

    @Test
    void claimManyPaysTenuresOfSeveralOrdersInOneTransactionAndSkipsWhatIsClaimed() throws Exception {
        List<String> two = addresses(agents.subList(0, 2));
        List<BigInteger> asks = List.of(PRICE.divide(BigInteger.TWO), PRICE);
        byte[] first = newOrder();
        byte[] second = newOrder();
        for (byte[] order : List.of(first, second)) {
            as(creator).fundOrder(order, two, asks, BigInteger.valueOf(4), BigInteger.valueOf(3600), PRICE).send();
        }
        as(auditor).settle(List.of(settlement(first, 0, 2, epochBits(2).or(epochBits(2).shiftLeft(2))),
                settlement(second, 0, 1, epochBits(2, 0)))).send();
        BigInteger a0 = escrow.balanceOf(two.get(0)).send();
        BigInteger a1 = escrow.balanceOf(two.get(1)).send();
        as(auditor).claimMany(List.of(first, first, second, second), List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.ZERO, BigInteger.ONE),
                List.of(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO)).send();
        // agent 0: two epochs of the first order, its failed epoch of the second earns nothing; agent 1: three epochs
        assertThat(escrow.balanceOf(two.get(0)).send().subtract(a0)).isEqualTo(asks.get(0).multiply(BigInteger.TWO));
        assertThat(escrow.balanceOf(two.get(1)).send().subtract(a1)).isEqualTo(asks.get(1).multiply(BigInteger.valueOf(3)));
        // again: nothing new settled, nothing paid, no revert
        as(auditor).claimMany(List.of(first), List.of(BigInteger.ZERO), List.of(BigInteger.ZERO)).send();
        assertThat(escrow.balanceOf(two.get(0)).send().subtract(a0)).isEqualTo(asks.get(0).multiply(BigInteger.TWO));
        drain(agents.get(0), agents.get(1));
    }

    @Test
    void fullLifecyclePaysPassesRefundsFailuresAndBalancesToTheUnit() throws Exception {
        byte[] order = newOrder();
        BigInteger creatorBefore = token.balanceOf(creator.getAddress()).send();
        BigInteger escrowBefore = token.balanceOf(escrow.getContractAddress()).send();
        as(creator).fundOrder(order, addresses(agents), each(PRICE, addresses(agents)), BigInteger.valueOf(5), BigInteger.valueOf(3600), PRICE).send();
        assertThat(token.balanceOf(creator.getAddress()).send()).isEqualTo(creatorBefore.subtract(units(20)));

        // epochs 0-1 in one entry: slot 2 fails epoch 1; epochs 2-4 in a second transaction: slot 2 fails them all
        BigInteger first = epochBits(4).or(epochBits(4, 2).shiftLeft(4));
        as(auditor).settle(List.of(settlement(order, 0, 2, first))).send();
        BigInteger rest = epochBits(4, 2).or(epochBits(4, 2).shiftLeft(4)).or(epochBits(4, 2).shiftLeft(8));
        as(auditor).settle(List.of(settlement(order, 2, 3, rest))).send();

        EscrowGateway.OrderOnChain state = EscrowGateway.readOrder(anvil.web3j, escrow.getContractAddress(), order);
        assertThat(state.settledEpochs()).isEqualTo(5);
        assertThat(state.failedUnits()).isEqualTo(4);
        assertThat(escrow.passed(order, BigInteger.ONE, BigInteger.TWO).send()).isFalse();
        assertThat(escrow.passed(order, BigInteger.ZERO, BigInteger.TWO).send()).isTrue();

        long[] expectedPasses = {5, 5, 1, 5};
        for (int slot = 0; slot < 4; slot++) {
            Credentials agent = agents.get(slot);
            BigInteger walletBefore = token.balanceOf(agent.getAddress()).send();
            BigInteger balanceBefore = escrow.balanceOf(agent.getAddress()).send();
            assertThat(escrow.claimable(order, BigInteger.valueOf(slot), BigInteger.ZERO).send()).isEqualTo(units(expectedPasses[slot]));
            as(agent).claim(order, BigInteger.valueOf(slot), BigInteger.ZERO).send();
            BigInteger earned = escrow.balanceOf(agent.getAddress()).send().subtract(balanceBefore);
            assertThat(earned).isEqualTo(units(expectedPasses[slot]));
            BigInteger balance = balanceBefore.add(earned);
            anvil.assertReverts(agent, escrow.getContractAddress(), escrow.withdraw(balance.add(BigInteger.ONE)), "InsufficientBalance");
            as(agent).withdraw(earned).send();
            assertThat(token.balanceOf(agent.getAddress()).send()).isEqualTo(walletBefore.add(earned));
            assertThat(escrow.balanceOf(agent.getAddress()).send()).isEqualTo(balanceBefore);
            anvil.assertReverts(agent, escrow.getContractAddress(), escrow.claim(order, BigInteger.valueOf(slot), BigInteger.ZERO), "NothingToClaim");
        }

        assertThat(escrow.refundable(order).send()).isEqualTo(units(4));
        BigInteger creatorBeforeRefund = token.balanceOf(creator.getAddress()).send();
        BigInteger creatorBalanceBefore = escrow.balanceOf(creator.getAddress()).send();
        as(creator).releaseRefund(order).send();
        anvil.assertReverts(creator, escrow.getContractAddress(), escrow.releaseRefund(order), "NothingToRefund");
        BigInteger refund = escrow.balanceOf(creator.getAddress()).send().subtract(creatorBalanceBefore);
        assertThat(refund).isEqualTo(units(4));
        as(creator).withdraw(refund).send();
        assertThat(token.balanceOf(creator.getAddress()).send()).isEqualTo(creatorBeforeRefund.add(units(4)));
        // the escrow holds nothing of this order any more: 16 units paid, 4 refunded, 20 funded
        assertThat(token.balanceOf(escrow.getContractAddress()).send()).isEqualTo(escrowBefore);
    }

    @Test
    void onlyTheAuditorSettlesAndOnlyInOrder() throws Exception {
        byte[] order = newOrder();
        as(creator).fundOrder(order, addresses(agents.subList(0, 2)), each(PRICE, addresses(agents.subList(0, 2))), BigInteger.valueOf(3), BigInteger.valueOf(3600), PRICE).send();
        String at = escrow.getContractAddress();
        List<Settlement> one = List.of(settlement(order, 0, 1, epochBits(2)));
        for (Credentials stranger : List.of(creator, agents.get(0), admin)) {
            anvil.assertReverts(stranger, at, escrow.settle(one), "AccessControlUnauthorizedAccount");
            anvil.assertReverts(stranger, at, escrow.replaceAgent(order, BigInteger.ZERO, repairAgent.getAddress(), PRICE), "AccessControlUnauthorizedAccount");
        }
        anvil.assertReverts(auditor, at, escrow.settle(List.of(settlement(newOrder(), 0, 1, BigInteger.ONE))), "UnknownOrder");
        anvil.assertReverts(auditor, at, escrow.settle(List.of(settlement(order, 1, 1, epochBits(2)))), "EpochOutOfOrder");
        anvil.assertReverts(auditor, at, escrow.settle(List.of(settlement(order, 0, 4, BigInteger.ZERO))), "EpochOutOfRange");
        anvil.assertReverts(auditor, at, escrow.settle(List.of(settlement(order, 0, 0, BigInteger.ZERO))), "EpochOutOfRange");
        anvil.assertReverts(auditor, at, escrow.settle(List.of(settlement(order, 0, 1, BigInteger.valueOf(4)))), "StrayPassBits");
        as(auditor).settle(one).send();
        // the same epoch again, alone or later in a batch, is refused: no epoch is paid twice
        anvil.assertReverts(auditor, at, escrow.settle(one), "EpochOutOfOrder");
        anvil.assertReverts(auditor, at, escrow.settle(List.of(settlement(order, 1, 1, BigInteger.ZERO), one.get(0))), "EpochOutOfOrder");
    }

    @Test
    void revertsOnZeroOrUnknownOrdersAndBadTerms() throws Exception {
        String at = escrow.getContractAddress();
        byte[] zero = new byte[32];
        byte[] unknown = newOrder();
        List<String> two = addresses(agents.subList(0, 2));
        BigInteger epochs = BigInteger.valueOf(3);
        BigInteger seconds = BigInteger.valueOf(60);
        anvil.assertReverts(creator, at, escrow.fundOrder(zero, two, each(PRICE, two), epochs, seconds, PRICE), "ZeroOrder");
        anvil.assertReverts(creator, at, escrow.claim(zero, BigInteger.ZERO, BigInteger.ZERO), "ZeroOrder");
        anvil.assertReverts(creator, at, escrow.claim(unknown, BigInteger.ZERO, BigInteger.ZERO), "UnknownOrder");
        anvil.assertReverts(creator, at, escrow.releaseRefund(unknown), "UnknownOrder");
        anvil.assertReverts(creator, at, escrow.cancel(unknown), "UnknownOrder");
        anvil.assertReverts(creator, at, escrow.fundOrder(unknown, List.of(), each(PRICE, List.of()), epochs, seconds, PRICE), "InvalidTerms");
        anvil.assertReverts(creator, at, escrow.fundOrder(unknown, two, each(PRICE, two), BigInteger.ZERO, seconds, PRICE), "InvalidTerms");
        anvil.assertReverts(creator, at, escrow.fundOrder(unknown, two, each(PRICE, two), epochs, seconds, BigInteger.ZERO), "InvalidTerms");
        anvil.assertReverts(creator, at, escrow.fundOrder(unknown, List.of(agents.get(0).getAddress(), "0x0000000000000000000000000000000000000000"), each(PRICE, List.of(agents.get(0).getAddress(), "0x0000000000000000000000000000000000000000")),
                epochs, seconds, PRICE), "ZeroAgent");
        anvil.assertReverts(agents.get(0), at, escrow.fundOrder(unknown, two, each(PRICE, two), epochs, seconds, PRICE), "ERC20InsufficientAllowance");
        anvil.assertReverts(agents.get(0), at, escrow.withdraw(BigInteger.ONE), "InsufficientBalance");
        anvil.assertReverts(agents.get(0), at, escrow.withdraw(BigInteger.ZERO), "ZeroAmount");

        byte[] order = newOrder();
        as(creator).fundOrder(order, two, each(PRICE, two), epochs, seconds, PRICE).send();
        anvil.assertReverts(creator, at, escrow.fundOrder(order, two, each(PRICE, two), epochs, seconds, PRICE), "OrderExists");
        anvil.assertReverts(creator, at, escrow.claim(order, BigInteger.ZERO, BigInteger.ZERO), "NothingToClaim");
        anvil.assertReverts(creator, at, escrow.claim(order, BigInteger.TWO, BigInteger.ZERO), "UnknownSlot");
        anvil.assertReverts(creator, at, escrow.claim(order, BigInteger.ZERO, BigInteger.ONE), "UnknownTenure");
        anvil.assertReverts(creator, at, escrow.releaseRefund(order), "NothingToRefund");
        anvil.assertReverts(agents.get(0), at, escrow.cancel(order), "NotCreator");
        anvil.assertReverts(agents.get(0), at, escrow.close(order), "NotCreator");
        anvil.assertReverts(creator, at, escrow.close(order), "GraceNotOver");
        anvil.assertReverts(auditor, at, escrow.replaceAgent(order, BigInteger.TWO, repairAgent.getAddress(), PRICE), "UnknownSlot");
    }

    @Test
    void repairMovesTheSlotToANewAgentPaidFromTheSameEscrow() throws Exception {
        byte[] order = newOrder();
        as(creator).fundOrder(order, addresses(agents.subList(0, 2)), each(PRICE, addresses(agents.subList(0, 2))), BigInteger.valueOf(4), BigInteger.valueOf(3600), PRICE).send();
        as(auditor).settle(List.of(settlement(order, 0, 1, epochBits(2)))).send();
        as(auditor).replaceAgent(order, BigInteger.ONE, repairAgent.getAddress(), PRICE).send();
        as(auditor).settle(List.of(settlement(order, 1, 3, BigInteger.valueOf(0b111111)))).send();

        assertThat(escrow.tenureCount(order, BigInteger.ONE).send()).isEqualTo(2);
        assertThat(escrow.claimable(order, BigInteger.ONE, BigInteger.ZERO).send()).isEqualTo(units(1));
        assertThat(escrow.claimable(order, BigInteger.ONE, BigInteger.ONE).send()).isEqualTo(units(3));
        BigInteger repairBefore = escrow.balanceOf(repairAgent.getAddress()).send();
        as(repairAgent).claim(order, BigInteger.ONE, BigInteger.ONE).send();
        assertThat(escrow.balanceOf(repairAgent.getAddress()).send()).isEqualTo(repairBefore.add(units(3)));
        as(creator).claim(order, BigInteger.ONE, BigInteger.ZERO).send(); // anyone may claim for the agent
        anvil.assertReverts(agents.get(1), escrow.getContractAddress(), escrow.claim(order, BigInteger.ONE, BigInteger.ZERO), "NothingToClaim");
        anvil.assertReverts(auditor, escrow.getContractAddress(), escrow.replaceAgent(order, BigInteger.ONE, agents.get(1).getAddress(), PRICE), "EpochOutOfRange");
        assertThat(escrow.refundable(order).send()).isZero();
    }

    @Test
    void cancelRefundsTheEpochsNotStartedAndCloseEndsAnOrderTheAuditorAbandoned() throws Exception {
        String at = escrow.getContractAddress();
        byte[] cancelled = newOrder();
        as(creator).fundOrder(cancelled, addresses(agents.subList(0, 2)), each(PRICE, addresses(agents.subList(0, 2))), BigInteger.TEN, BigInteger.valueOf(100_000), PRICE).send();
        as(auditor).settle(List.of(settlement(cancelled, 0, 1, epochBits(2, 1)))).send();
        as(creator).cancel(cancelled).send();
        EscrowGateway.OrderOnChain state = EscrowGateway.readOrder(anvil.web3j, escrow.getContractAddress(), cancelled);
        assertThat(state.epochs()).isEqualTo(1);
        assertThat(state.status()).isEqualTo(EscrowGateway.Status.CANCELLED);
        assertThat(escrow.refundable(cancelled).send()).isEqualTo(units(18 + 1));
        anvil.assertReverts(creator, at, escrow.cancel(cancelled), "NotCancellable");
        anvil.assertReverts(auditor, at, escrow.settle(List.of(settlement(cancelled, 1, 1, epochBits(2)))), "EpochOutOfRange");

        byte[] abandoned = newOrder();
        as(creator).fundOrder(abandoned, addresses(agents.subList(0, 1)), each(PRICE, addresses(agents.subList(0, 1))), BigInteger.valueOf(3), BigInteger.TEN, PRICE).send();
        as(auditor).settle(List.of(settlement(abandoned, 0, 1, BigInteger.ONE))).send();
        anvil.advanceTime(3 * 10 + GRACE + 1);
        as(creator).close(abandoned).send();
        anvil.assertReverts(auditor, at, escrow.settle(List.of(settlement(abandoned, 1, 1, BigInteger.ONE))), "OrderIsClosed");
        anvil.assertReverts(creator, at, escrow.close(abandoned), "OrderIsClosed");
        assertThat(escrow.refundable(abandoned).send()).isEqualTo(units(2));
        assertThat(escrow.claimable(abandoned, BigInteger.ZERO, BigInteger.ZERO).send()).isEqualTo(units(1));
    }

    @Test
    void aReentrantTokenAndPayeeCannotDrainTheEscrow() throws Exception {
        Credentials attackerOwner = agents.get(0);
        HookToken hookToken = HookToken.deploy(anvil.web3j, anvil.signer(admin), Anvil.GAS).send();
        StorageEscrow hooked = anvil.deployEscrow(admin, hookToken.getContractAddress(), auditor, GRACE);
        ReentrantAgent attacker = ReentrantAgent.deploy(anvil.web3j, anvil.signer(attackerOwner), Anvil.GAS).send();
        hookToken.mint(creator.getAddress(), units(100)).send();
        HookToken.load(hookToken.getContractAddress(), anvil.web3j, anvil.signer(creator), Anvil.GAS)
                .approve(hooked.getContractAddress(), units(100)).send();

        byte[] order = newOrder();
        StorageEscrow asCreator = anvil.escrowAs(hooked, creator);
        asCreator.fundOrder(order, List.of(attacker.getContractAddress(), agents.get(1).getAddress()), each(PRICE, List.of(attacker.getContractAddress(), agents.get(1).getAddress())), BigInteger.TWO, BigInteger.valueOf(3600), PRICE).send();
        anvil.escrowAs(hooked, auditor).settle(List.of(settlement(order, 0, 2, BigInteger.valueOf(0b1111)))).send();
        asCreator.claim(order, BigInteger.ZERO, BigInteger.ZERO).send();
        assertThat(hooked.balanceOf(attacker.getContractAddress()).send()).isEqualTo(units(2));

        // while being paid, the attacker calls withdraw again for the same amount
        String withdraw = hooked.withdraw(units(2)).encodeFunctionCall();
        attacker.act(hooked.getContractAddress(), Numeric.hexStringToByteArray(withdraw), Numeric.hexStringToByteArray(withdraw)).send();
        assertThat(attacker.reentryAttempts().send()).isEqualTo(1);
        assertThat(attacker.reentrySucceeded().send()).isFalse();
        assertThat(hookToken.balanceOf(attacker.getContractAddress()).send()).isEqualTo(units(2));
        assertThat(hookToken.balanceOf(hooked.getContractAddress()).send()).isEqualTo(units(2));
        assertThat(hooked.balanceOf(attacker.getContractAddress()).send()).isZero();

        // a second attacker tries to re-enter claim (the other agent's slot) while being paid: refused as well
        ReentrantAgent second = ReentrantAgent.deploy(anvil.web3j, anvil.signer(attackerOwner), Anvil.GAS).send();
        hookToken.mint(creator.getAddress(), units(2)).send();
        byte[] order2 = newOrder();
        HookToken.load(hookToken.getContractAddress(), anvil.web3j, anvil.signer(creator), Anvil.GAS)
                .approve(hooked.getContractAddress(), units(2)).send();
        asCreator.fundOrder(order2, List.of(second.getContractAddress()), each(PRICE, List.of(second.getContractAddress())), BigInteger.TWO, BigInteger.valueOf(3600), PRICE).send();
        anvil.escrowAs(hooked, auditor).settle(List.of(settlement(order2, 0, 2, BigInteger.valueOf(0b11)))).send();
        asCreator.claim(order2, BigInteger.ZERO, BigInteger.ZERO).send();
        String claimOther = hooked.claim(order, BigInteger.ONE, BigInteger.ZERO).encodeFunctionCall();
        second.act(hooked.getContractAddress(), Numeric.hexStringToByteArray(hooked.withdraw(units(2)).encodeFunctionCall()),
                Numeric.hexStringToByteArray(claimOther)).send();
        assertThat(second.reentrySucceeded().send()).isFalse();
        assertThat(hookToken.balanceOf(second.getContractAddress()).send()).isEqualTo(units(2));
        assertThat(hooked.claimable(order, BigInteger.ONE, BigInteger.ZERO).send()).isEqualTo(units(2));
    }

    /** The same price per replica-epoch for every agent. */
    static List<BigInteger> each(BigInteger price, List<String> agents) {
        return agents.stream().map(a -> price).toList();
    }
}
