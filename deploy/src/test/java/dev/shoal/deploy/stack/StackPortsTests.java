package dev.shoal.deploy.stack;

import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.process.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** With fixed ports, each component gets the same port every run, whatever order its phase's parallel starts take. */
class StackPortsTests {

    /** Takes its port when it starts; {@code after}, if given, must have started first. */
    private static final class Listener implements Component {
        private final String name;
        private final CountDownLatch started = new CountDownLatch(1);
        private final Listener after;
        private int port;

        Listener(String name, Listener after) {
            this.name = name;
            this.after = after;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public synchronized void reservePorts(StackContext context) {
            if (port == 0) {
                port = context.ports().take(name);
            }
        }

        @Override
        public void start(StackContext context) {
            try {
                if (after != null && !after.started.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError(after.name + " never started");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            reservePorts(context);
            started.countDown();
        }

        @Override
        public String url() {
            return "http://" + Ports.LOOPBACK + ":" + port;
        }

        @Override
        public Optional<Long> pid() {
            return Optional.empty();
        }

        @Override
        public HealthProbe probe() {
            return HealthProbe.http(url());
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void aPhaseStartedInAnyOrderKeepsTheDeclaredPortOrder(@TempDir Path state) {
        int base = freeRange();
        Listener second = new Listener("second", null);
        Listener first = new Listener("first", second); // declared first, starts after "second"
        Stack stack = new Stack(Stacks.context(ShoalHome.locate(), state, base, message -> { }), List.of(List.of(first, second)));
        try {
            stack.start();
        } finally {
            stack.stop();
        }
        assertThat(first.port).isEqualTo(base);
        assertThat(second.port).isEqualTo(base + 1);
    }

    private static int freeRange() {
        for (int base = 47_000; base < 60_000; base += 10) {
            if (Ports.isFree(base) && Ports.isFree(base + 1)) {
                return base;
            }
        }
        throw new AssertionError("no two free loopback ports in a row");
    }
}
