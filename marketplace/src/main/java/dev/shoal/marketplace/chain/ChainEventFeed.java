package dev.shoal.marketplace.chain;

import dev.shoal.contracts.chain.AbiCatalogue;
import dev.shoal.contracts.chain.ChainTransactionException;
import dev.shoal.contracts.event.ChainEventObserved;
import dev.shoal.contracts.event.EventType;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads the contracts' events back from blocks buried under the configured confirmation depth and
 * records each through the {@link Outbox} as a {@code ChainEventObserved} (the relay publishes them to Kafka),
 * together with the block cursor, in one database transaction. Event ids derive from chain id, transaction hash
 * and log index, so reading a block twice (a crash between commit and cursor, two instances) records nothing twice.
 */
@Singleton
public class ChainEventFeed {

    static final String FEED = "contracts";
    private static final long MAX_RANGE = 2_000;
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);

    private final Web3j web3j;
    private final Pool pool;
    private final Outbox outbox;
    private final AbiCatalogue abi;
    private final ChainContracts contracts;
    private final long chainId;
    private final int confirmations;

    @Inject
    public ChainEventFeed(Web3j web3j, Pool pool, Outbox outbox, AbiCatalogue abi, ChainContracts contracts, MarketplaceConfig config) {
        this(web3j, pool, outbox, abi, contracts, config.chain().chainId(), config.chain().confirmations());
    }

    ChainEventFeed(Web3j web3j, Pool pool, Outbox outbox, AbiCatalogue abi, ChainContracts contracts, long chainId, int confirmations) {
        this.web3j = web3j;
        this.pool = pool;
        this.outbox = outbox;
        this.abi = abi;
        this.contracts = contracts;
        this.chainId = chainId;
        this.confirmations = confirmations;
    }

    /** Blocking (worker thread): reads every confirmed block since the cursor; returns how many events it wrote. */
    public int poll() {
        try {
            ChainContracts.Addresses at = contracts.addresses();
            List<String> emitters = new ArrayList<>(List.of(at.escrow(), at.tipSplitter()));
            contracts.sponsorshipIfKnown().ifPresent(emitters::add);
            long safe = web3j.ethBlockNumber().send().getBlockNumber().longValueExact() - confirmations;
            long next = cursor(at.fromBlock());
            int written = 0;
            while (next <= safe) {
                long to = Math.min(safe, next + MAX_RANGE - 1);
                EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(next)),
                        DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), emitters);
                EthLog logs = web3j.ethGetLogs(filter).send();
                if (logs.hasError()) {
                    throw new ChainTransactionException("eth_getLogs failed: " + logs.getError().getMessage(), null, null);
                }
                List<Observed> events = new ArrayList<>();
                for (EthLog.LogResult<?> result : logs.getLogs()) {
                    Log log = (Log) result.get();
                    if (log.isRemoved()) {
                        continue;
                    }
                    abi.decode(log).map(event -> emittedBy(at, log, event)).ifPresent(event -> events.add(observed(log, event)));
                }
                store(events, to + 1);
                written += events.size();
                next = to + 1;
            }
            return written;
        } catch (IOException e) {
            throw new ChainTransactionException("chain node unreachable while reading events", e);
        }
    }

    private long cursor(long fromBlock) {
        return pool.preparedQuery("select next_block from chain_event_cursor where feed = $1").execute(Tuple.of(FEED))
                .map(rows -> rows.size() == 0 ? fromBlock : rows.iterator().next().getLong("next_block"))
                .await().atMost(DB_TIMEOUT);
    }

    private void store(List<Observed> events, long nextBlock) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Multi.createFrom().iterable(events)
                    .onItem().transformToUniAndConcatenate(e -> outbox.recordOnce(EventType.CHAIN_EVENT_OBSERVED, e.id(),
                            e.aggregateType(), e.aggregateId(), e.event()))
                    .collect().asList()
                    .chain(written -> Panache.getSession().chain(session -> session.createNativeQuery(
                                    "insert into chain_event_cursor (feed, next_block) values (:feed, :next) on conflict (feed)"
                                            + " do update set next_block = greatest(chain_event_cursor.next_block, excluded.next_block), updated_at = now()")
                            .setParameter("feed", FEED).setParameter("next", nextBlock)
                            .executeUpdate()))));
        } catch (Throwable e) {
            throw new IllegalStateException("storing chain events up to block " + (nextBlock - 1) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The event named after the contract that emitted it: an event both contracts declare alike (Withdrawn) decodes
     * by its topic as the first contract's, and consumers tell a tip splitter payout from an escrow one by this name.
     */
    private static AbiCatalogue.DecodedEvent emittedBy(ChainContracts.Addresses at, Log log, AbiCatalogue.DecodedEvent event) {
        String contract = log.getAddress().equalsIgnoreCase(at.tipSplitter()) ? "TipSplitter"
                : log.getAddress().equalsIgnoreCase(at.escrow()) ? "StorageEscrow" : event.contract();
        // the sponsorship contract declares no event another one does, so its events decode by topic as its own
        return contract.equals(event.contract()) ? event : new AbiCatalogue.DecodedEvent(contract, event.name(), event.args());
    }

    /** One contract event ready for the outbox: its id, what it is about and its payload. */
    record Observed(UUID id, String aggregateType, String aggregateId, ChainEventObserved event) {
    }

    Observed observed(Log log, AbiCatalogue.DecodedEvent event) {
        UUID id = eventId(chainId, log.getTransactionHash(), log.getLogIndex().longValueExact());
        ChainEventObserved payload = new ChainEventObserved(chainId, event.contract(), log.getAddress(), event.name(),
                log.getBlockNumber().longValueExact(), log.getBlockHash(), log.getTransactionHash(),
                log.getLogIndex().longValueExact(), event.args());
        if (event.args().get("orderId") instanceof String orderKey) {
            return new Observed(id, "storage-order", EscrowGateway.orderId(Numeric.hexStringToByteArray(orderKey)).toString(), payload);
        }
        if ("Sponsorship".equals(event.contract()) && event.args().get("fork") instanceof String fork) {
            return new Observed(id, "fork", forkId(fork), payload);
        }
        if (event.args().get("contentId") instanceof String contentId) {
            return new Observed(id, "content", contentId, payload);
        }
        return new Observed(id, "contract", event.contract() + "@" + log.getAddress(), payload);
    }

    /** A fork's content id as the marketplace writes it (lowercase hex, no 0x) from a bytes32 event argument. */
    public static String forkId(String bytes32) {
        return Numeric.cleanHexPrefix(bytes32).toLowerCase(java.util.Locale.ROOT);
    }

    /** The id of one chain event, the same for every reader of the same chain. */
    public static UUID eventId(long chainId, String txHash, long logIndex) {
        return UUID.nameUUIDFromBytes((chainId + ":" + txHash.toLowerCase() + ":" + logIndex).getBytes(StandardCharsets.UTF_8));
    }

    /** The contract events this feed wrote to the outbox for an order, by name, in chain order (for tests and the order view). */
    public Uni<List<String>> eventTypesOf(UUID orderId) {
        return pool.preparedQuery("select payload->'data'->>'event' from outbox_event where aggregate_type = 'storage-order' and aggregate_id = $1"
                        + " order by (payload->'data'->>'blockNumber')::bigint, (payload->'data'->>'logIndex')::int")
                .execute(Tuple.of(orderId.toString()))
                .map(rows -> {
                    List<String> types = new ArrayList<>();
                    for (Row row : rows) {
                        types.add(row.getString(0));
                    }
                    return types;
                });
    }
}
