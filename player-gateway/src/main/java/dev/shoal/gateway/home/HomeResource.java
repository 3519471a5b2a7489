package dev.shoal.gateway.home;

import dev.shoal.contracts.directory.CatalogPage;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.gateway.catalog.Catalog;
import dev.shoal.gateway.live.LiveRooms;
import dev.shoal.gateway.live.RoomState;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

/** The gateway's home page: what is live now and the published contents, searched through the marketplace's catalog. */
@Path("/")
@PermitAll
public class HomeResource {

    static final int PAGE_SIZE = 24;
    private static final int MAX_QUERY = 200;

    private final LiveRooms rooms;
    private final Catalog catalog;

    public HomeResource(LiveRooms rooms, Catalog catalog) {
        this.rooms = rooms;
        this.catalog = catalog;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "What is live now and what is published: a grid of posters, searched (q) and paged (page, from 0)")
    public Uni<TemplateInstance> home(@QueryParam("q") String q, @QueryParam("page") String page) {
        String query = q == null ? "" : q.strip();
        if (query.length() > MAX_QUERY) {
            query = query.substring(0, MAX_QUERY);
        }
        int p = pageNumber(page);
        String searched = query;
        Uni<CatalogPage> contents = catalog.browse(searched, p, PAGE_SIZE);
        return rooms.inState(RoomState.LIVE).chain(live -> contents
                .map(found -> (TemplateInstance) HomePage.of(live, searched, found.items().stream().map(HomeItem::of).toList(),
                        found.page(), found.pages(), found.total(), null))
                .onFailure(ProblemException.class).recoverWithItem(e -> HomePage.of(live, searched, List.of(), p, 0, 0,
                        "The catalog cannot be reached right now: " + e.getMessage())));
    }

    @GET
    @Path("posters/{contentId}")
    @Produces({"image/*", MediaType.APPLICATION_JSON})
    @Operation(summary = "A content's poster from the marketplace's catalog, or its placeholder (SVG)")
    public Uni<Response> poster(@PathParam("contentId") String contentId) {
        return catalog.poster(contentId).map(p -> {
            Response.ResponseBuilder answer = Response.ok(p.bytes(), p.mediaType()).header(HttpHeaders.CACHE_CONTROL, "public, max-age=300")
                    .header("X-Content-Type-Options", "nosniff");
            return (p.etag() == null ? answer : answer.header(HttpHeaders.ETAG, p.etag())).build();
        });
    }

    /** A page number from the address bar: anything that is not a small whole number is the first page. */
    static int pageNumber(String page) {
        try {
            int n = Integer.parseInt(page == null ? "0" : page.strip());
            return n < 0 || n > 10_000 ? 0 : n;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
