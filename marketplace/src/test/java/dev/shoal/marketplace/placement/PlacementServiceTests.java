package dev.shoal.marketplace.placement;

import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.agent.Agent;
import dev.shoal.marketplace.agent.AgentRepository;
import dev.shoal.marketplace.agent.TrackRecords;
import dev.shoal.marketplace.content.Content;
import dev.shoal.marketplace.content.ContentRepository;
import dev.shoal.marketplace.deal.Deal;
import dev.shoal.marketplace.deal.DealRepository;
import dev.shoal.marketplace.deal.DealService;
import dev.shoal.marketplace.deal.DealState;
import dev.shoal.marketplace.order.OrderRepository;
import dev.shoal.marketplace.order.StorageOrder;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * Placement's service logic on mocked repositories: which replicas an order misses, which agents may take them (never
 * one that holds or lost a replica of the order, none without room), and what is proposed. The ranking itself is
 * {@link PlacementEngineTests}'; that proposals reach the database and the agents is StorageMarketIT's.
 */
class PlacementServiceTests {

    /** What the agents the order can take ask per GB-epoch: each proposed deal records its agent's own ask. */
    private static final java.math.BigInteger ASK = java.math.BigInteger.valueOf(1000);

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final long CONTENT_BYTES = 1_000_000;

    private final AgentRepository agents = mock(AgentRepository.class);
    private final DealRepository deals = mock(DealRepository.class);
    private final DealService dealService = mock(DealService.class);
    private final TrackRecords trackRecords = mock(TrackRecords.class);
    private final Mutiny.Session session = mock(Mutiny.Session.class);
    @SuppressWarnings("unchecked")
    private final Mutiny.SelectionQuery<Object[]> reservedQuery = mock(Mutiny.SelectionQuery.class);
    private final List<Object[]> reservedRows = new ArrayList<>();
    private final List<Agent> online = new ArrayList<>();
    private final List<Deal> ofOrder = new ArrayList<>();
    private final StorageOrder order = new StorageOrder();
    private final Content content = new Content();
    private PlacementService placement;

    @BeforeEach
    void wiring() {
        MarketplaceConfig config = mock(MarketplaceConfig.class, RETURNS_DEEP_STUBS);
        when(config.market().heartbeatTimeout()).thenReturn(Duration.ofMinutes(1));
        when(config.market().referenceTransferRate()).thenReturn(10_485_760L);
        placement = new PlacementService(agents, deals, mock(ContentRepository.class), mock(OrderRepository.class), dealService,
                config, mock(Mutiny.SessionFactory.class), trackRecords, Clock.fixed(NOW, ZoneOffset.UTC),
                mock(dev.shoal.service.scheduling.JobLease.class));

        order.id = UUID.randomUUID();
        order.status = StorageOrder.Status.OPEN;
        order.replicas = 3;
        order.maxPricePerGbEpochWei = BigInteger.valueOf(5000);
        content.totalBytes = CONTENT_BYTES;

        when(deals.ofOrder(order.id)).thenReturn(Uni.createFrom().item(ofOrder));
        when(agents.onlineSince(any())).thenReturn(Uni.createFrom().item(online));
        when(deals.getSession()).thenReturn(Uni.createFrom().item(session));
        when(session.createQuery(anyString(), eq(Object[].class))).thenReturn(reservedQuery);
        when(reservedQuery.setParameter(anyString(), any())).thenReturn(reservedQuery);
        when(reservedQuery.getResultList()).thenReturn(Uni.createFrom().item(reservedRows));
        when(trackRecords.of(any(), any())).thenReturn(Uni.createFrom().item(Map.of()));
        when(dealService.propose(any(), anyString(), any(), any(), anyString()))
                .thenAnswer(call -> Uni.createFrom().item(deal(call.getArgument(1), DealState.PROPOSED)));
    }

