package dev.shoal.deploy.creator;

import java.nio.file.Path;

/**
 * Where the creator's command line keeps its sign-in: {@code $SHOAL_CONFIG}, else {@code $XDG_CONFIG_HOME/shoal},
 * else {@code ~/.config/shoal}. The login file is the person's credential (mode 0600, see cli-kit's StoredLogin).
 */
public record CreatorHome(Path dir) {

    public static final String ENV = "SHOAL_CONFIG";
    public static final String LOGIN_FILE = "login.json";

    /** The same as {@link #ENV}, as a system property (it wins): for a test, or a wrapper script. */
    public static final String PROPERTY = "shoal.config";

    public static CreatorHome locate() {
        String configured = System.getProperty(PROPERTY, System.getenv(ENV));
        if (configured != null && !configured.isBlank()) {
            return new CreatorHome(Path.of(configured).toAbsolutePath());
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return new CreatorHome(base.resolve("shoal").toAbsolutePath());
    }

    public Path loginFile() {
        return dir.resolve(LOGIN_FILE);
    }
}
