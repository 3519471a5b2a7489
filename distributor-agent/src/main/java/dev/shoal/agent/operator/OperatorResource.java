package dev.shoal.agent.operator;

import dev.shoal.agent.AgentConfig;
import dev.shoal.agent.AgentRuntime;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;

/**
 * The operator's view of this agent from elsewhere: distributors (and admins) with a token of the marketplace's
 * realm. Segment serving stays public; the local CLI uses {@link LocalApiResource} with the data folder's token.
 */
@Path("/api/operator")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"distributor", "admin"})
public class OperatorResource {

    private final AgentConfig config;
    private final AgentRuntime runtime;

    public OperatorResource(AgentConfig config, AgentRuntime runtime) {
        this.config = config;
        this.runtime = runtime;
    }

    public record Status(String dataDir, long freeBytes, long totalBytes, String marketplace, String agent,
                         long quotaBytes, long usedBytes, long pinnedBytes, int segments, int contents) {
    }

    @GET
    @Path("/status")
    @Operation(summary = "Data folder, disk space, store figures and the marketplace this agent reports to")
    public Status status() throws IOException {
        java.nio.file.Path dir = config.agent().dataDir();
        Files.createDirectories(dir);
        FileStore disk = Files.getFileStore(dir);
        var s = runtime.store().stats();
        return new Status(dir.toString(), disk.getUsableSpace(), disk.getTotalSpace(),
                config.marketplace().url().orElse(null), runtime.key().address().toString(),
                s.quotaBytes(), s.usedBytes(), s.pinnedBytes(), s.segments(), runtime.catalog().manifests().size());
    }
}
