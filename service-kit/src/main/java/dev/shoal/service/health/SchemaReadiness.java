package dev.shoal.service.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.util.function.Supplier;

/**
 * Ready when the service's own database answers through Hibernate Reactive and its schema is at the
 * migration the build expects. The subclass supplies the query (it owns the session factory).
 */
public abstract class SchemaReadiness implements AsyncHealthCheck {

    private final String expectedVersion;
    private final Supplier<Uni<? extends String>> appliedVersion;

    /**
     * @param expectedVersion the newest migration version shipped in db/migration
     * @param appliedVersion  reads the newest successfully applied version from flyway_schema_history
     */
    protected SchemaReadiness(String expectedVersion, Supplier<Uni<? extends String>> appliedVersion) {
        this.expectedVersion = expectedVersion;
        this.appliedVersion = appliedVersion;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().deferred(appliedVersion)
                .map(applied -> HealthCheckResponse.named("database").status(expectedVersion.equals(applied))
                        .withData("schemaVersion", String.valueOf(applied)).withData("expectedVersion", expectedVersion).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("database").down()
                        .withData("error", String.valueOf(failure.getMessage())).build());
    }

    /** The newest version among the Flyway files V&lt;n&gt;__*.sql in a folder (tests compare it with the readiness constant). */
    public static String newestMigrationIn(java.nio.file.Path folder) throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .max(Integer::compare)
                    .map(String::valueOf)
                    .orElseThrow(() -> new java.io.IOException("no migrations in " + folder));
        }
    }
}
