package dev.shoal.gateway.tips;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

/** A content's tips over time, for the creator's chart. Public, like the tips on chain it sums. */
@Path("/api/contents/{contentId}/tips")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class ContentTipsResource {

    private final TipSeries tips;

    public ContentTipsResource(TipSeries tips) {
        this.tips = tips;
    }

    @GET
    @Path("/series")
    @Operation(summary = "Tips per UTC hour or day since a time (default: the last 48 hours or 30 days), empty buckets included")
    public Uni<List<TipSeries.SeriesPoint>> series(@PathParam("contentId") String contentId, @QueryParam("bucket") String bucket,
                                                    @QueryParam("since") String since) {
        return tips.series(contentId, bucket, since);
    }
}
