package dev.shoal.deploy.creator;

import dev.shoal.cli.login.IdentityProvider;
import dev.shoal.cli.login.LoginException;
import dev.shoal.cli.login.StoredLogin;
import dev.shoal.cli.login.Tokens;

import java.io.UncheckedIOException;

/**
 * The signed-in creator, from the login {@code shoal login} kept: a fresh access token from the stored refresh token
 * (the newer refresh token the provider hands out is kept in its place).
 */
public final class CreatorSession {

    private final StoredLogin login;
    private final Tokens tokens;

    private CreatorSession(StoredLogin login, Tokens tokens) {
        this.login = login;
        this.tokens = tokens;
    }

    public static CreatorSession open(CreatorHome home) {
        StoredLogin login;
        try {
            login = StoredLogin.read(home.loginFile())
                    .orElseThrow(() -> new CreatorException("not signed in: run shoal login first"));
        } catch (UncheckedIOException e) {
            throw new CreatorException(e.getMessage() + ": run shoal login again", e);
        }
        IdentityProvider provider = new IdentityProvider(login.issuer(), login.clientId());
        try {
            Tokens tokens = provider.refresh(login.refreshToken());
            if (tokens.refreshToken() != null && !tokens.refreshToken().equals(login.refreshToken())) {
                login = login.withRefreshToken(tokens.refreshToken());
                login.write(home.loginFile());
            }
            return new CreatorSession(login, tokens);
        } catch (LoginException e) {
            if (e.reason() == LoginException.Reason.INVALID_GRANT) {
                throw new CreatorException("your login at " + login.issuer() + " expired or was revoked: run shoal login again", e);
            }
            throw new CreatorException(e.getMessage(), e);
        }
    }

    public String accessToken() {
        return tokens.accessToken();
    }

    public String user() {
        return tokens.user();
    }

    public String issuer() {
        return login.issuer();
    }
}
