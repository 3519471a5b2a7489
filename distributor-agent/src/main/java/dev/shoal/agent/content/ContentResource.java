package dev.shoal.agent.content;

import dev.shoal.agent.AgentRuntime;
import dev.shoal.agent.store.SegmentIds;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.playlist.PlaylistWriter;
import dev.shoal.contracts.playlist.SegmentUriTemplate;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

/**
 * The contents this agent holds, for players and other agents: the signed manifest (so a fetching agent can
 * verify it) and HLS playlists generated from it, never copied from anyone. Segment URIs are relative
 * ({@code ../../segments/<sha256>.<ext>}), so the playlists work behind any host name.
 */
@Path("/contents")
public class ContentResource {

    public static final String M3U8 = "application/vnd.apple.mpegurl";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final AgentRuntime runtime;

    public ContentResource(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    public record Listed(String contentId, String title, int segments, int segmentsHeld, boolean complete) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Contents whose manifest this agent holds, and how much of each")
    public List<Listed> list() {
        ContentCatalog catalog = runtime.catalog();
        return catalog.manifests().stream().map(m -> catalog.holding(m.contentId(), runtime.store()))
                .map(h -> new Listed(h.contentId().hex(), h.title(), h.segments(), h.segmentsHeld(), h.complete())).toList();
    }

    @GET
    @Path("/{content}/manifest.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response manifest(@PathParam("content") String content) {
        return Response.ok(held(content).toJson()).header("Cache-Control", IMMUTABLE).build();
    }

    @GET
    @Path("/{content}/master.m3u8")
    @Produces(M3U8)
    public Response master(@PathParam("content") String content) {
        Manifest m = held(content).manifest();
        return playlist(PlaylistWriter.master(m, r -> r.name() + ".m3u8"));
    }

    @GET
    @Path("/{content}/{rendition}.m3u8")
    @Produces(M3U8)
    public Response media(@PathParam("content") String content, @PathParam("rendition") String rendition) {
        Manifest m = held(content).manifest();
        Rendition r = m.renditions().stream().filter(x -> x.name().equals(rendition)).findFirst()
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "content " + m.contentId().hex()
                        + " has no rendition '" + rendition + "'"));
        return playlist(PlaylistWriter.media(m, r, SegmentUriTemplate.defaultAt("../..")));
    }

    private SignedManifest held(String content) {
        Sha256 id = SegmentIds.parseContent(content);
        return runtime.catalog().require(id);
    }

    private static Response playlist(String text) {
        return Response.ok(text, M3U8).header("Cache-Control", IMMUTABLE).build();
    }
}
