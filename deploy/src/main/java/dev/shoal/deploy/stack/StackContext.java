package dev.shoal.deploy.stack;

import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.process.Ports;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What a component needs to start: the checkout, this stack's state folder, the port allocator, the
 * endpoints of the components started before it, the JDK to run child JVMs with, and a place to say
 * what it is doing.
 */
public record StackContext(ShoalHome home, Path stateDir, Ports ports, Endpoints endpoints, Path javaHome,
                           Consumer<String> progress) {

    public Path dataDir(String component) {
        return stateDir.resolve(component);
    }

    public Path log(String component) {
        return stateDir.resolve("logs").resolve(component + ".log");
    }

    public Path java() {
        return javaHome.resolve("bin").resolve("java");
    }

    public void say(String message) {
        progress.accept(message);
    }
}
