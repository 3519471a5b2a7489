package dev.shoal.marketplace.chain;

import dev.shoal.contracts.chain.AbiCatalogue;
import dev.shoal.contracts.chain.generated.TipSplitter;
import dev.shoal.contracts.event.ChainEventObserved;
import dev.shoal.contracts.event.EventEnvelope;
import dev.shoal.contracts.event.EventType;
import dev.shoal.contracts.wire.Golden;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The producer's half of the contract: a TipSplit log, as the tip splitter emits it, becomes the golden event. */
class ChainEventFeedTests {

    @Test
    void aTipSplitLogIsRecordedAsTheGoldenChainEvent() {
        EventEnvelope golden = EventEnvelope.parse(Golden.text(Golden.TIP_SPLIT));
        ChainEventObserved expected = golden.data(EventType.CHAIN_EVENT_OBSERVED);
        ChainEventObserved.TipSplit tip = expected.args(ChainEventObserved.TipSplit.class);

        Log log = new Log();
        log.setAddress(expected.address());
        log.setTopics(List.of(EventEncoder.encode(TipSplitter.TIPSPLIT_EVENT),
                topic(new Uint256(new BigInteger(tip.tipId()))),
                topic(new Bytes32(Numeric.hexStringToByteArray(tip.contentId()))),
                topic(new Address(tip.creator()))));
        log.setData(FunctionEncoder.encodeConstructor(List.<Type>of(new Address(tip.tipper()), new Address(tip.servingNode()),
                new Address(tip.locator()), uint(tip.amount()), uint(tip.creatorAmount()), uint(tip.servingAmount()),
                uint(tip.locatorAmount()), new Bytes32(Numeric.hexStringToByteArray(tip.ref())))));
        log.setBlockNumber(Numeric.encodeQuantity(BigInteger.valueOf(expected.blockNumber())));
        log.setBlockHash(expected.blockHash());
        log.setTransactionHash(expected.txHash());
        log.setLogIndex(Numeric.encodeQuantity(BigInteger.valueOf(expected.logIndex())));

        ChainEventFeed feed = new ChainEventFeed(null, null, null, null, null, expected.chainId(), 0);
        AbiCatalogue.DecodedEvent decoded = new AbiCatalogue().decode(log).orElseThrow();
        ChainEventFeed.Observed observed = feed.observed(log, decoded);

        assertThat(observed.aggregateId()).isEqualTo(golden.key());
        assertThat(observed.id()).isEqualTo(ChainEventFeed.eventId(expected.chainId(), expected.txHash(), expected.logIndex()));
        EventEnvelope written = EventEnvelope.of(EventType.CHAIN_EVENT_OBSERVED, golden.id(), observed.aggregateId(),
                Instant.parse(golden.occurredAt()), observed.event());
        assertThat(Golden.treeOf(written.toJson())).isEqualTo(Golden.tree(Golden.TIP_SPLIT));
    }

    @Test
    void aSponsorshipEventIsAboutItsFork() {
        String fork = "ab".repeat(32);
        Log log = new Log();
        log.setAddress("0x" + "11".repeat(20));
        log.setTopics(List.of(EventEncoder.encode(dev.shoal.contracts.chain.generated.Sponsorship.PAID_EVENT),
                topic(new Bytes32(Numeric.hexStringToByteArray(fork))), topic(new Address("0x" + "22".repeat(20)))));
        log.setData(FunctionEncoder.encodeConstructor(List.<Type>of(uint("1250000"))));
        log.setBlockNumber(Numeric.encodeQuantity(BigInteger.TEN));
        log.setBlockHash("0x" + "33".repeat(32));
        log.setTransactionHash("0x" + "44".repeat(32));
        log.setLogIndex(Numeric.encodeQuantity(BigInteger.ONE));

        AbiCatalogue.DecodedEvent decoded = new AbiCatalogue().decode(log).orElseThrow();
        ChainEventFeed.Observed observed = new ChainEventFeed(null, null, null, null, null, 31337, 0).observed(log, decoded);

        assertThat(observed.aggregateType()).isEqualTo("fork");
        assertThat(observed.aggregateId()).as("the fork's content id as the marketplace writes it").isEqualTo(fork);
        assertThat(observed.event().is("Sponsorship", "Paid")).isTrue();
        assertThat(observed.event().args()).containsEntry("amount", "1250000");
    }

    private static String topic(Type<?> value) {
        return "0x" + TypeEncoder.encode(value);
    }

    private static Uint256 uint(String decimal) {
        return new Uint256(new BigInteger(decimal));
    }
}
