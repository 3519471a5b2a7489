package dev.shoal.marketplace.dashboard;

import dev.shoal.contracts.market.AgentEarnings;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.agent.Agent;
import dev.shoal.marketplace.agent.Reputation.TrackRecord;
import dev.shoal.marketplace.agent.TrackRecords;
import dev.shoal.marketplace.chain.EscrowGateway;
import dev.shoal.marketplace.dashboard.DashboardQueries.AgentRow;
import dev.shoal.marketplace.dashboard.DashboardQueries.OrderRow;
import dev.shoal.marketplace.placement.PlacementService;
import dev.shoal.marketplace.settlement.AgentEarningsService;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The creator's and the distributor's web pages. Signed in through the Keycloak login form (the
 * "dashboard" OIDC tenant, authorization code flow, session cookie); /api stays bearer-only. The
 * HTTP permission on /dashboard/* sends a visitor without a session to the login form; the role a
 * page needs is checked here, so a missing one answers an HTML 403 page rather than problem+json.
 */
@Path("/dashboard")
@Produces(MediaType.TEXT_HTML)
public class DashboardResource {

    private static final Logger LOG = Logger.getLogger(DashboardResource.class);
    private static final Duration CHAIN_WAIT = Duration.ofSeconds(5);

    private final DashboardQueries queries;
    private final AgentEarningsService earnings;
    private final EscrowGateway escrow;
    private final TrackRecords trackRecords;
    private final PlacementService placement;
    private final Mutiny.SessionFactory sessions;
    private final MarketplaceConfig config;
    private final SecurityIdentity identity;

    public DashboardResource(DashboardQueries queries, AgentEarningsService earnings, EscrowGateway escrow, TrackRecords trackRecords,
                             PlacementService placement, Mutiny.SessionFactory sessions, MarketplaceConfig config, SecurityIdentity identity) {
        this.queries = queries;
        this.earnings = earnings;
        this.escrow = escrow;
        this.trackRecords = trackRecords;
        this.placement = placement;
        this.sessions = sessions;
        this.config = config;
        this.identity = identity;
    }

    @GET
    @Operation(hidden = true)
    public Response home() {
        if (identity.hasRole("creator")) {
            return Response.seeOther(URI.create("/dashboard/creator")).build();
        }
        if (identity.hasRole("distributor")) {
            return Response.seeOther(URI.create("/dashboard/distributor")).build();
        }
        if (identity.hasRole("advertiser")) {
            return Response.seeOther(URI.create("/dashboard/advertiser")).build();
        }
        return forbidden("the creator, the distributor or the advertiser role");
    }

    @GET
    @Path("/creator")
    @Operation(hidden = true)
    public Uni<Response> creator() {
        if (!identity.hasRole("creator")) {
            return Uni.createFrom().item(forbidden("the creator role"));
        }
        String owner = user();
        Duration epoch = config.market().epoch();
        return queries.ordersOf(owner).chain(orders -> queries.replicasOf(orders.stream().map(OrderRow::id).toList())
                .chain(replicas -> queries.auditsOfOwner(owner, epoch)
                        .chain(audits -> token().map(token -> CreatorPage.of(owner, orders, replicas, audits, epoch,
                                token == null ? null : token.symbol(), token == null ? null : token.decimals(),
                                new CreatorPage.Studio(config.uploads().gatewayUrl().replaceAll("/+$", ""), config.uploads().chunkBytes(),
                                        config.uploads().maxBytes()))))))
                .map(DashboardResource::ok);
    }

    @GET
    @Path("/distributor")
    @Operation(hidden = true)
    public Uni<Response> distributor() {
        if (!identity.hasRole("distributor")) {
            return Uni.createFrom().item(forbidden("the distributor role"));
        }
        String operator = user();
        Duration epoch = config.market().epoch();
        return queries.agentsOf(operator).chain(agents -> reputations(operator)
                .chain(reputations -> earningsOf(operator, agents)
                        .chain(earned -> queries.auditsOfOperator(operator, epoch)
                                .chain(audits -> queries.recentAuditsOf(operator)
                                        .map(recent -> DistributorPage.of(operator, agents, reputations, earned, audits, recent,
                                                epoch))))))
                .map(DashboardResource::ok);
    }

    /** Each of the operator's agents' reputation as placement sees it now. */
    private Uni<Map<String, Double>> reputations(String operator) {
        OffsetDateTime now = OffsetDateTime.now();
        return sessions.withSession(s -> s.createQuery("from Agent where operator = :operator", Agent.class)
                .setParameter("operator", operator).getResultList()
                .chain(agents -> trackRecords.of(s, agents.stream().map(a -> a.address).toList()).map(records -> {
                    Map<String, Double> out = new HashMap<>();
                    agents.forEach(a -> out.put(a.address, placement.reputation(a, records.getOrDefault(a.address, TrackRecord.NONE), now)));
                    return out;
                })));
    }

    /** Each agent's deals and earnings, one agent after the other (the escrow figures come from the chain). */
    private Uni<Map<String, AgentEarnings>> earningsOf(String operator, List<AgentRow> agents) {
        return Multi.createFrom().iterable(agents)
                .onItem().transformToUniAndConcatenate(a -> earnings.earnings(operator, a.address())
                        .ifNoItem().after(CHAIN_WAIT).fail()
                        .onFailure().recoverWithItem(e -> {
                            LOG.warnf("earnings of %s for the dashboard: %s", a.address(), e.getMessage());
                            return new AgentEarnings(a.address(), null, null, null, null, "earnings unavailable: " + e.getMessage(), List.of());
                        }))
                .collect().asList()
                .map(list -> {
                    Map<String, AgentEarnings> out = new LinkedHashMap<>();
                    list.forEach(e -> out.put(e.agent(), e));
                    return out;
                });
    }

    /** The escrow token's symbol and decimals, or null when the chain does not answer (amounts then show in base units). */
    private Uni<EscrowGateway.TokenInfo> token() {
        return escrow.tokenInfo().ifNoItem().after(CHAIN_WAIT).fail().onFailure().recoverWithItem(e -> {
            LOG.warnf("the escrow token for the dashboard: %s", e.getMessage());
            return null;
        });
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
