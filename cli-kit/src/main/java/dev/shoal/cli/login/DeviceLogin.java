package dev.shoal.cli.login;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Signs a person in from a command line with the OAuth 2.0 device authorization grant (RFC 8628): shows them a URL
 * and a code to enter in any browser, then polls the token endpoint until they approve. Asks for {@code
 * offline_access}, so the refresh token outlives the browser session and a daemon can keep using it.
 */
public final class DeviceLogin {

    public static final String SCOPE = "openid offline_access";

    /** How a command line waits between polls (the tests' waits are shorter). */
    public interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final IdentityProvider provider;
    private final Clock clock;
    private final Pause pause;

    public DeviceLogin(IdentityProvider provider) {
        this(provider, Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()));
    }

    public DeviceLogin(IdentityProvider provider, Clock clock, Pause pause) {
        this.provider = provider;
        this.clock = clock;
        this.pause = pause;
    }

    /** Starts the login, hands {@code show} what to tell the person, and returns the tokens once they approved. */
    public Tokens run(Consumer<DeviceAuthorization> show) {
        DeviceAuthorization device = provider.startDeviceLogin(SCOPE);
        show.accept(device);
        long deadline = clock.millis() + Duration.ofSeconds(device.expiresInSeconds()).toMillis();
        Duration interval = Duration.ofSeconds(Math.max(1, device.intervalSeconds()));
        while (clock.millis() < deadline) {
            try {
                pause.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LoginException(LoginException.Reason.REFUSED, "interrupted while waiting for the sign-in", e);
            }
            IdentityProvider.DevicePoll poll = provider.pollDeviceLogin(device);
            if (poll.done()) {
                return poll.tokens();
            }
            if (poll.slowDown()) {
                interval = interval.plusSeconds(5);
            }
        }
        throw new LoginException(LoginException.Reason.EXPIRED_TOKEN, "the code expired before it was entered: start again");
    }
}
