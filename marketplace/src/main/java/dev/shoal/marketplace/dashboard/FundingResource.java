package dev.shoal.marketplace.dashboard;

import dev.shoal.marketplace.settlement.CreatorFunding;
import dev.shoal.marketplace.settlement.CreatorFunding.FundingReport;
import dev.shoal.marketplace.settlement.CreatorFunding.FundingView;
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
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.UUID;

/**
 * The creator page's funding calls (fund.js), on the dashboard's session: the same quote and report as
 * {@code /api/orders/{id}/funding}, which is bearer-only (the advertiser page's are in {@code ForkDashboardResource}). JSON in and out (a cross-site form cannot post JSON),
 * and the session cookie is SameSite=Lax (Quarkus' default) and scoped to /dashboard.
 */
@Path("/dashboard/creator/orders/{id}/funding")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("creator")
public class FundingResource {

    private final CreatorFunding funding;
    private final SecurityIdentity identity;

    public FundingResource(CreatorFunding funding, SecurityIdentity identity) {
        this.funding = funding;
        this.identity = identity;
    }

    @GET
    @Operation(hidden = true)
    public Uni<FundingView> view(@PathParam("id") UUID id) {
        return funding.view(owner(), id);
    }

    @POST
    @Operation(hidden = true)
    public Uni<FundingView> report(@PathParam("id") UUID id, FundingReport report) {
        return funding.report(owner(), id, report);
    }

    private String owner() {
        return identity.getPrincipal().getName();
    }
}
