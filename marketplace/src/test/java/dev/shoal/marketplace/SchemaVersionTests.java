package dev.shoal.marketplace;

import dev.shoal.marketplace.health.DatabaseReadiness;
import dev.shoal.service.health.SchemaReadiness;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness expects the newest migration: keep the constant in step with the files. */
class SchemaVersionTests {

    @Test
    void readinessExpectsTheNewestMigration() throws Exception {
        assertThat(DatabaseReadiness.SCHEMA_VERSION)
                .isEqualTo(SchemaReadiness.newestMigrationIn(Path.of("src/main/resources/db/migration")));
    }
}
