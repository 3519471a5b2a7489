package dev.shoal.marketplace.order;

import dev.shoal.contracts.market.MarketAsks;
import dev.shoal.contracts.market.StorageQuote;
import dev.shoal.contracts.money.Susd;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.agent.AgentRepository;
import dev.shoal.marketplace.deal.Deal;
import dev.shoal.marketplace.deal.DealRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * Creators order archival storage of their contents and watch its replicas; advertisers order it for their own contents
 * (their consented forks: at least the consent's replicas), funded from their own wallet.
 */
@Path("/api/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"creator", "advertiser"})
public class OrderResource {

    private final OrderService orders;
    private final DealRepository deals;
    private final AgentRepository agents;
    private final ReplicaAudits audits;
    private final SecurityIdentity identity;
    private final OrderQuotes quotes;
    private final MarketplaceConfig config;
    private final RecordingArchives recordings;

    public OrderResource(OrderService orders, DealRepository deals, AgentRepository agents, ReplicaAudits audits, SecurityIdentity identity,
                         OrderQuotes quotes, MarketplaceConfig config, RecordingArchives recordings) {
        this.recordings = recordings;
        this.quotes = quotes;
        this.config = config;
        this.orders = orders;
        this.deals = deals;
        this.agents = agents;
        this.audits = audits;
        this.identity = identity;
    }

    /** One replica as the creator sees it. */
    public record Replica(String dealId, String agent, String endpoint, String region, String state, String lastAudit,
                          String lastAuditOutcome, long bytesVerified, String replaces) {
    }

    /** An order; {@code maxPricePerGbMonth} in sUSD, its term {@code epochs} of {@code epochSeconds} each. */
    public record OrderView(String id, String contentId, int replicas, int epochs, String createdAt, String status, String endedAt,
                            long liveReplicas, long activeReplicas, List<Replica> deals, String maxPricePerGbMonth, long epochSeconds) {
    }

    @POST
    @Operation(summary = "Order 5 to 10 replicas of one of your contents for a term (months, or epochs) at a maximum price per replica"
            + " in sUSD per GB-month (maxPricePerGbMonth; maxPricePerGbEpochWei is deprecated). An advertiser orders its own"
            + " contents: for a consented fork at least the consent's replicas (400 invalid-request), funded from its wallet")
    public Uni<Response> place(OrderService.OrderRequest request) {
        return orders.place(owner(), request)
                .chain(o -> view(o))
                .map(v -> Response.created(URI.create("/api/orders/" + v.id())).entity(v).build());
    }

    /** The recording's content and its order (the owner's). */
    public record RecordingOrder(String contentId, OrderView order) {
    }

    @POST
    @Path("/recordings")
    @RolesAllowed("gateway")
    @Operation(summary = "The gateway (role gateway, its own client credential) archives a live room's recording for the room's"
            + " owner with the room's archive preset: the recording registered and the order placed as the owner's (201), or the"
            + " owner's order for it answered again (200); without replicas, term and price the recording is registered only"
            + " (200, order null). A manifest not proved the room's recording by the creator's signed"
            + " announcements, or a content of another account: 403 forbidden")
    public Uni<Response> archiveRecording(dev.shoal.contracts.live.RecordingArchive request) {
        return recordings.archive(request).chain(archived -> archived.order() == null
                ? Uni.createFrom().item(Response.ok(new RecordingOrder(archived.contentId(), null)).build())
                : view(archived.order())
                .map(v -> Response.status(archived.placed() ? Response.Status.CREATED : Response.Status.OK)
                        .location(URI.create("/api/orders/" + v.id())).entity(new RecordingOrder(v.contentId(), v)).build()));
    }

    @POST
    @Path("/quote")
    @Operation(summary = "What storing one of your contents would cost, in sUSD: the replicas placement would choose now at their"
            + " own asks, the gas, and one S3 Standard copy for comparison (a maximum below every ask: 422 price-below-asks)")
    public Uni<StorageQuote> quote(StorageQuote.Request request) {
        return quotes.quote(owner(), request);
    }

    @GET
    @Path("/asks")
    @Operation(summary = "What the market asks now, in sUSD per GB-month, for a content not yet there (a live room's archive):"
            + " the least maximum at which placement would choose `replicas` replicas (5 to 10, default 5; null when fewer agents"
            + " could take one), the lowest ask, and the step prices come in on this market's epochs")
    public Uni<MarketAsks> asks(@QueryParam("replicas") @DefaultValue("5") int replicas) {
        return quotes.asks(replicas);
    }

    @GET
    @Operation(summary = "Your orders, newest first")
    @WithSession
    public Uni<List<OrderView>> mine() {
        return orders.ofOwner(owner()).chain(list -> Multi.createFrom().iterable(list)
                .onItem().transformToUniAndConcatenate(this::view).collect().asList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One of your orders with each replica: agent, state, last audit, bytes verified")
    @WithSession
    public Uni<OrderView> one(@PathParam("id") UUID id) {
        return orders.owned(owner(), id).chain(this::view);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Cancel one of your orders: its replicas are cancelled, the escrow pays the epochs already served"
            + " and refunds the rest to the funding wallet (404 for another creator's order, 409 when it already ended)")
    public Uni<OrderView> cancel(@PathParam("id") UUID id) {
        return orders.cancel(owner(), id).chain(this::view);
    }

    private Uni<OrderView> view(StorageOrder order) {
        return deals.ofOrder(order.id).chain(list -> Multi.createFrom().iterable(list)
                .onItem().transformToUniAndConcatenate(this::replica).collect().asList()
                .map(replicas -> new OrderView(order.id.toString(), order.contentId, order.replicas, order.epochs,
                        order.createdAt.toString(), order.status.name(),
                        order.endedAt == null ? null : order.endedAt.toString(),
                        list.stream().filter(d -> d.state.isLive()).count(),
                        list.stream().filter(d -> d.state == dev.shoal.marketplace.deal.DealState.ACTIVE).count(), replicas,
                        Susd.decimal(Susd.perMonth(order.maxPricePerGbEpochWei, config.market().epoch())).toPlainString(),
                        config.market().epoch().toSeconds())));
    }

    private Uni<Replica> replica(Deal d) {
        return agents.findById(d.agent).chain(a -> audits.lastDecided(d.id).map(audit -> new Replica(d.id.toString(), d.agent,
                a == null ? null : a.endpoint, a == null ? null : a.region, d.state.name(),
                audit == null || audit.answeredAt() == null ? null : audit.answeredAt().toString(),
                audit == null ? null : audit.outcome(), d.bytesVerified, d.replaces == null ? null : d.replaces.toString())));
    }

    private String owner() {
        return identity.getPrincipal().getName();
    }
}
