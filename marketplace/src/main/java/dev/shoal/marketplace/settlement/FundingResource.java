package dev.shoal.marketplace.settlement;

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

/** A creator (or an advertiser, for its fork's order) funds its order's escrow from its own wallet: what to sign, then the transaction to check. */
@Path("/api/orders/{id}/funding")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"creator", "advertiser"})
public class FundingResource {

    private final CreatorFunding funding;
    private final SecurityIdentity identity;

    public FundingResource(CreatorFunding funding, SecurityIdentity identity) {
        this.funding = funding;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Your order's funding: AWAITING_REPLICAS, AWAITING_FUNDS with the approve and fundOrder transactions"
            + " to sign (from the content's creator address), FUNDED or REFUSED")
    public Uni<FundingView> view(@PathParam("id") UUID id) {
        return funding.view(owner(), id);
    }

    @POST
    @Operation(summary = "Report your fundOrder transaction {txHash}: checked on chain (mined, succeeded, this order on the quoted"
            + " terms, sent by the content's creator) before the order counts as funded; 409 funding-pending when not mined yet,"
            + " 422 funding-rejected otherwise")
    public Uni<FundingView> report(@PathParam("id") UUID id, FundingReport report) {
        return funding.report(owner(), id, report);
    }

    private String owner() {
        return identity.getPrincipal().getName();
    }
}
