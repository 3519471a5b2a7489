package dev.shoal.marketplace.chain;

import dev.shoal.contracts.chain.AbiCatalogue;
import dev.shoal.contracts.chain.ChainReceipt;
import dev.shoal.contracts.chain.ChainTransactionException;
import dev.shoal.contracts.chain.JournaledTransaction;
import dev.shoal.contracts.event.ChainEventObserved;
import dev.shoal.contracts.event.EventEnvelope;
import dev.shoal.contracts.event.EventType;
import dev.shoal.deploy.testing.RealServices;
import dev.shoal.marketplace.messaging.OutboxRelay;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The marketplace's chain package on the real stack: orders escrowed and settled through the journal,
 * events read back into the outbox and published to Kafka, and a restart between send and receipt.
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "marketplace"))
class ChainSettlementIT {

    static final BigInteger PRICE = BigInteger.valueOf(2_000_000);
    static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    EscrowGateway gateway;
    @Inject
    ChainTransactionJournal journal;
    @Inject
    ChainContracts contracts;
    @Inject
    ChainLifecycle lifecycle;
    @Inject
    ChainEventFeed feed;
    @Inject
    AbiCatalogue abi;
    @Inject
    Web3j web3j;
    @Inject
    Pool pool;
    @Inject
    @Auditor
    Credentials auditor;

    final Credentials creator = Anvil.account(7);

