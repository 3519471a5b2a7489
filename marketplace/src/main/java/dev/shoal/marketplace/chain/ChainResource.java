package dev.shoal.marketplace.chain;

import dev.shoal.contracts.directory.ChainView;
import dev.shoal.contracts.identity.Address;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.locator.LocatorService;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Public: where this marketplace's contracts live and which address signs its locator tickets, so a gateway can
 * build tips for the right contract and trust exactly this locator's tickets (wire format: contracts' {@code
 * directory} package). Nothing here is secret.
 */
@Path("/api/chain")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class ChainResource {

    private final ChainContracts contracts;
    private final LocatorService locator;
    private final long chainId;

    public ChainResource(ChainContracts contracts, LocatorService locator, MarketplaceConfig config) {
        this.contracts = contracts;
        this.locator = locator;
        this.chainId = config.chain().chainId();
    }

    /** A plain (non-reactive) method: Quarkus runs it on a worker, where resolving the addresses may block once. */
    @GET
    @Operation(summary = "The chain, the token, escrow and tip splitter contracts, and the locator's address")
    public ChainView chain() {
        ChainContracts.Addresses at = contracts.addresses();
        return ChainView.of(chainId, checksummed(at.token()), checksummed(at.escrow()), checksummed(at.tipSplitter()),
                locator.locatorAddress());
    }

    private static String checksummed(String address) {
        return Address.parse(address.toLowerCase()).toString();
    }
}
