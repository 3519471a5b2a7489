package dev.shoal.deploy.cli;

import dev.shoal.cli.http.ServiceClient;
import dev.shoal.cli.login.IdentityProvider;
import dev.shoal.cli.login.LoginException;
import dev.shoal.cli.login.StoredLogin;
import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.stack.Endpoints;
import dev.shoal.deploy.stack.StackState;
import picocli.CommandLine.Option;

import java.util.Optional;

/** The marketplace and the creator's token, for {@code shoal order quote|create|status|cancel}. */
final class OrderMarketOptions {

    @Option(names = "--marketplace", paramLabel = "URL", description = "the marketplace (default: the local stack's)")
    String marketplace;

    @Option(names = "--token", paramLabel = "JWT", defaultValue = "${env:SHOAL_TOKEN}",
            description = "a bearer token of the creator (default: $SHOAL_TOKEN, else a password grant for --user)")
    String token;

    @Option(names = "--user", defaultValue = "creator", paramLabel = "NAME", description = "Keycloak user for the password grant (default: creator)")
    String user;

    @Option(names = "--password", paramLabel = "P", description = "its password (default: the local demo password, <user>-demo)")
    String password;

    /** The marketplace, called with the creator's token. */
    ServiceClient market() {
        Optional<Endpoints> local = localStack();
        String base = marketplace != null ? marketplace
                : local.map(Endpoints::marketplaceUrl).orElseThrow(() -> new OrderFundCommand.Refused("no --marketplace and no local stack running"));
        String bearer = token != null && !token.isBlank() ? token : passwordGrant(local);
        return new ServiceClient(base).withBearer(bearer);
    }

    private String passwordGrant(Optional<Endpoints> local) {
        String issuer = local.map(Endpoints::issuer).orElseThrow(() -> new OrderFundCommand.Refused(
                "no --token, no $SHOAL_TOKEN and no local stack to log in to"));
        try {
            return new IdentityProvider(issuer, StoredLogin.CLI_CLIENT).password(user, password != null ? password : user + "-demo", "openid")
                    .accessToken();
        } catch (LoginException e) {
            throw new OrderFundCommand.Refused("Keycloak refused a token for " + user + ": " + e.getMessage());
        }
    }

    private static Optional<Endpoints> localStack() {
        try {
            return StackState.read(ShoalHome.locate().stateDir()).map(StackState::endpoints).map(Endpoints::fromMap);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