    static List<String> newAgents(int n) throws Exception {
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            agents.add(Credentials.create(Keys.createEcKeyPair()).getAddress());
        }
        return agents;
    }

    static BigInteger units(long n) {
        return PRICE.multiply(BigInteger.valueOf(n));
    }

    UUID fundedOrder(List<String> agents, int epochs) {
        UUID order = UUID.randomUUID();
        gateway.mintTestTokens(creator.getAddress(), units((long) agents.size() * epochs), "mint:" + order).await().atMost(WAIT);
        gateway.fundOrder(creator, order, agents, agents.stream().map(a -> PRICE).toList(), epochs, Duration.ofHours(1), PRICE).await().atMost(WAIT);
        return order;
    }

    long pendingNonce(String address) throws Exception {
        return web3j.ethGetTransactionCount(address, DefaultBlockParameterName.PENDING).send().getTransactionCount().longValueExact();
    }

    @Test
    void fiveReplicasOneFailingAgentEarnsNothingTheOthersArePaidAndEventsReachKafka() throws Exception {
        List<String> agents = newAgents(5);
        UUID order = fundedOrder(agents, 4);
        BitSet allButSlot3 = new BitSet();
        allButSlot3.set(0, 5);
        allButSlot3.clear(3);

        ChainReceipt first = gateway.settle(List.of(EpochResults.uniform(order, 0, 5, 2, allButSlot3)), "settle:" + order + ":0").await().atMost(WAIT);
        long nonce = pendingNonce(auditor.getAddress());
        // the same key again (a retry after a timeout, say) is the same transaction, not a second one
        ChainReceipt again = gateway.settle(List.of(EpochResults.uniform(order, 0, 5, 2, allButSlot3)), "settle:" + order + ":0").await().atMost(WAIT);
        assertThat(again.txHash()).isEqualTo(first.txHash());
        assertThat(pendingNonce(auditor.getAddress())).isEqualTo(nonce);
        // a new key with already settled epochs is refused by the escrow
        assertThatThrownBy(() -> gateway.settle(List.of(EpochResults.uniform(order, 0, 5, 1, allButSlot3)), "settle:" + order + ":0-again")
                .await().atMost(WAIT))
                .isInstanceOfSatisfying(ChainTransactionException.class, e -> assertThat(e.errorName()).contains("EpochOutOfOrder"));
        gateway.settle(List.of(EpochResults.uniform(order, 2, 5, 2, allButSlot3)), "settle:" + order + ":2").await().atMost(WAIT);

        for (int slot = 0; slot < 5; slot++) {
            gateway.claim(order, slot, 0, "claim:" + order + ":" + slot).await().atMost(WAIT);
            BigInteger expected = slot == 3 ? BigInteger.ZERO : units(4);
            assertThat(gateway.escrowBalance(agents.get(slot)).await().atMost(WAIT)).as("slot %d", slot).isEqualTo(expected);
        }
        BigInteger creatorBefore = gateway.escrowBalance(creator.getAddress()).await().atMost(WAIT);
        gateway.releaseRefund(order, "refund:" + order).await().atMost(WAIT);
        assertThat(gateway.escrowBalance(creator.getAddress()).await().atMost(WAIT)).isEqualTo(creatorBefore.add(units(4)));
        EscrowGateway.OrderOnChain state = gateway.order(order).await().atMost(WAIT);
        assertThat(state.settledEpochs()).isEqualTo(4);
        assertThat(state.failedUnits()).isEqualTo(4);
        assertThat(state.status()).isEqualTo(EscrowGateway.Status.ACTIVE);

        // the timer reads and publishes every second; tick too, and wait until the last event is out
        await("the order's last chain event read and published").atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            lifecycle.tick();
            return feed.eventTypesOf(order).await().atMost(WAIT).contains("RefundReleased") && unpublished(order) == 0;
        });
        List<String> types = feed.eventTypesOf(order).await().atMost(WAIT);
        long unpublished = unpublished(order);
        assertThat(types).contains("OrderFunded", "AgentAssigned", "EpochsSettled", "EarningsClaimed", "RefundReleased");
        assertThat(types.stream().filter("EpochsSettled"::equals)).hasSize(2);
        assertThat(types.stream().filter("EarningsClaimed"::equals)).hasSize(5);
        assertThat(unpublished).isZero();
        assertThat(kafkaEventTypesFor(order)).containsAll(Set.of("OrderFunded", "EpochsSettled", "EarningsClaimed", "RefundReleased"));
    }

    @Test
    void aRestartBetweenSendAndReceiptConfirmsTheSettlementOnceWithoutResending() throws Exception {
        UUID order = fundedOrder(newAgents(2), 2);
        ChainContracts.Addresses at = contracts.addresses();
        BitSet both = new BitSet();
        both.set(0, 2);
        String data = settleCalldata(order, both);
        String key = "settle:" + order + ":0";

        ChainTransactions beforeCrash = ChainProducers.create(web3j, Anvil.CHAIN_ID, journal, abi);
        JournaledTransaction sent = beforeCrash.journalAndBroadcast(auditor, "settle epochs", key, at.escrow(), data, BigInteger.ZERO);
        assertThat(journal.find(key).await().atMost(WAIT)).get().extracting(JournaledTransaction::status).isEqualTo(JournaledTransaction.Status.PENDING);
        long nonceAfterSend = pendingNonce(auditor.getAddress());
        // the process dies here; a new one starts with nothing but the journal
        ChainTransactions afterRestart = ChainProducers.create(web3j, Anvil.CHAIN_ID, journal, abi);
        assertThat(afterRestart.resumePending().await().atMost(WAIT)).isGreaterThanOrEqualTo(1);
        JournaledTransaction confirmed = journal.find(key).await().atMost(WAIT).orElseThrow();
        assertThat(confirmed.status()).isEqualTo(JournaledTransaction.Status.CONFIRMED);
        assertThat(confirmed.txHash()).isEqualTo(sent.txHash());
        // the settlement job, restarted too, posts the same epoch again: it gets the first transaction back
        ChainReceipt receipt = afterRestart.submitBlocking(auditor, "settle epochs", key, at.escrow(), data, BigInteger.ZERO);
        assertThat(receipt.txHash()).isEqualTo(sent.txHash());
        assertThat(pendingNonce(auditor.getAddress())).isEqualTo(nonceAfterSend);
        assertThat(gateway.order(order).await().atMost(WAIT).settledEpochs()).isEqualTo(1);
        // and the running service, whose nonce cache the other instances bypassed, still sends
        gateway.settle(List.of(new EpochResults(order, 1, 2, List.of(both))), "settle:" + order + ":1").await().atMost(WAIT);
        assertThat(gateway.order(order).await().atMost(WAIT).settledEpochs()).isEqualTo(2);
    }

    String settleCalldata(UUID order, BitSet passed) {
        return dev.shoal.contracts.chain.generated.StorageEscrow.load(contracts.addresses().escrow(), web3j, auditor,
                        new org.web3j.tx.gas.DefaultGasProvider())
                .settle(EscrowGateway.settlements(List.of(new EpochResults(order, 0, 2, List.of(passed))))).encodeFunctionCall();
    }

    private long unpublished(UUID order) {
        return pool.preparedQuery("select count(*) from outbox_event where aggregate_id = $1 and published_at is null")
                .execute(Tuple.of(order.toString())).await().atMost(WAIT).iterator().next().getLong(0);
    }

    Set<String> kafkaEventTypesFor(UUID order) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServices.endpoints().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "chain-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Set<String> types = new HashSet<>();
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(OutboxRelay.TOPIC.topicName()));
            // read until the order's last event is in (what is read so far is returned either way: the caller asserts)
            try {
                await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                        .until(() -> {
                            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                                EventEnvelope event = EventEnvelope.parse(record.value());
                                if (order.toString().equals(event.key()) && event.knownType().orElseThrow() == EventType.CHAIN_EVENT_OBSERVED) {
                                    assertThat(record.key()).isEqualTo(event.key());
                                    if (ids.add(event.id().toString())) {
                                        types.add(event.<ChainEventObserved>data(EventType.CHAIN_EVENT_OBSERVED).event());
                                    }
                                }
                            }
                            return types.contains("RefundReleased");
                        });
            } catch (ConditionTimeoutException e) {
                // the caller's assertion names what is missing
            }
        }
        return types;
    }
}
