package dev.shoal.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where this checkout of Shoal lives and where it keeps its state. Everything the launcher writes
 * goes under {@code <root>/.shoal} (git-ignored).
 */
public record ShoalHome(Path root) {

    // not "shoal.root": the services' @ConfigMapping(prefix = "shoal") rejects unknown shoal.* keys,
    // and tests run the services in the JVM that carries these properties
    public static final String ROOT_PROPERTY = "shoal-root";
    public static final String STATE_PROPERTY = "shoal-state";

    /** The root from {@code -Dshoal-root}, {@code SHOAL_ROOT}, or the nearest folder above the working directory holding the {@code shoal} script. */
    public static ShoalHome locate() {
        String configured = System.getProperty(ROOT_PROPERTY, System.getenv("SHOAL_ROOT"));
        if (configured != null && !configured.isBlank()) {
            return new ShoalHome(Path.of(configured).toAbsolutePath().normalize());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("shoal")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return new ShoalHome(dir);
            }
        }
        throw new LaunchException("cannot find the Shoal checkout: run from inside it or set SHOAL_ROOT");
    }

    /** {@code <root>/.shoal}, or {@code -Dshoal-state} / {@code SHOAL_STATE} (tests run stacks in folders of their own). */
    public Path stateDir() {
        String configured = System.getProperty(STATE_PROPERTY, System.getenv("SHOAL_STATE"));
        return configured == null || configured.isBlank() ? root.resolve(".shoal") : Path.of(configured).toAbsolutePath();
    }

    /** Unpacked distributions shared by every stack of this checkout (Keycloak), whatever its state folder. */
    public Path distDir() {
        return root.resolve(".shoal").resolve("dist");
    }

    /** The project's npm tools (anvil, solcjs, ...), installed by the build into tools/node_modules. */
    public Path nodeModules() {
        return root.resolve("tools").resolve("node_modules");
    }

    /** The runnable jar a Quarkus module's build leaves behind. */
    public Path serviceJar(String module) {
        return root.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }
}
