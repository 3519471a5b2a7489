package dev.shoal.marketplace.dashboard;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The marketplace's front page: where the dashboards and the API are. Public. */
@Path("/")
public class HomeResource {

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public String home() {
        return Layout.page("Shoal marketplace", null, """
                <ul>
                <li><a href="/dashboard/creator">Creator dashboard</a>: your orders, where each replica is, audits and spending</li>
                <li><a href="/dashboard/distributor">Distributor dashboard</a>: your agents, their deals, audits and earnings</li>
                <li><a href="/q/swagger-ui">API</a> (bearer tokens from the shoal realm) and <a href="/q/openapi">its OpenAPI document</a></li>
                <li><a href="/q/health">Health</a></li>
                </ul>
                <p>The dashboards sign you in with Keycloak.</p>""");
    }
}
