package dev.shoal.deploy.stack;

import dev.shoal.deploy.LaunchException;
import dev.shoal.deploy.process.Ports;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL 17 from the binaries in Maven Central (zonky). Creates the {@code shoal} role and one
 * database per service that keeps state. The data folder survives restarts of the demo stack.
 */
public final class PostgresComponent implements Component {

    /** One database per service that keeps state; a service never reads another's. */
    public static final List<String> DATABASES = List.of("marketplace", "gateway");

    private EmbeddedPostgres postgres;
    private Path dataDir;
    private int port;

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public synchronized void reservePorts(StackContext context) {
        if (port == 0) {
            port = context.ports().take(name());
        }
    }

    @Override
    public void start(StackContext context) {
        reservePorts(context);
        Path data = context.dataDir(name());
        try {
            Files.createDirectories(data);
            Path log = context.log(name());
            Files.createDirectories(log.getParent());
            dataDir = data.resolve("data");
            postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDir)
                    .setOverrideWorkingDirectory(data.resolve("bin").toFile())
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(true)
                    .setServerConfig("listen_addresses", Ports.LOOPBACK)
                    .setServerConfig("max_connections", "200")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            createRoleAndDatabases();
        } catch (IOException | SQLException e) {
            throw new LaunchException("PostgreSQL did not start: " + e.getMessage() + " (log: " + context.log(name()) + ")", e);
        }
        context.endpoints().postgresPort(port);
    }

    private void createRoleAndDatabases() throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            if (!exists(statement, "select 1 from pg_roles where rolname = '" + Endpoints.DB_USER + "'")) {
                statement.execute("create role " + Endpoints.DB_USER + " login password '" + Endpoints.DB_PASSWORD + "'");
            }
            for (String database : DATABASES) {
                if (!exists(statement, "select 1 from pg_database where datname = '" + database + "'")) {
                    statement.execute("create database " + database + " owner " + Endpoints.DB_USER);
                }
            }
        }
    }

    private static boolean exists(Statement statement, String query) throws SQLException {
        try (ResultSet rows = statement.executeQuery(query)) {
            return rows.next();
        }
    }

    @Override
    public String url() {
        return "postgresql://" + Ports.LOOPBACK + ":" + port;
    }

    /** The postmaster's PID from postmaster.pid: pg_ctl, the process zonky started, daemonizes it and exits. */
    @Override
    public Optional<Long> pid() {
        if (postgres == null || dataDir == null) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Long> startedAtMillis() {
        return pid().flatMap(ProcessHandle::of).flatMap(h -> h.info().startInstant()).map(i -> i.toEpochMilli());
    }

    @Override
    public HealthProbe probe() {
        return new HealthProbe("postgres", jdbcUrl(port, DATABASES.get(0)));
    }

    /** The JDBC URL of one of the services' databases. */
    public static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port + "/" + database;
    }

    @Override
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                // close() runs pg_ctl stop; if that fails the process is killed by PID by the stack
            }
            postgres = null;
        }
    }
}
