package dev.shoal.marketplace.fork;

import dev.shoal.contracts.fork.ForkView;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.dashboard.ForbiddenPage;
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

import java.util.List;
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

    public ForkDashboardResource(ForkService forks, AdDeliveryService deliveries, MarketplaceConfig config, SecurityIdentity identity) {
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
                list.stream().filter(v -> !v.pending()).toList())));
    }

    @GET
    @Path("/advertiser")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<Response> advertiser() {
        if (!identity.hasRole("advertiser")) {
            return Uni.createFrom().item(forbidden("the advertiser role"));
        }
        return forks.ofAdvertiser(user()).chain(list -> deliveries.ofAdvertiser(user()).map(delivered -> ok(new AdvertiserPage(user(), list,
                config.uploads().gatewayUrl().replaceAll("/+$", ""), List.copyOf(delivered.values())))));
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
