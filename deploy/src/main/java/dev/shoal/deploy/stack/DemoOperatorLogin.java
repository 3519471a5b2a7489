package dev.shoal.deploy.stack;

import dev.shoal.cli.login.DeviceLogin;
import dev.shoal.cli.login.IdentityProvider;
import dev.shoal.cli.login.LoginException;
import dev.shoal.cli.login.StoredLogin;
import dev.shoal.cli.login.Tokens;
import dev.shoal.deploy.LaunchException;

import java.nio.file.Path;

/**
 * The local stack's agents belong to the demo distributor. An operator signs an agent in once with {@code
 * distributor-agent login} (the device grant, in a browser); the launcher, which is the demo and runs unattended,
 * signs the demo distributor in itself (the local realm's password grant) and writes the refresh token exactly where
 * that login would have, so the agents start as any agent does and their configuration holds no password.
 */
final class DemoOperatorLogin {

    static final String OPERATOR = "distributor";

    private DemoOperatorLogin() {
    }

    /** Writes the demo distributor's login into the agent's data folder. */
    static void provision(Endpoints endpoints, Path agentDataDir) {
        if (endpoints.issuer() == null) {
            throw new LaunchException("the agents need Keycloak to sign their operator in, and it has no URL yet");
        }
        IdentityProvider provider = new IdentityProvider(endpoints.issuer(), StoredLogin.CLI_CLIENT);
        try {
            StoredLogin.of(provider, passwordGrant(provider)).write(agentDataDir.resolve(StoredLogin.OPERATOR_LOGIN_FILE));
        } catch (LoginException e) {
            // Keycloak keeps a realm it imported once: one from before the distributors could hold offline tokens refuses
            throw new LaunchException("cannot sign the demo distributor in for its agents: " + e.getMessage()
                    + (e.getMessage().contains("Offline tokens not allowed")
                    ? " (the realm in .shoal/keycloak is older than this checkout's: ./shoal down, delete .shoal/keycloak/, start again)" : ""), e);
        }
    }

    /**
     * The password grant, asked up to three times when Keycloak does not answer in time: several agents sign in at
     * once while the marketplaces start, and a loaded machine's Keycloak may take longer than one request's timeout.
     * A refusal (a wrong password, a realm without offline tokens) is not asked again.
     */
    private static Tokens passwordGrant(IdentityProvider provider) {
        for (int attempt = 1; ; attempt++) {
            try {
                return provider.password(OPERATOR, KeycloakComponent.demoPassword(OPERATOR), DeviceLogin.SCOPE);
            } catch (LoginException e) {
                if (attempt == 3 || !String.valueOf(e.getMessage()).contains("timed out")) {
                    throw e;
                }
            }
        }
    }
}
