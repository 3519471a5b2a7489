package dev.shoal.marketplace.content;

import dev.shoal.contracts.directory.CatalogEntry;
import dev.shoal.contracts.directory.CatalogPage;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;


/**
 * Public: what is published, for players, gateways and any website's front end (CORS: {@code cors.PublicReads}). The
 * signed manifest is the creator's own statement of every segment's hash, so it is public by nature; whoever reads it
 * can (and should) verify it. Wire format: contracts' {@code directory} package.
 */
@Path("/api/catalog")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class CatalogResource {

    /** Posters may be replaced: browsers keep one for 5 minutes, then ask again with its ETag. */
    static final String POSTER_CACHE = "public, max-age=300";

    private final ContentService contents;
    private final ContentRepository repository;
    private final Posters posters;
    private final java.time.Clock clock;

    public CatalogResource(ContentService contents, ContentRepository repository, Posters posters, java.time.Clock clock) {
        this.clock = clock;
        this.contents = contents;
        this.repository = repository;
        this.posters = posters;
    }

    @GET
    @Operation(summary = "Published contents: words searched in titles and creator names (each a prefix), a creator "
            + "(address or name), sort newest|title|duration, page from 0, size 1..100 (24)")
    public Uni<CatalogPage> search(@QueryParam("q") String q, @QueryParam("creator") String creator, @QueryParam("sort") String sort,
                                   @QueryParam("page") String page, @QueryParam("size") String size) {
        CatalogQuery query = CatalogQuery.of(q, creator, sort, page, size);
        return contents.catalog(query).map(found -> CatalogPage.of(query.query(), query.creator(), query.sort(), query.page(),
                query.size(), found.total(), found.items()));
    }

    @GET
    @Path("/{contentId}")
    @Operation(summary = "A published content: title, creator's name and address, length, signed manifest and origins; an ad"
            + " fork with its original (forkOf) and forkState: CONSENTED, or LAPSED once the consent's term has ended")
    public Uni<CatalogEntry> one(@PathParam("contentId") String contentId) {
        return contents.published(contentId).chain(c -> {
            CatalogEntry entry = CatalogEntry.of(c.contentId, c.title, c.creator, c.totalBytes, c.manifest, contents.origins(c),
                    c.registeredAt.toString(), c.creatorShown(), c.durationSeconds());
            if (c.forkOf == null) {
                return Uni.createFrom().item(entry);
            }
            return repository.consentedForkTermEnd(c.contentId).map(end ->
                    entry.fork(c.forkOf, end != null && clock.instant().getEpochSecond() < end ? "CONSENTED" : "LAPSED"));
        });
    }

    @GET
    @Path("/{contentId}/poster")
    @Produces({"image/jpeg", "image/png", "image/webp", "image/svg+xml", MediaType.APPLICATION_JSON})
    @Operation(summary = "The content's poster (JPEG, PNG or WebP), or a placeholder (SVG) when its creator set none")
    public Uni<Response> poster(@PathParam("contentId") String contentId, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return contents.published(contentId).chain(c -> posters.of(contentId)).map(image -> {
            Response.ResponseBuilder answer = image.etag().equals(ifNoneMatch) ? Response.notModified()
                    : Response.ok(image.bytes(), image.mediaType());
            return answer.tag(new jakarta.ws.rs.core.EntityTag(image.etag().replace("\"", "")))
                    .header(HttpHeaders.CACHE_CONTROL, POSTER_CACHE).header("X-Content-Type-Options", "nosniff").build();
        });
    }
}
