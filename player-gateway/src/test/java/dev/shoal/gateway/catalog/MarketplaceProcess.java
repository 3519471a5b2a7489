package dev.shoal.gateway.catalog;

import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.stack.Component;
import dev.shoal.deploy.stack.Stack;
import dev.shoal.deploy.stack.Stacks;
import dev.shoal.deploy.testing.RealServices;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real marketplace (its packaged jar, as the demo runs it) on the test JVM's real infrastructure, for the gateway
 * under test to call; the test stops it and starts it again, on the same address, to play an outage.
 */
public class MarketplaceProcess implements QuarkusTestResourceLifecycleManager {

    private static Stack stack;

    @Override
    public Map<String, String> start() {
        try {
            Path state = Files.createTempDirectory("shoal-gateway-marketplace");
            stack = Stacks.marketplace(Stacks.context(ShoalHome.locate(), state, null, m -> System.out.println("[marketplace] " + m)),
                    RealServices.endpoints());
            stack.start();
            return Map.of("shoal.marketplace.url", marketplace().url());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (stack != null) {
            stack.stop();
        }
    }

    static Component marketplace() {
        return stack.components().get(0);
    }

    public static String url() {
        return marketplace().url();
    }

    /** The marketplace goes away: its process stops. */
    static void down() {
        marketplace().stop();
    }

    /** The marketplace comes back on the same address (its state is in PostgreSQL and the chain). */
    static void up() {
        marketplace().start(stack.context());
    }
}
