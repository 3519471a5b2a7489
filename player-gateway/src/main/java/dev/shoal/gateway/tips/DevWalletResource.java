package dev.shoal.gateway.tips;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.gateway.GatewayConfig;
import dev.shoal.gateway.chain.DevWallet;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The demo's wallet for browsers without one: a JSON-RPC endpoint an EIP-1193 provider can call. Off unless
 * {@code shoal.tips.dev-wallet.enabled} (the local stack turns it on); then it is a 404 like any unknown path.
 */
@Path(DevWalletResource.PATH)
@PermitAll
public class DevWalletResource {

    public static final String PATH = "/api/dev-wallet";

    private final DevWallet wallet;
    private final boolean enabled;

    public DevWalletResource(DevWallet wallet, GatewayConfig config) {
        this.wallet = wallet;
        this.enabled = config.tips().devWallet().enabled();
    }

    @POST
    @Path("/rpc")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "JSON-RPC to the local chain's unlocked dev accounts (demo only): reads, and transactions to the tip splitter")
    public Uni<JsonNode> rpc(JsonNode request) {
        if (!enabled) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.NOT_FOUND,
                    "the dev wallet is off on this gateway (shoal.tips.dev-wallet.enabled=false): use a browser wallet"));
        }
        return wallet.call(request);
    }
}
