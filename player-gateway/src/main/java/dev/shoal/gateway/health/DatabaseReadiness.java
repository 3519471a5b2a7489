package dev.shoal.gateway.health;

import dev.shoal.service.health.SchemaReadiness;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Readiness;
import org.hibernate.reactive.mutiny.Mutiny;

/** The gateway database answers through Hibernate Reactive and carries the newest migration. */
@Readiness
@Singleton
public class DatabaseReadiness extends SchemaReadiness {

    /** The newest file in src/main/resources/db/migration; a test keeps the two in step. */
    public static final String SCHEMA_VERSION = "10";

    public DatabaseReadiness(Mutiny.SessionFactory sessions) {
        super(SCHEMA_VERSION, () -> sessions.withSession(session -> session
                .createNativeQuery("select version from flyway_schema_history where success order by installed_rank desc limit 1", String.class)
                .getSingleResultOrNull()));
    }
}
