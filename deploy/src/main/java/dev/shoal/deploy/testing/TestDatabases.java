package dev.shoal.deploy.testing;

import dev.shoal.deploy.LaunchException;
import dev.shoal.deploy.stack.Endpoints;
import dev.shoal.deploy.stack.PostgresComponent;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * Databases of one test class on the shared PostgreSQL of a test JVM: created empty (Flyway migrates them when the
 * application starts) and dropped when the class is done, so no test sees the rows another one left.
 */
public final class TestDatabases {

    /** The embedded PostgreSQL's superuser, trusted on loopback (zonky's default). */
    private static final String SUPERUSER = "postgres";

    private TestDatabases() {
    }

    /** A new empty database owned by the services' role, named {@code prefix_<random>}. */
    public static String create(Endpoints endpoints, String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)).toLowerCase(Locale.ROOT);
        run(endpoints, "create database " + name + " owner " + Endpoints.DB_USER);
        return name;
    }

    /** Drops it, closing whatever connections are still open to it. */
    public static void drop(Endpoints endpoints, String name) {
        run(endpoints, "drop database if exists " + name + " with (force)");
    }

    private static void run(Endpoints endpoints, String statement) {
        try (Connection admin = DriverManager.getConnection(PostgresComponent.jdbcUrl(endpoints.postgresPort(), "postgres"), SUPERUSER, "");
             Statement sql = admin.createStatement()) {
            sql.execute(statement);
        } catch (SQLException e) {
            throw new LaunchException("PostgreSQL refused `" + statement + "`: " + e.getMessage(), e);
        }
    }
}
