package dev.shoal.agent.operator;

import dev.shoal.agent.AgentConfig;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.FileStore;

/** The operator's view of this agent. Distributors (and admins) only; segment serving stays public. */
@Path("/api/operator")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"distributor", "admin"})
public class OperatorResource {

    private final AgentConfig config;

    public OperatorResource(AgentConfig config) {
        this.config = config;
    }

    public record Status(String dataDir, long freeBytes, long totalBytes, String marketplace) {
    }

    @GET
    @Path("/status")
    @Operation(summary = "Data folder, disk space and the marketplace this agent reports to")
    public Status status() throws IOException {
        java.nio.file.Path dir = config.agent().dataDir();
        Files.createDirectories(dir);
        FileStore disk = Files.getFileStore(dir);
        return new Status(dir.toString(), disk.getUsableSpace(), disk.getTotalSpace(),
                config.marketplace().map(AgentConfig.Marketplace::url).orElse(null));
    }
}
