package dev.shoal.deploy.stack;

import dev.shoal.cli.login.DeviceLogin;
import dev.shoal.cli.login.IdentityProvider;
import dev.shoal.cli.login.LoginException;
import dev.shoal.cli.login.StoredLogin;
import dev.shoal.cli.login.Tokens;
import dev.shoal.deploy.LaunchException;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The local stack's agents belong to the demo distributor. An operator signs an agent in once with {@code
 * distributor-agent login} (the device grant, in a browser); the launcher, which is the demo and runs unattended,
 * signs the demo distributor in itself (the local realm's password grant) and writes the refresh token exactly where
 * that login would have, so the agents start as any agent does and their configuration holds no password.
 */
final class DemoOperatorLogin {

    static final String OPERATOR = "distributor";
    /** How long the launcher keeps asking a Keycloak that does not answer (see {@link #passwordGrant}). */
    static final Duration SIGN_IN_BUDGET = Duration.ofMinutes(3);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private DemoOperatorLogin() {
    }

    /** Writes the demo distributor's login into the agent's data folder. */
    static void provision(Endpoints endpoints, Path agentDataDir) {
        if (endpoints.issuer() == null) {
            throw new LaunchException("the agents need Keycloak to sign their operator in, and it has no URL yet");
        }
        IdentityProvider provider = new IdentityProvider(endpoints.issuer(), StoredLogin.CLI_CLIENT);
        try {
            StoredLogin.of(provider, passwordGrant(provider, SIGN_IN_BUDGET)).write(agentDataDir.resolve(StoredLogin.OPERATOR_LOGIN_FILE));
        } catch (LoginException e) {
            // Keycloak keeps a realm it imported once: one from before the distributors could hold offline tokens refuses
            throw new LaunchException("cannot sign the demo distributor in for its agents: " + e.getMessage()
                    + (e.getMessage().contains("Offline tokens not allowed")
                    ? " (the realm in .shoal/keycloak is older than this checkout's: ./shoal down, delete .shoal/keycloak/, start again)" : ""), e);
        }
    }

    /**
     * The password grant, asked again while Keycloak does not answer (a request timed out, a connection was refused or
     * dropped) for up to {@link #SIGN_IN_BUDGET}: several agents sign in at once while the marketplaces start, and on a
     * loaded machine (the 4-instance stack beside other builds) Keycloak took longer than one request's 15 s timeout
     * and the stack's start failed. A refusal (a wrong password, a realm without offline tokens) is not asked again. When the
     * budget runs out, the error says how long and how often Keycloak was asked, and what was last seen.
     */
    static Tokens passwordGrant(IdentityProvider provider, Duration budget) {
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                return provider.password(OPERATOR, KeycloakComponent.demoPassword(OPERATOR), DeviceLogin.SCOPE);
            } catch (LoginException e) {
                Duration spent = Duration.ofNanos(System.nanoTime() - start);
                if (e.reason() != LoginException.Reason.UNREACHABLE) {
                    throw e;
                }
                if (spent.plus(RETRY_PAUSE).compareTo(budget) >= 0) {
                    throw new LoginException(LoginException.Reason.UNREACHABLE, "Keycloak at " + provider.issuer()
                            + " did not answer the sign-in of the agents' operator in " + attempt + " attempt(s) over "
                            + spent.toSeconds() + " s (the last: " + e.getMessage() + "); the machine may be too loaded for "
                            + "this many instances: ./shoal down, then start again or with fewer --instances", e);
                }
                try {
                    Thread.sleep(RETRY_PAUSE);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
