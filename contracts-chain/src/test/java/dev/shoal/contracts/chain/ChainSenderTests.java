package dev.shoal.contracts.chain;

import dev.shoal.contracts.chain.JournaledTransaction.Status;
import dev.shoal.contracts.chain.generated.StorageEscrow;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sender's strategies against a node in memory: gas, a revert as an exception, the journal before the wait, resume. */
class ChainSenderTests {

    static final Credentials KEY = Credentials.create("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    static final String ESCROW = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    static final AbiCatalogue ABI = new AbiCatalogue();

    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final FakeNode node = new FakeNode(events);
    final Web3j web3j = Web3j.build(node);
    final RecordingJournal journal = new RecordingJournal(events);

    /** A sender as a fresh process has it: nothing but the journal (receipts polled every millisecond, 5 times). */
    ChainSender sender() {
        return new ChainSender(web3j, FakeNode.CHAIN_ID, journal, new GasPolicy(web3j, FakeNode.CHAIN_ID, ABI),
                new PollingTransactionReceiptProcessor(web3j, 1, 5), ABI);
    }

    static String withdrawData(long amount) {
        return Hash.sha3String("withdraw(uint256)").substring(0, 10) + String.format("%064x", amount);
    }

    static String insufficientBalance(long balance, long requested) {
        return Hash.sha3String("InsufficientBalance(uint256,uint256)").substring(0, 10) + String.format("%064x%064x", balance, requested);
    }

    @Test
    void theLimitIsTheEstimateTimesOnePointTwoPlusTenThousandAndTheFeesFollowTheBaseFee() {
        assertThat(GasPolicy.limit(BigInteger.valueOf(100_000))).isEqualTo(BigInteger.valueOf(130_000));
        assertThat(GasPolicy.limit(BigInteger.valueOf(21_000))).isEqualTo(BigInteger.valueOf(35_200));

        ChainReceipt receipt = sender().send(KEY, "withdraw", "withdraw:1", ESCROW, withdrawData(5), BigInteger.ZERO);

        RawTransaction signed = TransactionDecoder.decode(node.broadcasts.get(0));
        assertThat(signed.getTransaction()).isInstanceOfSatisfying(Transaction1559.class, tx -> {
            assertThat(tx.getGasLimit()).isEqualTo(GasPolicy.limit(FakeNode.ESTIMATE));
            assertThat(tx.getMaxPriorityFeePerGas()).isEqualTo(FakeNode.TIP);
            assertThat(tx.getMaxFeePerGas()).isEqualTo(FakeNode.BASE_FEE.multiply(BigInteger.TWO).add(FakeNode.TIP));
            assertThat(tx.getChainId()).isEqualTo(FakeNode.CHAIN_ID);
        });
        assertThat(receipt.txHash()).isEqualTo(Hash.sha3(node.broadcasts.get(0)));
    }

    @Test
    void anEstimateThatRevertsIsAnExceptionNamingTheErrorAndNothingIsSigned() {
        node.revertData = insufficientBalance(5, 7);

        assertThatThrownBy(() -> sender().send(KEY, "withdraw", "withdraw:1", ESCROW, withdrawData(7), BigInteger.ZERO))
                .isInstanceOfSatisfying(ChainTransactionException.class, e -> {
                    assertThat(e.errorName()).contains("InsufficientBalance");
                    assertThat(e.getMessage()).isEqualTo("withdraw reverted: InsufficientBalance(5, 7)");
                });
        assertThat(journal.find("withdraw:1")).isEmpty();
        assertThat(node.broadcasts).isEmpty();
    }

    @Test
    void aTransactionMinedWithStatusZeroIsAnExceptionNamingTheErrorAndIsJournaledAsReverted() {
        node.mineReverted = true;
        ChainSender sender = sender();
        JournaledTransaction sent = sender.journalAndBroadcast(KEY, "withdraw", "withdraw:1", ESCROW, withdrawData(7), BigInteger.ZERO);
        node.revertData = insufficientBalance(5, 7); // the state the block ran on, replayed to name the error

        assertThatThrownBy(() -> sender.outcome(sent))
                .isInstanceOfSatisfying(ChainTransactionException.class, e -> {
                    assertThat(e.errorName()).contains("InsufficientBalance");
                    assertThat(e.txHash()).contains(sent.txHash());
                });
        JournaledTransaction journaled = journal.find("withdraw:1").orElseThrow();
        assertThat(journaled.status()).isEqualTo(Status.REVERTED);
        assertThat(journaled.error()).isEqualTo("InsufficientBalance(5, 7)");
        // asked again under its key, it is the same revert, not a second transaction
        assertThatThrownBy(() -> sender.send(KEY, "withdraw", "withdraw:1", ESCROW, withdrawData(7), BigInteger.ZERO))
                .isInstanceOfSatisfying(ChainTransactionException.class, e -> assertThat(e.errorName()).contains("InsufficientBalance"));
        assertThat(node.broadcasts).hasSize(1);
    }

    @Test
    void theHashIsJournaledBeforeTheTransactionIsBroadcastAndItsReceiptAwaited() {
        ChainReceipt receipt = sender().send(KEY, "withdraw", "withdraw:1", ESCROW, withdrawData(5), BigInteger.ZERO);

        String hash = receipt.txHash();
        assertThat(events).contains("journal " + hash, "broadcast " + hash, "receipt? " + hash);
        assertThat(events.indexOf("journal " + hash)).isLessThan(events.indexOf("broadcast " + hash));
        assertThat(events.indexOf("broadcast " + hash)).isLessThan(events.indexOf("receipt? " + hash));
        assertThat(journal.find("withdraw:1")).get().satisfies(tx -> {
            assertThat(tx.txHash()).isEqualTo(hash);
            assertThat(tx.status()).isEqualTo(Status.CONFIRMED);
            assertThat(tx.nonce()).isZero();
        });
    }

    @Test
    void aRestartedSenderResumesAJournaledHashWithTheSameBytesAndSendsNothingNew() {
        JournaledTransaction sent = sender().journalAndBroadcast(KEY, "withdraw", "withdraw:1", ESCROW, withdrawData(5), BigInteger.ZERO);
        node.forget(sent.txHash()); // the process dies and the node loses the transaction
        events.clear();

        ChainSender restarted = sender();
        assertThat(restarted.resumePending()).isEqualTo(1);

        assertThat(journal.find("withdraw:1")).get().satisfies(tx -> {
            assertThat(tx.status()).isEqualTo(Status.CONFIRMED);
            assertThat(tx.txHash()).isEqualTo(sent.txHash());
        });
        assertThat(node.broadcasts).containsExactly(sent.rawTx(), sent.rawTx());
        assertThat(events.indexOf("broadcast " + sent.txHash())).isGreaterThan(events.indexOf("receipt? " + sent.txHash()));
        // the caller, restarted too, sends under the same key: the first transaction's receipt, no new one
        ChainReceipt again = restarted.send(KEY, "withdraw", "withdraw:1", ESCROW, withdrawData(5), BigInteger.ZERO);
        assertThat(again.txHash()).isEqualTo(sent.txHash());
        assertThat(node.broadcasts).hasSize(2);
        // and its next transaction takes the next nonce
        JournaledTransaction next = restarted.journalAndBroadcast(KEY, "withdraw", "withdraw:2", ESCROW, withdrawData(1), BigInteger.ZERO);
        assertThat(next.nonce()).isEqualTo(sent.nonce() + 1);
    }

    @Test
    void aGeneratedWrapperSendsThroughTheSenderWithItsGasAndJournal() throws Exception {
        ChainSender sender = sender();
        StorageEscrow escrow = sender.contract(StorageEscrow::load, ESCROW, KEY);

        TransactionReceipt receipt = escrow.withdraw(BigInteger.valueOf(5)).send();

        assertThat(journal.keys()).hasSize(1);
        JournaledTransaction journaled = journal.find(journal.keys().get(0)).orElseThrow();
        assertThat(journaled.purpose()).isEqualTo("withdraw");
        assertThat(journaled.txHash()).isEqualTo(receipt.getTransactionHash());
        assertThat(journaled.status()).isEqualTo(Status.CONFIRMED);
        RawTransaction signed = TransactionDecoder.decode(node.broadcasts.get(0));
        assertThat(signed.getData()).isEqualTo(withdrawData(5).substring(2));
        assertThat(signed.getTransaction()).isInstanceOfSatisfying(Transaction1559.class,
                tx -> assertThat(tx.getGasLimit()).isEqualTo(GasPolicy.limit(FakeNode.ESTIMATE)));

        node.revertData = insufficientBalance(0, 5);
        assertThatThrownBy(() -> escrow.withdraw(BigInteger.valueOf(5)).send())
                .isInstanceOfSatisfying(ChainTransactionException.class, e -> assertThat(e.errorName()).contains("InsufficientBalance"));
        assertThat(node.broadcasts).hasSize(1);
    }

    /** The in-memory journal, noting each insert in the node's log of events. */
    static final class RecordingJournal implements TransactionJournal {
        private final InMemoryTransactionJournal journal = new InMemoryTransactionJournal();
        private final List<String> events;
        private final List<String> keys = new ArrayList<>();

        RecordingJournal(List<String> events) {
            this.events = events;
        }

        /** Every idempotency key journaled, in order. */
        List<String> keys() {
            return keys;
        }

        @Override
        public Optional<JournaledTransaction> find(String idempotencyKey) {
            return journal.find(idempotencyKey);
        }

        @Override
        public void insert(JournaledTransaction tx) {
            journal.insert(tx);
            keys.add(tx.idempotencyKey());
            events.add("journal " + tx.txHash());
        }

        @Override
        public void markMined(UUID id, boolean success, long blockNumber, long gasUsed, String contractAddress, String error) {
            journal.markMined(id, success, blockNumber, gasUsed, contractAddress, error);
        }

        @Override
        public void markFailed(UUID id, String error) {
            journal.markFailed(id, error);
        }

        @Override
        public void deleteFailed(UUID id) {
            journal.deleteFailed(id);
        }

        @Override
        public List<JournaledTransaction> pending() {
            return journal.pending();
        }

        @Override
        public Optional<Long> highestPendingNonce(String sender) {
            return journal.highestPendingNonce(sender);
        }
    }
}
