package dev.shoal.marketplace.fork;

import dev.shoal.contracts.fork.ForkView;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.dashboard.ForbiddenPage;
import dev.shoal.contracts.market.StorageQuote;
import dev.shoal.marketplace.chain.SponsorshipCalls;
import dev.shoal.marketplace.order.OrderQuotes;
import dev.shoal.marketplace.order.OrderService;
import dev.shoal.marketplace.settlement.CreatorFunding;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The forks' dashboard pages, on the dashboard's session: the creator's sponsorship requests (accept with the wallet,
 * decline) and the advertiser's forks. The answers are the same calls as {@code /api/forks/{id}/consent|decline}, which
 * are bearer-only; JSON in and out, so a cross-site form cannot post them.
 */
@Path("/dashboard")
public class ForkDashboardResource {

    private final ForkService forks;
    private final AdDeliveryService deliveries;
    private final MarketplaceConfig config;
    private final SecurityIdentity identity;
    private final ForkStorage storage;
    private final OrderService orders;
    private final CreatorFunding funding;
    private final OrderQuotes quotes;
    private final Clock clock;

    public ForkDashboardResource(ForkService forks, AdDeliveryService deliveries, MarketplaceConfig config, SecurityIdentity identity,
                                 ForkStorage storage, OrderService orders, CreatorFunding funding, OrderQuotes quotes, Clock clock) {
        this.quotes = quotes;
        this.clock = clock;
        this.funding = funding;
        this.storage = storage;
        this.orders = orders;
        this.forks = forks;
        this.deliveries = deliveries;
        this.config = config;
        this.identity = identity;
    }

    @GET
    @Path("/creator/sponsorships")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<Response> sponsorships() {
        if (!identity.hasRole("creator")) {
            return Uni.createFrom().item(forbidden("the creator role"));
        }
        return forks.ofCreator(user()).map(list -> ok(new SponsorshipsPage(user(), list.stream().filter(ForkView::pending).toList(),
                list.stream().filter(v -> !v.pending()).toList(), cancels(list, clock.instant()))));
    }

    @GET
    @Path("/advertiser")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<Response> advertiser() {
        if (!identity.hasRole("advertiser")) {
            return Uni.createFrom().item(forbidden("the advertiser role"));
        }
        return forks.ofAdvertiser(user()).chain(list -> deliveries.ofAdvertiser(user()).chain(delivered -> storage.of(user(), list)
                .map(steps -> ok(new AdvertiserPage(user(), list, config.uploads().gatewayUrl().replaceAll("/+$", ""),
                        List.copyOf(delivered.values()), steps, cancels(list, clock.instant()),
                        new dev.shoal.marketplace.dashboard.CreatorPage.Studio(config.uploads().gatewayUrl().replaceAll("/+$", ""),
                                config.uploads().chunkBytes(), config.uploads().maxBytes()))))));
    }

    /** The cancel(fork) call of each sponsorship the contract lets either party cancel now: FUNDED, its term not ended. */
    static Map<String, String> cancels(List<ForkView> forks, java.time.Instant now) {
        Map<String, String> out = new java.util.HashMap<>();
        for (ForkView f : forks) {
            if (f.funding() != null && f.funding().funded() && f.funding().claimTo() != null && now.isBefore(java.time.Instant.parse(f.termEnd()))) {
                out.put(f.forkId(), SponsorshipCalls.cancel(f.forkId()));
            }
        }
        return out;
    }

    /**
     * The advertiser page's quote when it changes the order's term: the marketplace's quote (as POST /api/orders/quote)
     * for the fork's agreed replicas and these months, and its highest ask per GB-month, the maximum the page proposes.
     */
    @POST
    @Path("/advertiser/forks/{forkId}/quote")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("advertiser")
    @Operation(hidden = true)
    public Uni<Map<String, Object>> quote(@PathParam("forkId") String forkId, StorageQuote.Request body) {
        StorageQuote.Request request = new StorageQuote.Request(forkId, body == null ? null : body.replicas(), body == null ? null : body.months(), null);
        return quotes.quote(user(), request).map(q -> Map.of("maxPricePerGbMonth", ForkStorage.maxAsk(q), "total", q.total(),
                "months", q.months(), "replicas", q.replicas()));
    }

    /** The advertiser page's "Order storage": the same order as {@code POST /api/orders} for this fork (advertise.js). */
    @POST
    @Path("/advertiser/forks/{forkId}/order")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("advertiser")
    @Operation(hidden = true)
    public Uni<Map<String, String>> order(@PathParam("forkId") String forkId, OrderService.OrderRequest body) {
        OrderService.OrderRequest request = body == null ? null : new OrderService.OrderRequest(forkId, body.replicas(), body.epochs(),
                null, body.months(), body.maxPricePerGbMonth());
        return orders.place(user(), request).map(o -> Map.of("id", o.id.toString()));
    }

    /**
     * The advertiser page's funding of its fork's order (fund.js), as the creator page's: the same quote and report as
     * {@code /api/orders/{id}/funding}. Here rather than under {@code /dashboard/advertiser/orders}: a resource class of
     * that path would take every such request.
     */
    @GET
    @Path("/advertiser/orders/{id}/funding")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("advertiser")
    @Operation(hidden = true)
    public Uni<CreatorFunding.FundingView> funding(@PathParam("id") UUID id) {
        return funding.view(user(), id);
    }

    @POST
    @Path("/advertiser/orders/{id}/funding")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("advertiser")
    @Operation(hidden = true)
    public Uni<CreatorFunding.FundingView> reportFunding(@PathParam("id") UUID id, CreatorFunding.FundingReport report) {
        return funding.report(user(), id, report);
    }

    @POST
    @Path("/creator/sponsorships/{id}/consent")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("creator")
    @Operation(hidden = true)
    public Uni<ForkView> consent(@PathParam("id") UUID id, String consent) {
        return forks.consent(user(), id, consent);
    }

    @POST
    @Path("/creator/sponsorships/{id}/decline")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("creator")
    @Operation(hidden = true)
    public Uni<ForkView> decline(@PathParam("id") UUID id) {
        return forks.decline(user(), id);
    }

    private String user() {
        return identity.getPrincipal().getName();
    }

    private static Response ok(TemplateInstance page) {
        return Response.ok(page, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).header("Cache-Control", "no-store").build();
    }

    private Response forbidden(String needed) {
        return Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store").entity(new ForbiddenPage(user(), needed)).build();
    }
}
