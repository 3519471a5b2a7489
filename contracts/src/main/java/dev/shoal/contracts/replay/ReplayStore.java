package dev.shoal.contracts.replay;

import dev.shoal.contracts.hash.Sha256;

import java.time.Instant;
import java.util.Optional;

/**
 * What verifiers remember to refuse replays. Swappable: the in-memory store serves one process; a service
 * running several instances backs this with PostgreSQL or Redis. Scopes are opaque strings chosen by verifiers.
 */
public interface ReplayStore {

    /** The last accepted position of a chain (a live stream's rendition). */
    record ChainTip(long index, Sha256 link) {
    }

    Optional<ChainTip> tip(String scope);

    /**
     * Moves the tip of {@code scope} from {@code expected} (null: no tip yet) to {@code next}, atomically.
     * Returns false when another caller moved it first.
     */
    boolean advance(String scope, ChainTip expected, ChainTip next);

    /**
     * Remembers {@code key} in {@code scope} until {@code expiresAt}. Returns false when it is already remembered
     * and not expired at {@code now}: the caller is seeing it a second time.
     */
    boolean rememberOnce(String scope, String key, Instant expiresAt, Instant now);
}
