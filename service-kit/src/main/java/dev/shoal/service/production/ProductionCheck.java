package dev.shoal.service.production;

import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of unsafe setting a service can report, each with a message that names the key, what is wrong
 * and the environment variable that fixes it (every key can also come from a file, see docs/operations.md).
 */
public final class ProductionCheck {

    /** Audits, settlement and payouts run per epoch: shorter epochs are the demo's, and cost gas every few seconds. */
    public static final Duration MINIMUM_EPOCH = Duration.ofHours(1);

    private final List<Refusal> refusals = new ArrayList<>();

    /** Refuses a private key anyone can sign with (the local chain's public accounts, see {@link DemoKeys}). */
    public ProductionCheck privateKey(String key, String hex) {
        parse(hex).filter(k -> DemoKeys.isPublic(k.address())).ifPresent(k -> refuse(key,
                "is a publicly known test key (address " + k.address() + "), anyone can sign with it",
                "set " + environmentVariable(key) + " to a key of your own, from a secret"));
        return this;
    }

    /** Refuses a key file that holds a publicly known key. */
    public ProductionCheck keyFile(String key, String path, SigningKey held) {
        if (DemoKeys.isPublic(held.address())) {
            refuse(key, "(" + path + ") holds a publicly known test key (address " + held.address() + ")",
                    "point " + environmentVariable(key) + " at a key of your own, or remove that file so a fresh key is made");
        }
        return this;
    }

    /** Refuses a shared secret that is missing, or is the public one of the dev and test profiles. */
    public ProductionCheck secret(String key, Optional<String> value, String publicValue, String why) {
        if (value.isEmpty() || value.get().isBlank()) {
            refuse(key, "is not set (" + why + ")", "set " + environmentVariable(key)
                    + " to the same fresh secret on every instance, from a secret (e.g. openssl rand -hex 32)");
        } else if (value.get().trim().equalsIgnoreCase(publicValue)) {
            refuse(key, "is the public value of the dev and test profiles (" + why + ")", "set " + environmentVariable(key)
                    + " to the same fresh secret on every instance, from a secret (e.g. openssl rand -hex 32)");
        }
        return this;
    }

    /** Refuses an OIDC client's secret that is missing, or is the one of the local realm (public in the repository). */
    public ProductionCheck clientSecret(String key, Optional<String> value, String localValue, String client) {
        String fix = "set " + environmentVariable(key) + " (or a secret file named " + key + ") to the secret of the Keycloak client "
                + client + " in your realm";
        if (value.isEmpty() || value.get().isBlank()) {
            refuse(key, "is not set (the service's own credential at Keycloak, client " + client + ")", fix);
        } else if (value.get().trim().equals(localValue)) {
            refuse(key, "is the local realm's secret of client " + client + ", public in the repository", fix);
        }
        return this;
    }

    /** Refuses a switch that only makes sense on a local chain or in a demo. */
    public ProductionCheck off(String key, boolean on, String why) {
        if (on) {
            refuse(key, "is on (" + why + ")", "set " + environmentVariable(key) + "=false");
        }
        return this;
    }

    /** Refuses a duration under a production minimum. */
    public ProductionCheck atLeast(String key, Duration value, Duration minimum) {
        if (value.compareTo(minimum) < 0) {
            refuse(key, "is " + human(value) + ", under the production minimum of " + human(minimum),
                    "set " + environmentVariable(key) + " to " + human(minimum) + " or more (e.g. " + environmentVariable(key) + "=" + human(minimum) + ")");
        }
        return this;
    }

    /** Refuses any value of a setting but the one production takes (enum constants compare as SmallRye reads them). */
    public ProductionCheck only(String key, String value, String safe, String why) {
        if (!spelled(value).equals(spelled(safe))) {
            refuse(key, "is " + spelled(value) + " (" + why + ")", "set " + environmentVariable(key) + "=" + spelled(safe));
        }
        return this;
    }

    public List<Refusal> refusals() {
        return List.copyOf(refusals);
    }

    /** Throws when anything was refused, with one line per setting. */
    public void enforce() {
        if (!refusals.isEmpty()) {
            throw new UnsafeSettingsException(refusals);
        }
    }

    /** The environment variable SmallRye Config reads for a key: upper case, anything else than letters and digits as _. */
    public static String environmentVariable(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private void refuse(String key, String problem, String fix) {
        refusals.add(new Refusal(key, problem, fix));
    }

    private static String spelled(String value) {
        return value.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Optional<SigningKey> parse(String hex) {
        try {
            return Optional.of(SigningKey.fromHex(hex));
        } catch (RuntimeException notAKey) {
            // not a key at all: the service's own start fails on it with its own message
            return Optional.empty();
        }
    }

    private static String human(Duration d) {
        if (d.toSeconds() % 3600 == 0) {
            return d.toHours() + "h";
        }
        if (d.toSeconds() % 60 == 0) {
            return d.toMinutes() + "m";
        }
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
