package dev.shoal.marketplace.fork;

import dev.shoal.contracts.fork.ForkView;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.chain.ChainContracts;
import dev.shoal.marketplace.content.ContentResource;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
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

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Ad forks: advertisers request them, creators consent or decline (docs/forks.md). */
@Path("/api/forks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ForkResource {

    private final ForkService forks;
    private final ChainContracts contracts;
    private final MarketplaceConfig config;
    private final SecurityIdentity identity;

    public ForkResource(ForkService forks, ChainContracts contracts, MarketplaceConfig config, SecurityIdentity identity) {
        this.forks = forks;
        this.contracts = contracts;
        this.config = config;
        this.identity = identity;
    }

    @POST
    @RolesAllowed("advertiser")
    @Operation(summary = "Request a fork of a content: the ad (your content), cue points, terms, and the fork's manifest signed with the ad's key")
    public Uni<Response> request(ForkService.Request body) {
        String owner = identity.getPrincipal().getName();
        String name = ContentResource.displayName(identity);
        Context context = Vertx.currentContext();
        return Uni.createFrom().item(contracts::sponsorship).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().transform(e -> new ProblemException(ProblemType.UNAVAILABLE, "the sponsorship contract is unknown: " + e.getMessage()))
                .emitOn(task -> context.runOnContext(v -> task.run()))
                .chain(contract -> forks.request(owner, name, body, new ForkService.Domain(config.chain().chainId(), contract)))
                .map(v -> Response.created(URI.create("/api/forks/" + v.id())).entity(v).build());
    }

    @GET
    @RolesAllowed("advertiser")
    @Operation(summary = "Your fork requests, newest first, with their state and the fork's replicas")
    public Uni<List<ForkView>> mine() {
        return forks.ofAdvertiser(identity.getPrincipal().getName());
    }

    @GET
    @Path("/requests")
    @RolesAllowed("creator")
    @Operation(summary = "Sponsorship requests for your contents, newest first; a pending one carries the typed data to sign")
    public Uni<List<ForkView>> requests() {
        return forks.ofCreator(identity.getPrincipal().getName());
    }

    @POST
    @Path("/{id}/consent")
    @RolesAllowed("creator")
    @Operation(summary = "Consent to a request: the body is SponsorshipConsent.Signed, the request's typed data signed by the original's creator")
    public Uni<ForkView> consent(@PathParam("id") String id, String consent) {
        return forks.consent(identity.getPrincipal().getName(), uuid(id), consent);
    }

    @POST
    @Path("/{id}/decline")
    @RolesAllowed("creator")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Decline a pending request")
    public Uni<ForkView> decline(@PathParam("id") String id) {
        return forks.decline(identity.getPrincipal().getName(), uuid(id));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.NOT_FOUND, "no sponsorship request " + id);
        }
    }
}
