package dev.shoal.deploy.cli;

import dev.shoal.cli.http.ServiceClient;
import dev.shoal.deploy.creator.CreatorException;
import dev.shoal.deploy.creator.CreatorHome;
import dev.shoal.deploy.creator.CreatorSession;
import dev.shoal.deploy.creator.LocalStack;
import picocli.CommandLine.Option;

/**
 * The marketplace and the creator's token, for every {@code shoal order} command: the token of the login
 * {@code shoal login} kept (or {@code --token}), the marketplace of the running local stack (or {@code --marketplace}).
 */
final class OrderMarketOptions {

    @Option(names = "--marketplace", paramLabel = "URL", description = "the marketplace (default: the local stack's)")
    String marketplace;

    @Option(names = "--token", paramLabel = "JWT", defaultValue = "${env:SHOAL_TOKEN}",
            description = "a bearer token of the creator (default: $SHOAL_TOKEN, else the login shoal login kept)")
    String token;

    /** The marketplace's base URL, without a trailing slash. */
    String marketplaceUrl() {
        String base = marketplace != null ? marketplace : LocalStack.find().flatMap(LocalStack::marketplace)
                .orElseThrow(() -> new OrderSubcommand.Refused("no --marketplace and no local stack running (./shoal up)"));
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The creator's bearer token. */
    String bearer() {
        if (token != null && !token.isBlank()) {
            return token;
        }
        try {
            return CreatorSession.open(CreatorHome.locate()).accessToken();
        } catch (CreatorException e) {
            throw new OrderSubcommand.Refused(e.getMessage());
        }
    }

    /** The marketplace, called with the creator's token. */
    ServiceClient market() {
        return new ServiceClient(marketplaceUrl()).withBearer(bearer());
    }
}
