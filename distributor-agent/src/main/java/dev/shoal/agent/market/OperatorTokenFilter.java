package dev.shoal.agent.market;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.client.spi.ResteasyReactiveClientRequestContext;
import org.jboss.resteasy.reactive.client.spi.ResteasyReactiveClientRequestFilter;

/**
 * Puts the operator's access token on every call to the marketplace, without blocking (the request waits while a
 * token is renewed); after a 401 the token is forgotten, so the next call brings a fresh one.
 */
@Singleton
public class OperatorTokenFilter implements ResteasyReactiveClientRequestFilter, ClientResponseFilter {

    private final OperatorSession session;

    public OperatorTokenFilter(OperatorSession session) {
        this.session = session;
    }

    @Override
    public void filter(ResteasyReactiveClientRequestContext request) {
        request.suspend();
        session.accessToken().subscribe().with(token -> {
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            request.resume();
        }, request::resume);
    }

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) {
        if (response.getStatus() == 401) {
            session.forget();
        }
    }
}