    private Agent agent(String address, String operator, long price) {
        Agent a = new Agent();
        a.address = address;
        a.operator = operator;
        a.network = "net-" + address;
        a.capacityBytes = 10L << 30;
        a.pricePerGbEpochWei = BigInteger.valueOf(price);
        a.registeredAt = OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC).minusHours(1);
        a.lastHeartbeatAt = OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC);
        a.heartbeats = 180;
        online.add(a);
        return a;
    }

    private Deal deal(String agent, DealState state) {
        Deal d = new Deal();
        d.id = UUID.randomUUID();
        d.orderId = order.id;
        d.agent = agent;
        d.state = state;
        return d;
    }

    private int fill(UUID replaces) {
        return placement.fill(order, content, replaces).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void theMissingReplicasAreProposedToAgentsThatNeitherHoldNorLostOne() {
        agent("0xa1", "alice", 1000);
        agent("0xb1", "bob", 1000);
        agent("0xc1", "carol", 1000);
        agent("0xd1", "dave", 1000);
        agent("0xe1", "erin", 1000);
        ofOrder.add(deal("0xa1", DealState.ACTIVE));
        ofOrder.add(deal("0xb1", DealState.FAILED));

        assertThat(fill(null)).isEqualTo(2);

        verify(dealService).propose(order.id, "0xc1", ASK, null, "placed");
        verify(dealService).propose(order.id, "0xd1", ASK, null, "placed");
        verify(dealService, never()).propose(any(), eq("0xa1"), any(), any(), anyString());
        verify(dealService, never()).propose(any(), eq("0xb1"), any(), any(), anyString());
        verify(dealService, never()).propose(any(), eq("0xe1"), any(), any(), anyString());
    }

    @Test
    void agentsAskingMoreThanTheOrderOffersOrWithoutRoomLeftAreNotProposedAndTheOrderWaits() {
        agent("0xa1", "alice", 5001);
        Agent full = agent("0xb1", "bob", 1000);
        agent("0xc1", "carol", 1000);
        // bob's live deals of other orders already claim all but less than this content's size
        reservedRows.add(new Object[] {"0xb1", full.capacityBytes - CONTENT_BYTES + 1});

        assertThat(fill(null)).isEqualTo(1);

        verify(dealService).propose(order.id, "0xc1", ASK, null, "placed");
        verify(dealService, never()).propose(any(), eq("0xa1"), any(), any(), anyString());
        verify(dealService, never()).propose(any(), eq("0xb1"), any(), any(), anyString());
    }

    @Test
    void aRepairRecordsTheLostDealOnItsFirstProposalOnly() {
        agent("0xa1", "alice", 1000);
        agent("0xb1", "bob", 1000);
        agent("0xc1", "carol", 1000);
        agent("0xd1", "dave", 1000);
        Deal lost = deal("0xa1", DealState.FAILED);
        ofOrder.add(lost);
        ofOrder.add(deal("0xb1", DealState.ACTIVE));
        UUID replaces = lost.id;

        // two replicas missing: one repairs the lost deal, the other is an ordinary placement
        assertThat(fill(replaces)).isEqualTo(2);

        verify(dealService, times(1)).propose(eq(order.id), anyString(), eq(ASK), eq(replaces), eq("repair: replaces lost deal " + replaces));
        verify(dealService, times(1)).propose(eq(order.id), anyString(), eq(ASK), isNull(), eq("placed"));
        verify(dealService, never()).propose(any(), eq("0xa1"), any(), any(), anyString());
        verify(dealService, never()).propose(any(), eq("0xb1"), any(), any(), anyString());
    }

    @Test
    void anOrderWithAllItsReplicasLiveProposesNothingAndAsksForNoAgents() {
        agent("0xd1", "dave", 1000);
        ofOrder.add(deal("0xa1", DealState.ACTIVE));
        ofOrder.add(deal("0xb1", DealState.TRANSFERRING));
        ofOrder.add(deal("0xc1", DealState.PROPOSED));

        assertThat(fill(null)).isZero();

        verifyNoInteractions(agents, dealService);
    }

    @Test
    void aCancelledOrderGetsNoNewReplicasNotEvenRepairs() {
        agent("0xa1", "alice", 1000);
        order.status = StorageOrder.Status.CANCELLED;

        assertThat(fill(UUID.randomUUID())).isZero();

        verifyNoInteractions(deals, agents, dealService);
    }
}
