package dev.shoal.marketplace.chain;

import dev.shoal.contracts.chain.generated.ShoalTestToken;
import dev.shoal.contracts.chain.generated.StorageEscrow;
import dev.shoal.contracts.chain.generated.StorageEscrow.Settlement;
import dev.shoal.contracts.chain.generated.TipSplitter;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Measures gas on anvil: each function once, and settlement per replica-epoch at a batch size (orders of
 * 10 replicas, one epoch each; size 1 is one order of one replica). Used by SettlementGasIT (sizes 1, 10,
 * 100) and by the SettlementGasBenchmark driver (also 1000).
 */
final class SettlementGas {

    static final BigInteger PRICE = BigInteger.valueOf(1_000_000);

    /** Gas of one settlement: for each order's first epoch (a fresh bit word) and its second (same word). */
    record BatchGas(int replicaEpochs, long firstEpochGas, long nextEpochGas) {
        double firstPerReplicaEpoch() {
            return (double) firstEpochGas / replicaEpochs;
        }

        double nextPerReplicaEpoch() {
            return (double) nextEpochGas / replicaEpochs;
        }
    }

    private final Anvil anvil;
    private final Credentials admin = Anvil.account(0);
    private final Credentials auditor = Anvil.account(1);
    private final Credentials creator = Anvil.account(2);
    private final List<String> agents = new ArrayList<>();
    private final ShoalTestToken token;
    private final StorageEscrow escrow;

    SettlementGas(Anvil anvil) throws Exception {
        this.anvil = anvil;
        token = anvil.deployToken(admin);
        escrow = anvil.deployEscrow(admin, token.getContractAddress(), auditor, 86_400);
        token.mint(creator.getAddress(), BigInteger.TEN.pow(18)).send();
        anvil.tokenAs(token, creator).approve(escrow.getContractAddress(), BigInteger.TEN.pow(18)).send();
        for (int i = 0; i < 10; i++) {
            agents.add(Anvil.account(3 + (i % 4)).getAddress());
        }
    }

    BatchGas batch(int size) throws Exception {
        int replicas = size == 1 ? 1 : 10;
        int orders = Math.max(1, size / 10);
        List<byte[]> ids = new ArrayList<>();
        StorageEscrow asCreator = anvil.escrowAs(escrow, creator);
        for (int i = 0; i < orders; i++) {
            byte[] id = EscrowGateway.orderKey(UUID.randomUUID());
            asCreator.fundOrder(id, agents.subList(0, replicas), each(PRICE, agents.subList(0, replicas)), BigInteger.valueOf(10), BigInteger.valueOf(3600), PRICE).send();
            ids.add(id);
        }
        StorageEscrow asAuditor = anvil.escrowAs(escrow, auditor);
        // one replica of each order fails (a lone replica passes, so its bit word is written too)
        BigInteger oneFails = replicas == 1 ? BigInteger.ONE : BigInteger.ONE.shiftLeft(replicas).subtract(BigInteger.ONE).clearBit(0);
        long first = anvil.gasUsed(asAuditor.settle(ids.stream().map(id -> settlement(id, 0, oneFails)).toList()).send());
        long next = anvil.gasUsed(asAuditor.settle(ids.stream().map(id -> settlement(id, 1, oneFails)).toList()).send());
        return new BatchGas(orders * replicas, first, next);
    }

    /** Settlement and payout gas of a month of 5-replica orders, per replica-month. */
    record MonthGas(int orders, int epochsPerMonth, int epochsPerEntry, int claimsPerMonth, long settleGas, long claimGas) {
        double settlePerReplicaMonth() {
            return (double) settleGas / (orders * 5);
        }

        double claimPerReplicaMonth() {
            return (double) claimGas / (orders * 5);
        }
    }

    /**
     * A month of {@code orders} orders of 5 replicas, settled together ({@code orders} entries per settle transaction,
     * {@code epochsPerEntry} epochs per entry, one replica failing one epoch in ten), their 5 x orders tenures claimed
     * {@code claimsPerMonth} times, 100 tenures per claimMany: what settling and paying costs, per replica-month.
     */
    MonthGas month(int orders, int epochsPerMonth, int epochsPerEntry, int claimsPerMonth) throws Exception {
        List<byte[]> ids = new ArrayList<>();
        StorageEscrow asCreator = anvil.escrowAs(escrow, creator);
        List<String> five = agents.subList(0, 5);
        for (int i = 0; i < orders; i++) {
            byte[] id = EscrowGateway.orderKey(UUID.randomUUID());
            asCreator.fundOrder(id, five, each(PRICE, five), BigInteger.valueOf(epochsPerMonth), BigInteger.valueOf(3600), PRICE).send();
            ids.add(id);
        }
        StorageEscrow asAuditor = anvil.escrowAs(escrow, auditor);
        int settles = epochsPerMonth / epochsPerEntry;
        int claimEvery = Math.max(1, settles / claimsPerMonth);
        List<byte[]> claimOrders = new ArrayList<>();
        List<BigInteger> claimSlots = new ArrayList<>();
        List<BigInteger> claimTenures = new ArrayList<>();
        for (byte[] id : ids) {
            for (int slot = 0; slot < 5; slot++) {
                claimOrders.add(id);
                claimSlots.add(BigInteger.valueOf(slot));
                claimTenures.add(BigInteger.ZERO);
            }
        }
        long settleGas = 0;
        long claimGas = 0;
        for (int k = 0; k < settles; k++) {
            BigInteger passes = BigInteger.ZERO;
            for (int j = 0; j < epochsPerEntry; j++) {
                int epoch = k * epochsPerEntry + j;
                passes = passes.or(BigInteger.valueOf(epoch % 10 == 3 ? 0b11110 : 0b11111).shiftLeft(j * 5));
            }
            BigInteger bits = passes;
            int from = k * epochsPerEntry;
            settleGas += anvil.gasUsed(asAuditor.settle(ids.stream().map(id -> new Settlement(id, BigInteger.valueOf(from),
                    BigInteger.valueOf(epochsPerEntry), bits)).toList()).send());
            if ((k + 1) % claimEvery == 0) {
                // 100 tenures per claimMany, as the settlement job's RunningPayouts sends them
                for (int start = 0; start < claimOrders.size(); start += 100) {
                    int end = Math.min(claimOrders.size(), start + 100);
                    claimGas += anvil.gasUsed(asAuditor.claimMany(claimOrders.subList(start, end), claimSlots.subList(start, end),
                            claimTenures.subList(start, end)).send());
                }
            }
        }
        return new MonthGas(orders, epochsPerMonth, epochsPerEntry, claimsPerMonth, settleGas, claimGas);
    }

