package dev.shoal.deploy.stack;

import dev.shoal.deploy.LaunchException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Locations of the run-time payloads that Maven resolved when this module was built: the Kafka
 * broker's class path and the Keycloak distribution zip (see deploy/pom.xml).
 */
final class Payloads {

    private Payloads() {
    }

    static String kafkaClasspath() {
        return read("shoal/kafka.classpath");
    }

    static String keycloakZip() {
        return read("shoal/keycloak.classpath");
    }

    private static String read(String resource) {
        try (InputStream in = Payloads.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new LaunchException(resource + " is missing from the deploy module: rebuild it (./shoal build)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new LaunchException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }
}
