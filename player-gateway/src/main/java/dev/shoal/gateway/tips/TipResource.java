package dev.shoal.gateway.tips;

import dev.shoal.gateway.GatewayConfig;
import dev.shoal.gateway.chain.ChainDirectory;
import dev.shoal.gateway.chain.Shares;
import dev.shoal.gateway.chain.TipSplitterContract;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

/**
 * Tips (docs/tips.md). Public: a viewer is known by the wallet address that signs the transaction, not by an
 * account here; the gateway never holds a key and sends nothing itself, it prepares what the wallet signs.
 */
@Path("/api/tips")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class TipResource {

    private final TipPreparation preparation;
    private final TipQueries queries;
    private final TipWithdrawals withdrawals;
    private final ChainDirectory directory;
    private final TipSplitterContract contract;
    private final GatewayConfig config;

    public TipResource(TipPreparation preparation, TipQueries queries, TipWithdrawals withdrawals, ChainDirectory directory,
                       TipSplitterContract contract, GatewayConfig config) {
        this.preparation = preparation;
        this.queries = queries;
        this.withdrawals = withdrawals;
        this.directory = directory;
        this.contract = contract;
        this.config = config;
    }

    public record DevWallet(boolean enabled, String rpc) {
    }

    /** @param shares read from the contract now */
    public record TipConfig(long chainId, String tipSplitter, Shares shares, DevWallet devWallet) {
    }

    public record SentTransaction(String txHash) {
    }

    @GET
    @Path("/config")
    @Operation(summary = "The chain, the tip splitter, its shares and whether the local dev wallet is on")
    public Uni<TipConfig> config() {
        return directory.directory().chain(dir -> contract.shares(dir.tipSplitter().lowerHex()).map(shares -> new TipConfig(
                dir.chainId(), dir.tipSplitter().toString(), shares,
                new DevWallet(config.tips().devWallet().enabled(), DevWalletResource.PATH + "/rpc"))));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Prepare a tip: checks receipts and ticket, attributes the session, returns the transaction to sign")
    public Uni<Response> prepare(TipPreparation.TipRequest request) {
        return preparation.prepare(request).map(p -> Response.status(p.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(p.tip()).build());
    }

    @POST
    @Path("/{tipId}/transaction")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record the hash of the tip's transaction, as the wallet returned it (idempotent)")
    public Uni<Response> sent(@PathParam("tipId") String tipId, SentTransaction body) {
        return preparation.transactionSent(tipId, body == null ? null : body.txHash())
                .map(view -> Response.accepted(view).build());
    }

    @GET
    @Path("/{tipId}")
    @Operation(summary = "A tip: PREPARED, SENT or CONFIRMED (with the amounts the chain recorded)")
    public Uni<TipView> one(@PathParam("tipId") String tipId) {
        return queries.find(tipId);
    }

    @GET
    @Operation(summary = "A viewer's tips, newest first")
    public Uni<List<TipView>> ofTipper(@QueryParam("tipper") String tipper, @QueryParam("limit") Integer limit) {
        return queries.ofTipper(tipper, limit);
    }

    @GET
    @Path("/received")
    @Operation(summary = "What an account received as creator, serving node or locator, its withdrawals, and its balance now")
    public Uni<TipQueries.ReceivedView> received(@QueryParam("account") String account, @QueryParam("limit") Integer limit) {
        return queries.received(account, limit);
    }

    @POST
    @Path("/withdrawals")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The withdraw transaction for a recipient's wallet (the whole balance when no amount is given)")
    public Uni<TipWithdrawals.WithdrawalTransaction> withdrawal(TipWithdrawals.WithdrawalRequest request) {
        return withdrawals.withdrawal(request);
    }
}
