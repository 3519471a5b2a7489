package dev.shoal.agent.market;

import dev.shoal.agent.AgentConfig;
import dev.shoal.cli.login.StoredLogin;
import io.quarkus.oidc.client.NamedOidcClient;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.OidcClientException;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The operator's access tokens for the marketplace, from the refresh token {@code distributor-agent login} stored in
 * the data folder ({@link StoredLogin#OPERATOR_LOGIN_FILE}); the agent keeps no password. Tokens come from the OIDC
 * client {@code operator} (quarkus-oidc-client, refresh grant) and are renewed shortly before they expire; a refresh
 * token the identity provider hands back is stored in place of the old one. A login that is missing, for another
 * realm or client, revoked or expired is a {@link LoginRequiredException} that tells the operator to log in again.
 */
@Singleton
public class OperatorSession {

    private static final Logger LOG = Logger.getLogger(OperatorSession.class);

    private final OidcClient client;
    private final Path file;
    private final String issuer;
    private final String clientId;
    private final Clock clock = Clock.systemUTC();
    private volatile String accessToken;
    private volatile long renewAtMillis;

    public OperatorSession(@NamedOidcClient("operator") OidcClient client, AgentConfig config,
                           @ConfigProperty(name = "quarkus.oidc-client.operator.auth-server-url") String issuer,
                           @ConfigProperty(name = "quarkus.oidc-client.operator.client-id") String clientId) {
        this.client = client;
        this.file = config.agent().dataDir().resolve(StoredLogin.OPERATOR_LOGIN_FILE);
        this.issuer = issuer.replaceAll("/+$", "");
        this.clientId = clientId;
    }

    /** A valid access token: the last one, or a fresh one from the stored refresh token. */
    public Uni<String> accessToken() {
        String token = accessToken;
        if (token != null && clock.millis() < renewAtMillis) {
            return Uni.createFrom().item(token);
        }
        StoredLogin login;
        try {
            login = usable();
        } catch (LoginRequiredException e) {
            return Uni.createFrom().failure(e);
        }
        return client.refreshTokens(login.refreshToken())
                .onFailure(OidcClientException.class).transform(e -> refused(e))
                .map(tokens -> keep(login, tokens));
    }

    /** Forgets the access token (the marketplace refused it), so the next call gets a fresh one. */
    public void forget() {
        accessToken = null;
    }

    private synchronized String keep(StoredLogin login, Tokens tokens) {
        if (tokens.getRefreshToken() != null && !tokens.getRefreshToken().equals(login.refreshToken())) {
            login.withRefreshToken(tokens.getRefreshToken()).write(file);
        }
        long now = clock.millis();
        Long expiresAt = tokens.getAccessTokenExpiresAt();
        long lifetime = expiresAt == null ? 60_000 : Math.max(10_000, expiresAt * 1000 - now);
        renewAtMillis = now + lifetime - Math.min(30_000, lifetime / 2);
        accessToken = tokens.getAccessToken();
        return accessToken;
    }

    private Optional<StoredLogin> stored() {
        try {
            return StoredLogin.read(file);
        } catch (RuntimeException e) {
            LOG.warnf("%s", e.getMessage());
            return Optional.empty();
        }
    }

    private StoredLogin usable() {
        StoredLogin login = stored().orElseThrow(() -> new LoginRequiredException("no operator login in " + file + ": run "
                + loginCommand()));
        if (!login.issuer().replaceAll("/+$", "").equals(issuer) || !login.clientId().equals(clientId)) {
            throw new LoginRequiredException("the operator login in " + file + " is for " + login.issuer() + " (client "
                    + login.clientId() + "), this agent signs in at " + issuer + " (client " + clientId + "): run " + loginCommand());
        }
        return login;
    }

    /** The identity provider refused the refresh token (revoked, expired, of another client), or could not be asked. */
    private RuntimeException refused(Throwable e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("invalid_grant") || message.contains("invalid_client") || message.contains("unauthorized_client")) {
            return new LoginRequiredException("the operator login in " + file + " is no longer accepted (revoked or expired): run "
                    + loginCommand(), e);
        }
        return new IllegalStateException("the identity provider at " + issuer + " cannot renew the operator's token: " + message, e);
    }

    private String loginCommand() {
        return "distributor-agent login --data " + file.getParent() + " --issuer " + issuer;
    }
}
