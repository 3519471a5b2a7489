package dev.shoal.contracts.replay;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link ReplayStore} in this JVM's memory; expired keys are pruned as new ones arrive. Thread-safe. */
public final class InMemoryReplayStore implements ReplayStore {

    private static final int PRUNE_EVERY = 4096;

    private final ConcurrentHashMap<String, ChainTip> tips = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Instant> seen = new ConcurrentHashMap<>();
    private final AtomicLong inserts = new AtomicLong();

    @Override
    public Optional<ChainTip> tip(String scope) {
        return Optional.ofNullable(tips.get(scope));
    }

    @Override
    public boolean advance(String scope, ChainTip expected, ChainTip next) {
        Objects.requireNonNull(next);
        if (expected == null) {
            return tips.putIfAbsent(scope, next) == null;
        }
        return tips.replace(scope, expected, next);
    }

    @Override
    public boolean rememberOnce(String scope, String key, Instant expiresAt, Instant now) {
        if (inserts.incrementAndGet() % PRUNE_EVERY == 0) {
            seen.values().removeIf(expiry -> !expiry.isAfter(now));
        }
        String k = scope + '\n' + key;
        boolean[] fresh = {false};
        seen.compute(k, (ignored, old) -> {
            if (old == null || !old.isAfter(now)) {
                fresh[0] = true;
                return expiresAt;
            }
            return old;
        });
        return fresh[0];
    }

    /** Keys currently remembered (for tests and metrics). */
    public int rememberedKeys() {
        return seen.size();
    }
}
