package dev.shoal.deploy.stack;

import dev.shoal.deploy.process.Probe;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * How to tell from the outside whether a component answers. Recorded in the stack's state file so
 * that {@code shoal status}, a different process, checks exactly what the launcher waited for.
 *
 * @param kind   http (GET answers 200), jsonrpc (eth_chainId answers), kafka (ApiVersions answers), postgres (SELECT 1 answers)
 * @param target URL, or host:port
 */
public record HealthProbe(String kind, String target) {

    public static HealthProbe http(String url) {
        return new HealthProbe("http", url);
    }

    public boolean check() {
        return switch (kind) {
            case "http" -> Probe.getStatus(target).map(status -> status == 200).orElse(false);
            case "jsonrpc" -> AnvilComponent.chainId(target).isPresent();
            case "kafka" -> {
                String[] hostPort = target.split(":");
                yield KafkaComponent.apiVersionsAnswered(hostPort[0], Integer.parseInt(hostPort[1]));
            }
            case "postgres" -> postgresAnswers(target);
            default -> false;
        };
    }

    private static boolean postgresAnswers(String jdbcUrl) {
        Properties credentials = new Properties();
        credentials.setProperty("user", Endpoints.DB_USER);
        credentials.setProperty("password", Endpoints.DB_PASSWORD);
        credentials.setProperty("connectTimeout", "2");
        try (Connection connection = DriverManager.getConnection(jdbcUrl, credentials)) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
