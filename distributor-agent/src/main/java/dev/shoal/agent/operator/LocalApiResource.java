package dev.shoal.agent.operator;

import dev.shoal.agent.AgentRuntime;
import dev.shoal.agent.content.ContentCatalog;
import dev.shoal.agent.fetch.FetchService;
import dev.shoal.agent.store.ByteSize;
import dev.shoal.agent.store.DiskStore;
import dev.shoal.agent.store.SegmentIds;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * What the {@code distributor-agent} CLI drives: status, quota, pins, fetches, uploads. Every call carries the
 * operator token from the data folder ({@link OperatorToken#HEADER}).
 */
@Path("/api/local")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class LocalApiResource {

    private final AgentRuntime runtime;
    private final FetchService fetches;
    private final AgentStatus status;

    public LocalApiResource(AgentRuntime runtime, FetchService fetches, AgentStatus status) {
        this.runtime = runtime;
        this.fetches = fetches;
        this.status = status;
    }

    public record QuotaChange(String quota) {
    }

    public record QuotaResult(long quotaBytes, int evicted, long freedBytes, long usedBytes, boolean overQuotaByPins,
                              String note) {
    }

    public record PinResult(String contentId, boolean pinned, List<ContentCatalog.Pin> pins) {
    }

    public record Stored(String sha256, boolean created) {
    }

    @GET
    @Path("/status")
    @Operation(summary = "Disk, store, contents, pins, bytes served, fetches and the marketplace link")
    public AgentStatus.Snapshot status(@HeaderParam(OperatorToken.HEADER) String token) {
        runtime.token().check(token);
        return status.snapshot();
    }

    @PUT
    @Path("/quota")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the store's quota now; evicts least recently requested unpinned segments down to it")
    public QuotaResult quota(@HeaderParam(OperatorToken.HEADER) String token, QuotaChange change) {
        runtime.token().check(token);
        long bytes;
        try {
            bytes = ByteSize.parse(change == null ? null : change.quota());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, e.getMessage());
        }
        DiskStore.EvictionReport r = runtime.quota(bytes);
        return new QuotaResult(bytes, r.evicted(), r.freedBytes(), r.usedBytes(), r.overQuotaByPins(),
                r.overQuotaByPins() ? "pinned segments alone exceed the new quota: they stay, and new data is refused"
                        + " until pins end or the quota grows" : null);
    }

    @POST
    @Path("/pins/{content}")
    @Operation(summary = "Pin a content: its segments are never evicted")
    public PinResult pin(@HeaderParam(OperatorToken.HEADER) String token, @PathParam("content") String content) {
        runtime.token().check(token);
        Sha256 id = SegmentIds.parseContent(content);
        runtime.catalog().pin(id, ContentCatalog.Pin.operator());
        return pins(id);
    }

    @DELETE
    @Path("/pins/{content}")
    @Operation(summary = "Remove the operator's pin (pins of active deals stay)")
    public PinResult unpin(@HeaderParam(OperatorToken.HEADER) String token, @PathParam("content") String content) {
        runtime.token().check(token);
        Sha256 id = SegmentIds.parseContent(content);
        runtime.catalog().unpinOperator(id);
        return pins(id);
    }

    private PinResult pins(Sha256 id) {
        return new PinResult(id.hex(), runtime.catalog().isPinned(id), runtime.catalog().pins().getOrDefault(id, List.of()));
    }

    @POST
    @Path("/fetches")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Fetch a content (or part of it) from up to 8 sources at once, in the background")
    public Response fetch(@HeaderParam(OperatorToken.HEADER) String token, FetchService.Request request) {
        runtime.token().check(token);
        if (request == null) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "a fetch needs a body: manifest, sources");
        }
        FetchService.Progress p = fetches.start(request, null);
        return Response.accepted(p).header("Location", "/api/local/fetches/" + p.id()).build();
    }

    @GET
    @Path("/fetches/{id}")
    public FetchService.Progress fetchProgress(@HeaderParam(OperatorToken.HEADER) String token, @PathParam("id") String id) {
        runtime.token().check(token);
        return fetches.progress(id);
    }

    @DELETE
    @Path("/fetches/{id}")
    public Response cancel(@HeaderParam(OperatorToken.HEADER) String token, @PathParam("id") String id) {
        runtime.token().check(token);
        fetches.progress(id);
        fetches.cancel(id);
        return Response.noContent().build();
    }

    @POST
    @Path("/contents")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Keep a signed manifest (verified) without fetching, e.g. before uploading its segments")
    public Response addContent(@HeaderParam(OperatorToken.HEADER) String token, String json) {
        runtime.token().check(token);
        SignedManifest m = FetchService.verify(json);
        runtime.catalog().add(m);
        return Response.status(201).entity(runtime.catalog().holding(m.contentId(), runtime.store())).build();
    }

    @PUT
    @Path("/segments/{sha256}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Upload one segment (a live origin's encoder output); refused unless its bytes hash to the id")
    public Response upload(@HeaderParam(OperatorToken.HEADER) String token, @PathParam("sha256") String sha256,
                           InputStream body) throws IOException {
        runtime.token().check(token);
        Sha256 id = SegmentIds.parse(sha256);
        try (InputStream in = body) {
            boolean created = runtime.store().put(id, in, runtime.config().agent().maxSegmentBytes(),
                    runtime.catalog().mediaType(id));
            return Response.status(created ? 201 : 200).entity(new Stored(id.hex(), created)).build();
        }
    }
}