    /** Gas used by each state-changing function once, in a realistic state (5 replicas). */
    Map<String, Long> perFunction() throws Exception {
        Map<String, Long> gas = new LinkedHashMap<>();
        List<Credentials> five = List.of(Anvil.account(3), Anvil.account(4), Anvil.account(5), Anvil.account(6), Anvil.account(8));
        byte[] id = EscrowGateway.orderKey(UUID.randomUUID());
        gas.put("ShoalTestToken.approve", anvil.gasUsed(anvil.tokenAs(token, creator).approve(escrow.getContractAddress(), BigInteger.TEN.pow(18)).send()));
        gas.put("StorageEscrow.fundOrder (5 replicas)", anvil.gasUsed(anvil.escrowAs(escrow, creator)
                .fundOrder(id, five.stream().map(Credentials::getAddress).toList(), each(PRICE, five.stream().map(Credentials::getAddress).toList()), BigInteger.valueOf(10), BigInteger.valueOf(3600), PRICE).send()));
        StorageEscrow asAuditor = anvil.escrowAs(escrow, auditor);
        gas.put("StorageEscrow.settle (1 order, 5 replicas x 1 epoch)", anvil.gasUsed(asAuditor.settle(List.of(settlement(id, 0, BigInteger.valueOf(0b11110)))).send()));
        gas.put("StorageEscrow.settle (1 order, 5 replicas x 8 epochs)", anvil.gasUsed(asAuditor.settle(List.of(
                new Settlement(id, BigInteger.ONE, BigInteger.valueOf(8), BigInteger.ONE.shiftLeft(40).subtract(BigInteger.ONE)))).send()));
        gas.put("StorageEscrow.replaceAgent", anvil.gasUsed(asAuditor.replaceAgent(id, BigInteger.ZERO, Anvil.account(7).getAddress(), PRICE).send()));
        Credentials agent = five.get(1);
        gas.put("StorageEscrow.claim (9 settled epochs)", anvil.gasUsed(anvil.escrowAs(escrow, agent).claim(id, BigInteger.ONE, BigInteger.ZERO).send()));
        gas.put("StorageEscrow.withdraw", anvil.gasUsed(anvil.escrowAs(escrow, agent).withdraw(PRICE).send()));
        gas.put("StorageEscrow.cancel", anvil.gasUsed(anvil.escrowAs(escrow, creator).cancel(id).send()));
        gas.put("StorageEscrow.releaseRefund", anvil.gasUsed(anvil.escrowAs(escrow, creator).releaseRefund(id).send()));

        TipSplitter tips = TipSplitter.deploy(anvil.web3j, anvil.signer(admin), Anvil.GAS, admin.getAddress(),
                BigInteger.valueOf(8000), BigInteger.valueOf(1500), BigInteger.valueOf(500)).send();
        TipSplitter asViewer = TipSplitter.load(tips.getContractAddress(), anvil.web3j, anvil.signer(Anvil.account(2)), Anvil.GAS);
        byte[] content = EscrowGateway.orderKey(UUID.randomUUID());
        gas.put("TipSplitter.tip (first tip to these recipients)", anvil.gasUsed(asViewer.tip(content, five.get(0).getAddress(),
                five.get(1).getAddress(), five.get(2).getAddress(), EscrowGateway.orderKey(UUID.randomUUID()), BigInteger.TEN.pow(15)).send()));
        gas.put("TipSplitter.tip (recipients with a balance)", anvil.gasUsed(asViewer.tip(content, five.get(0).getAddress(),
                five.get(1).getAddress(), five.get(2).getAddress(), EscrowGateway.orderKey(UUID.randomUUID()), BigInteger.TEN.pow(15)).send()));
        TransactionReceipt shares = TipSplitter.load(tips.getContractAddress(), anvil.web3j, anvil.signer(admin), Anvil.GAS)
                .setShares(BigInteger.valueOf(7000), BigInteger.valueOf(2000), BigInteger.valueOf(1000)).send();
        gas.put("TipSplitter.setShares", anvil.gasUsed(shares));
        gas.put("TipSplitter.withdraw", anvil.gasUsed(TipSplitter.load(tips.getContractAddress(), anvil.web3j, anvil.signer(five.get(0)), Anvil.GAS)
                .withdraw(BigInteger.TEN.pow(14)).send()));
        return gas;
    }

    private static Settlement settlement(byte[] id, int epoch, BigInteger passes) {
        return new Settlement(id, BigInteger.valueOf(epoch), BigInteger.ONE, passes);
    }

    /** The same price per replica-epoch for every agent. */
    static List<BigInteger> each(BigInteger price, List<String> agents) {
        return agents.stream().map(a -> price).toList();
    }
}
